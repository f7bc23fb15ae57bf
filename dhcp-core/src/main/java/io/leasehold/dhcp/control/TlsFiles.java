package io.leasehold.dhcp.control;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Kea's TLS settings: {@code trust-anchor} (a CA file or a directory of them), {@code cert-file}, {@code key-file}
 * (PEM, PKCS#8 key) and {@code require-client-certs}. Builds Netty SSL contexts with the JDK provider (no native
 * TLS library needed).
 */
public record TlsFiles(Path trustAnchor, Path certFile, Path keyFile, boolean requireClientCerts) {

    /** A server context; with {@code requireClientCerts} the peer must present a certificate signed by the anchor. */
    public SslContext serverContext() throws IOException {
        try {
            SslContextBuilder b = SslContextBuilder.forServer(certFile.toFile(), keyFile.toFile())
                    .sslProvider(SslProvider.JDK)
                    .trustManager(anchors())
                    .clientAuth(requireClientCerts ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException("cannot build TLS server context from cert-file " + certFile + ", key-file "
                    + keyFile + ", trust-anchor " + trustAnchor + ": " + e.getMessage(), e);
        }
    }

    /** A client context presenting this certificate and trusting the anchor. */
    public SslContext clientContext() throws IOException {
        try {
            SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(anchors());
            if (certFile != null && keyFile != null) {
                b.keyManager(certFile.toFile(), keyFile.toFile());
            }
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException("cannot build TLS client context from cert-file " + certFile + ", key-file "
                    + keyFile + ", trust-anchor " + trustAnchor + ": " + e.getMessage(), e);
        }
    }

    private X509Certificate[] anchors() throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(trustAnchor)) {
            try (Stream<Path> s = Files.list(trustAnchor)) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        } else {
            files.add(trustAnchor);
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Path p : files) {
                try (var in = Files.newInputStream(p)) {
                    cf.generateCertificates(in).forEach(c -> out.add((X509Certificate) c));
                } catch (CertificateException e) {
                    if (!Files.isDirectory(trustAnchor)) {
                        throw e;
                    }
                }
            }
        } catch (CertificateException e) {
            throw new IOException("trust-anchor " + trustAnchor + " holds no readable certificate: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IOException("trust-anchor " + trustAnchor + " holds no certificate");
        }
        return out.toArray(new X509Certificate[0]);
    }

    /** Whether the file exists, for configuration checks. */
    static boolean readable(File f) {
        return f != null && f.canRead();
    }
}
