package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.classify.Expressions;
import io.leasehold.dhcp.classify.Expression;
import io.leasehold.dhcp.classify.ExpressionException;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.config.ClientClass;
import io.leasehold.dhcp.config.OptionDefinitions;
import io.leasehold.dhcp.engine.QueryContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kea's client classification: {@code ALL}, {@code VENDOR_CLASS_<option 60>}, hook classes (HA), then configured
 * classes in configuration order, each test seeing the classes assigned before it. Classes whose test depends
 * (directly or through other classes) on {@code KNOWN}/{@code UNKNOWN} are evaluated after the host reservation
 * lookup; {@code only-if-required} classes only when a subnet or pool requires them.
 */
public final class Classifier {
    /** A class with its compiled test (null for a class without one). */
    record Compiled(ClientClass config, Expression test, boolean late) {
    }

    private final List<Compiled> early = new ArrayList<>();
    private final List<Compiled> late = new ArrayList<>();
    private final Map<String, Compiled> byName = new HashMap<>();

    /**
     * Compiles every test.
     *
     * @throws IllegalArgumentException naming the class when a test does not parse or refers to a class defined
     *                                  later
     */
    Classifier(List<ClientClass> classes, OptionDefinitions defs) {
        Set<String> lateNames = new HashSet<>();
        Set<String> defined = new HashSet<>(Set.of("ALL", "KNOWN", "UNKNOWN", "DROP", "BOOTP"));
        for (ClientClass c : classes) {
            Expression e = null;
            if (!c.test().isEmpty()) {
                try {
                    e = Expressions.parse(c.test(), name -> defs.find(OptionDefinitions.DHCP4, name)
                            .map(d -> d.code()).orElse(-1));
                } catch (ExpressionException ex) {
                    throw new IllegalArgumentException("client class '" + c.name() + "': test '" + c.test()
                            + "': " + ex.getMessage(), ex);
                }
                for (String ref : e.referencedClasses()) {
                    if (!defined.contains(ref) && !ref.startsWith("HA_") && !ref.startsWith("VENDOR_CLASS_")) {
                        throw new IllegalArgumentException("client class '" + c.name() + "' refers to class '" + ref
                                + "', which is not defined before it");
                    }
                }
            }
            boolean isLate = e != null && (e.referencedClasses().contains("KNOWN")
                    || e.referencedClasses().contains("UNKNOWN")
                    || e.referencedClasses().stream().anyMatch(lateNames::contains));
            if (isLate) {
                lateNames.add(c.name());
            }
            Compiled comp = new Compiled(c, e, isLate);
            byName.put(c.name(), comp);
            if (!c.onlyIfRequired()) {
                (isLate ? late : early).add(comp);
            }
            defined.add(c.name());
        }
    }

    ClientClass find(String name) {
        Compiled c = byName.get(name);
        return c == null ? null : c.config();
    }

    /** Adds the built-in classes (ALL, VENDOR_CLASS_..., BOOTP), in assignment order, to the (empty) set. */
    static ClassSet builtIn(DhcpMessage query, ClassSet classes) {
        classes.add("ALL");
        String vendor = query.vendorClass();
        if (vendor != null && !vendor.isEmpty()) {
            classes.add("VENDOR_CLASS_" + vendor);
        }
        if (query.isBootp()) {
            classes.add("BOOTP");
        }
        return classes;
    }

    /** Adds the early configured classes (after the built-in and hook classes already in {@code classes}). */
    void classifyEarly(DhcpMessage query, QueryContext ctx, Set<String> classes) {
        if (!early.isEmpty()) {
            evaluate(early, new QueryView(query, ctx), classes);
        }
    }

    /** Whether no class is configured (then {@link #find} answers null for every name). */
    boolean noneConfigured() {
        return byName.isEmpty();
    }

    /** Adds KNOWN or UNKNOWN and evaluates the classes that depend on them. */
    void classifyLate(DhcpMessage query, QueryContext ctx, Set<String> classes, boolean known) {
        classes.add(known ? "KNOWN" : "UNKNOWN");
        if (!late.isEmpty()) {
            evaluate(late, new QueryView(query, ctx), classes);
        }
    }

    /** Evaluates required ({@code only-if-required}) classes named by a subnet or pool. */
    void classifyRequired(DhcpMessage query, QueryContext ctx, Set<String> classes, List<String> required) {
        if (required.isEmpty()) {
            return;
        }
        QueryView view = new QueryView(query, ctx);
        for (String name : required) {
            Compiled c = byName.get(name);
            if (c != null && !classes.contains(name) && (c.test() == null || c.test().test(view, classes::contains))) {
                classes.add(name);
            }
        }
    }

    private static void evaluate(List<Compiled> list, QueryView view, Set<String> classes) {
        for (Compiled c : list) {
            if (c.test() != null && c.test().test(view, classes::contains)) {
                classes.add(c.config().name());
            }
        }
    }
}
