package io.leasehold.dhcp.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Throw-away PKI for tests: EC P-256 certificate authorities and end-entity certificates made with the {@code openssl}
 * command, as PEM files ({@code <name>.pem}, key {@code <name>.key}) in a directory. {@code openssl}'s output goes to
 * {@code openssl.log} in the same directory; a failing call throws {@link IllegalStateException} naming it.
 */
public final class TestCertificates {
    private final Path dir;

    public TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Skips the calling test when the {@code openssl} command is missing. */
    public static void assumeOpenssl(Path dir) {
        assumeTrue(new TestCertificates(dir).openssl("version") == 0, "the openssl command is not available");
    }

    /** A self-signed CA: {@code <name>.pem} and {@code <name>.key}. */
    public Path ca(String name) {
        Path cert = file(name + ".pem");
        run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                key(name).toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=" + name);
        return cert;
    }

    /**
     * An end-entity certificate {@code <name>.pem} (key {@code <name>.key}) signed by the CA {@code ca}, with the
     * subject alternative names {@code IP:<ip>} for each given address (usable as server and as client certificate).
     */
    public Path issue(String name, String ca, String... ips) throws IOException {
        Path cert = file(name + ".pem");
        Path csr = file(name + ".csr");
        Path ext = file(name + ".ext");
        List<String> sans = new ArrayList<>();
        for (String ip : ips) {
            sans.add("IP:" + ip);
        }
        Files.writeString(ext, sans.isEmpty() ? "" : "subjectAltName=" + String.join(",", sans) + "\n");
        run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key(name).toString(),
                "-out", csr.toString(), "-subj", "/CN=" + name);
        run("x509", "-req", "-in", csr.toString(), "-CA", file(ca + ".pem").toString(), "-CAkey",
                key(ca).toString(), "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile",
                ext.toString());
        return cert;
    }

    /**
     * Like {@link #issue}, but the certificate's validity ended in 2020 (it was valid for one day), for tests that an
     * expired certificate is refused. Made with {@code openssl ca}, which takes explicit start and end dates.
     */
    public Path issueExpired(String name, String ca, String... ips) throws IOException {
        Path cert = file(name + ".pem");
        Path csr = file(name + ".csr");
        List<String> sans = new ArrayList<>();
        for (String ip : ips) {
            sans.add("IP:" + ip);
        }
        Path db = file(name + ".ca");
        Files.createDirectories(db);
        Files.writeString(db.resolve("index.txt"), "");
        Files.writeString(db.resolve("serial"), "1000\n");
        Path conf = file(name + ".cnf");
        Files.writeString(conf, String.join("\n",
                "[ ca ]", "default_ca = expired", "[ expired ]", "dir = " + db, "database = $dir/index.txt",
                "serial = $dir/serial", "new_certs_dir = $dir", "default_md = sha256", "policy = any",
                "copy_extensions = none", "x509_extensions = ext", "[ any ]", "commonName = supplied", "[ ext ]",
                sans.isEmpty() ? "basicConstraints = CA:FALSE" : "subjectAltName = " + String.join(",", sans), ""));
        run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key(name).toString(),
                "-out", csr.toString(), "-subj", "/CN=" + name);
        run("ca", "-batch", "-config", conf.toString(), "-cert", file(ca + ".pem").toString(), "-keyfile",
                key(ca).toString(), "-startdate", "20200101000000Z", "-enddate", "20200102000000Z", "-notext", "-in",
                csr.toString(), "-out", cert.toString());
        return cert;
    }

    public Path key(String name) {
        return file(name + ".key");
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    private void run(String... args) {
        if (openssl(args) != 0) {
            throw new IllegalStateException("openssl " + args[0] + " failed, see " + file("openssl.log"));
        }
    }

    private int openssl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(file("openssl.log").toFile())).start();
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
