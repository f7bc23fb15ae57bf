package io.leasehold.dhcp.examples.api;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Leasehold's modules resolve and serve on the module path: a child JVM with the modules and their dependencies on
 * {@code --module-path} runs {@link ModulePathProbe} from the class path. (The rest of the suite embeds from the
 * class path, the README way.)
 */
class ModulePathTest {
    /** Class-path entries that go on the module path: Leasehold's modules and the libraries they require. */
    private static final List<String> MODULAR = List.of("dhcp-core", "dhcp-ha", "dhcp-store-memfile", "dhcp-testing",
            "netty-buffer", "netty-common", "netty-transport-4", "netty-transport-classes-epoll",
            "netty-transport-native-unix-common", "netty-codec-base", "netty-codec-http", "netty-codec-compression",
            "netty-handler", "netty-resolver", "jctools-core", "slf4j-api", "jackson-core", "junit-jupiter-api",
            "opentest4j", "junit-platform-commons", "apiguardian-api");

    @Test
    void modulesResolveAndServeOnTheModulePath() throws Exception {
        List<String> modulePath = new ArrayList<>();
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String norm = entry.replace('\\', '/');
            boolean modular = MODULAR.stream().anyMatch(m -> norm.contains("/" + m) && !norm.contains("test-classes"));
            (modular ? modulePath : classPath).add(entry);
        }
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", String.join(File.pathSeparator, modulePath),
                "--add-modules", "io.leasehold.dhcp.core,io.leasehold.dhcp.store.memfile,io.leasehold.dhcp.ha,"
                        + "io.leasehold.dhcp.testing",
                "-cp", String.join(File.pathSeparator, classPath),
                ModulePathProbe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), "module path: " + modulePath + "\n" + out);
        assertTrue(out.contains("PROBE OK 192.0.2."), out);
    }
}
