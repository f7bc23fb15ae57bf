package io.leasehold.dhcp.ha.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** EC P-256 test certificates made with the {@code openssl} command, PEM files in a directory. */
final class TestCertificates {
    private final Path dir;

    TestCertificates(Path dir) {
        this.dir = dir;
    }

    static boolean opensslAvailable(Path dir) {
        return new TestCertificates(dir).openssl("version") == 0;
    }

    /** A self-signed CA: {@code <name>.pem} and {@code <name>.key}. */
    Path ca(String name) {
        Path cert = dir.resolve(name + ".pem");
        assertEquals(0, openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve(name + ".key").toString(), "-out", cert.toString(), "-days", "2", "-subj",
                "/CN=" + name), "openssl failed, see " + dir.resolve("openssl.log"));
        return cert;
    }

    /** An end-entity certificate {@code <name>.pem} (key {@code <name>.key}) signed by {@code ca}, SAN IP {@code ip}. */
    Path issue(String name, String ca, String ip) throws IOException {
        Path key = key(name);
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, "subjectAltName=IP:" + ip + "\n");
        assertEquals(0, openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name));
        assertEquals(0, openssl("x509", "-req", "-in", csr.toString(), "-CA", dir.resolve(ca + ".pem").toString(),
                "-CAkey", dir.resolve(ca + ".key").toString(), "-CAcreateserial", "-out", cert.toString(), "-days", "2",
                "-extfile", ext.toString()));
        return cert;
    }

    Path key(String name) {
        return dir.resolve(name + ".key");
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    private int openssl(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("openssl.log").toFile())).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
