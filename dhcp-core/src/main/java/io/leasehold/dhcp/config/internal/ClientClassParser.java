package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.classify.Expressions;
import io.leasehold.dhcp.config.ClientClass;
import io.leasehold.dhcp.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code client-classes}. The test expression stays text (the engine compiles it); here it is only checked for
 * balanced quotes and parentheses, and {@code member('X')} must name a built-in class or one defined earlier, as
 * Kea requires.
 */
final class ClientClassParser {
    /** Built-in classes whose definition may attach options but not a test. */
    private static final Set<String> FIXED_BUILT_INS = Set.of("ALL", "KNOWN", "UNKNOWN", "BOOTP");
    private static final String[] BUILT_IN_PREFIXES = {"VENDOR_CLASS_", "HA_", "AFTER_", "EXTERNAL_"};
    private static final Pattern MEMBER = Pattern.compile("member\\s*\\(\\s*'([^']*)'\\s*\\)");

    private ClientClassParser() {
    }

    static List<ClientClass> parse(List<Node> entries, ParseContext ctx) throws ConfigException {
        List<ClientClass> out = new ArrayList<>();
        for (Node entry : entries) {
            out.add(parseOne(MapReader.of(entry, "client-classes entry"), ctx));
        }
        return out;
    }

    private static ClientClass parseOne(MapReader m, ParseContext ctx) throws ConfigException {
        m.unsupported("template-test", "template classes (Kea 2.4+) are not implemented");
        m.unsupported("option-def", "option definitions inside a client class are not implemented; use the global "
                + "option-def");
        Node nameNode = m.require("name");
        String name = Values.string(nameNode).trim();
        if (name.isEmpty()) {
            throw nameNode.error("client class name must not be empty");
        }
        if (ctx.classNames.contains(name)) {
            throw nameNode.error("client class '" + name + "' is already defined");
        }
        Node testNode = m.get("test");
        String test = testNode == null ? "" : Values.string(testNode).trim();
        if (!test.isEmpty()) {
            if (FIXED_BUILT_INS.contains(name)) {
                throw testNode.error("built-in class '" + name + "' cannot have a test expression");
            }
            checkExpression(testNode, test, ctx);
        }
        Node onlyIfRequired = m.get("only-if-required");
        Node additional = m.get("only-in-additional-list");
        if (onlyIfRequired != null && additional != null) {
            throw additional.error("only-if-required and only-in-additional-list (its Kea 3.0 name) are both set");
        }
        boolean required = onlyIfRequired != null ? Values.bool(onlyIfRequired)
                : additional != null && Values.bool(additional);
        Node nextServer = m.get("next-server");
        ClientClass c = new ClientClass(name, test, required, OptionDataParser.parse(m, ctx),
                nextServer == null ? 0 : Values.ipv4(nextServer),
                m.string("server-hostname", ""), m.string("boot-file-name", ""),
                LifetimeParser.parse(m), m.userContext());
        m.finish();
        ctx.classNames.add(name);
        return c;
    }

    private static void checkExpression(Node node, String test, ParseContext ctx) throws ConfigException {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < test.length(); i++) {
            char c = test.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && --depth < 0) {
                throw node.error("expression '" + test + "' has an unmatched ')' at character " + (i + 1));
            }
        }
        if (quoted) {
            throw node.error("expression '" + test + "' has an unterminated string");
        }
        if (depth != 0) {
            throw node.error("expression '" + test + "' has an unclosed '('");
        }
        try {
            io.leasehold.dhcp.classify.Expressions.parse(test, n -> ctx.definitions
                    .find(io.leasehold.dhcp.config.OptionDefinitions.DHCP4, n).map(d -> d.code()).orElse(-1));
        } catch (io.leasehold.dhcp.classify.ExpressionException e) {
            throw node.error("expression '" + test + "': " + e.getMessage());
        }
        Matcher member = MEMBER.matcher(test);
        while (member.find()) {
            String referenced = member.group(1);
            if (!isBuiltIn(referenced) && !ctx.classNames.contains(referenced)) {
                throw node.error("expression refers to client class '" + referenced
                        + "', which is not built in and not defined before this class");
            }
        }
    }

    static boolean isBuiltIn(String name) {
        if (FIXED_BUILT_INS.contains(name) || name.equals("DROP") || name.equals("SKIP_DDNS")) {
            return true;
        }
        for (String prefix : BUILT_IN_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
