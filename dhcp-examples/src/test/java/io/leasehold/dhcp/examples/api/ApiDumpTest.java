package io.leasehold.dhcp.examples.api;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each published module's public API (the exported packages of its module-info: public types and their public and
 * protected members, with generic signatures) equals the checked-in dump {@code MODULE/api/MODULE.api}, so that an
 * API change is a deliberate, reviewed diff. After an intended change, regenerate the dumps with
 * {@code mvn -pl dhcp-examples verify -Dtest=ApiDumpTest -Dleasehold.api.update=true} and commit them.
 */
class ApiDumpTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** The published modules; dhcp-examples and benchmarks are applications, not APIs. */
    static final List<String> MODULES = List.of("dhcp-core", "dhcp-ha", "dhcp-store-memfile", "dhcp-testing",
            "dhcp-spi-tests", "dhcp-store-sql");

    @TestFactory
    Stream<DynamicTest> publicApiMatchesTheCheckedInDump() {
        return MODULES.stream().map(m -> DynamicTest.dynamicTest(m, () -> check(m)));
    }

    private static void check(String module) throws Exception {
        Path classes = ROOT.resolve(module).resolve("target/classes");
        assertTrue(Files.isRegularFile(classes.resolve("module-info.class")), module + " has no module-info");
        String actual = dump(classes);
        Path file = ROOT.resolve(module).resolve("api").resolve(module + ".api");
        if (Boolean.getBoolean("leasehold.api.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.isRegularFile(file), "no API dump " + file + ": generate it with -Dleasehold.api.update=true");
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual,
                module + "'s public API differs from " + ROOT.relativize(file)
                        + "; if the change is intended, regenerate with -Dleasehold.api.update=true and commit it");
    }

    /** The API of the exported packages (unqualified exports only) of a module's classes directory. */
    static String dump(Path classes) throws IOException, ClassNotFoundException {
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
        Set<String> exported = new TreeSet<>();
        for (ModuleDescriptor.Exports e : descriptor.exports()) {
            if (!e.isQualified()) {
                exported.add(e.source());
            }
        }
        StringBuilder out = new StringBuilder("# module ").append(descriptor.name()).append('\n');
        for (String pkg : exported) {
            Path dir = classes.resolve(pkg.replace('.', '/'));
            List<String> names = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
                        .filter(n -> !n.equals("package-info.class")).sorted().forEach(names::add);
            }
            for (String n : names) {
                Class<?> c = Class.forName(pkg + "." + n.substring(0, n.length() - 6), false,
                        ApiDumpTest.class.getClassLoader());
                if (isApi(c)) {
                    type(c, out);
                }
            }
        }
        return out.toString();
    }

    private static boolean isApi(Class<?> c) {
        if (c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) {
            return false;
        }
        // a type is API when it and every type enclosing it are public (or protected, nested in an API type)
        for (Class<?> t = c; t != null; t = t.getEnclosingClass()) {
            int m = t.getModifiers();
            boolean nested = t.getEnclosingClass() != null;
            if (!Modifier.isPublic(m) && !(nested && Modifier.isProtected(m))) {
                return false;
            }
        }
        return true;
    }

    private static void type(Class<?> c, StringBuilder out) {
        out.append('\n').append(c.toGenericString());
        Set<String> supers = new TreeSet<>();
        if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()) {
            supers.add("extends " + c.getGenericSuperclass().getTypeName());
        }
        for (var i : c.getGenericInterfaces()) {
            supers.add("implements " + i.getTypeName());
        }
        for (String s : supers) {
            out.append(' ').append(s);
        }
        out.append('\n');
        Set<String> members = new TreeSet<>();
        for (Field f : c.getDeclaredFields()) {
            if (visible(f.getModifiers(), c) && !f.isSynthetic()) {
                members.add(f.toGenericString());
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (visible(k.getModifiers(), c) && !k.isSynthetic()) {
                members.add(k.toGenericString());
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (visible(m.getModifiers(), c) && !m.isSynthetic() && !m.isBridge()) {
                members.add(m.toGenericString());
            }
        }
        String own = c.getTypeName() + ".";
        for (String m : members) {
            // members are listed under their type, so their names go without it
            out.append("  ").append(m.replace(own, "")).append('\n');
        }
    }

    private static boolean visible(int modifiers, Class<?> owner) {
        return Modifier.isPublic(modifiers) || (Modifier.isProtected(modifiers) && !Modifier.isFinal(owner.getModifiers()));
    }
}
