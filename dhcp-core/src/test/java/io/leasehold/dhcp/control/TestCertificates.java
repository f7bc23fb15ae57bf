package io.leasehold.dhcp.control;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away CA with a server and a client certificate for 127.0.0.1, made with the openssl command (tests that
 * need it skip when openssl is missing), plus JDK SSL contexts for test clients.
 *
 * @param dir        where the files are
 * @param ca         the CA certificate (trust anchor)
 * @param serverCert the server certificate
 * @param serverKey  its key (PKCS#8 PEM)
 * @param clientCert the client certificate
 * @param clientKey  its key
 */
public record TestCertificates(Path dir, Path ca, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {

    /** Whether openssl can be run here. */
    public static boolean available(Path dir) {
        return openssl(dir, "version") == 0;
    }

    /** Makes the CA and both certificates in {@code dir}. */
    public static TestCertificates create(Path dir) throws IOException {
        Path ca = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca.key");
        check(openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", caKey.toString(), "-out", ca.toString(), "-days", "2", "-subj", "/CN=test-ca"));
        Path srv = issue(dir, "server", ca, caKey);
        Path cli = issue(dir, "client", ca, caKey);
        return new TestCertificates(dir, ca, srv, dir.resolve("server.key"), cli, dir.resolve("client.key"));
    }

    private static Path issue(Path dir, String name, Path ca, Path caKey) throws IOException {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1\n");
        check(openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name));
        check(openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString()));
        return cert;
    }

    /** A JDK context trusting the CA, presenting the client certificate when {@code withClientCert}. */
    public SSLContext clientContext(boolean withClientCert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (withClientCert) {
            Path p12 = dir.resolve("client.p12");
            check(openssl(dir, "pkcs12", "-export", "-in", clientCert.toString(), "-inkey", clientKey.toString(),
                    "-out", p12.toString(), "-passout", "pass:pw"));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                ks.load(in, "pw".toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "pw".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static void check(int exit) throws IOException {
        if (exit != 0) {
            throw new IOException("openssl failed with exit " + exit);
        }
    }

    private static int openssl(Path dir, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.log").toFile()).start();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
