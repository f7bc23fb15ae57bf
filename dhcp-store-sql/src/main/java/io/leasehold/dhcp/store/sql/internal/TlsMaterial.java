package io.leasehold.dhcp.store.sql.internal;

import io.leasehold.dhcp.config.SqlSettings;
import io.leasehold.dhcp.store.sql.SqlStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * Kea's {@code trust-anchor}, {@code cert-file} and {@code key-file} (PEM, as Kea takes them) in the forms the JDBC
 * drivers take: the anchor as one PEM file (a directory of certificates is bundled), the client certificate and its
 * PKCS#8 key as a PKCS#12 key store in a private temporary file, deleted by {@link #close()}.
 *
 * @param trustAnchor the CA file to verify the server with, or null
 * @param keyStore the PKCS#12 file holding the client certificate and key, or null
 * @param keyStorePassword its password (random), or null
 * @param temporary files to delete on close
 */
record TlsMaterial(Path trustAnchor, Path keyStore, String keyStorePassword, List<Path> temporary)
        implements AutoCloseable {

    static final TlsMaterial NONE = new TlsMaterial(null, null, null, List.of());

    /** Reads the files the settings name; errors name the setting. */
    static TlsMaterial of(SqlSettings s) {
        if (!s.tls()) {
            return NONE;
        }
        List<Path> temporary = new ArrayList<>();
        try {
            Path anchor = s.trustAnchor().isEmpty() ? null : anchor(Path.of(s.trustAnchor()), temporary);
            if (s.certFile().isEmpty() != s.keyFile().isEmpty()) {
                throw new SqlStoreException("lease-database: cert-file and key-file must be given together");
            }
            if (s.certFile().isEmpty()) {
                return new TlsMaterial(anchor, null, null, temporary);
            }
            String password = randomPassword();
            Path store = keyStore(Path.of(s.certFile()), Path.of(s.keyFile()), password.toCharArray());
            temporary.add(store);
            return new TlsMaterial(anchor, store, password, temporary);
        } catch (RuntimeException e) {
            new TlsMaterial(null, null, null, temporary).close();
            throw e;
        }
    }

    private static Path anchor(Path path, List<Path> temporary) {
        if (!Files.isDirectory(path)) {
            if (!Files.isReadable(path)) {
                throw new SqlStoreException("lease-database trust-anchor " + path + " cannot be read");
            }
            return path;
        }
        StringBuilder bundle = new StringBuilder();
        try (Stream<Path> files = Files.list(path)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String text = Files.readString(f, StandardCharsets.US_ASCII);
                if (text.contains("-----BEGIN CERTIFICATE-----")) {
                    bundle.append(text).append('\n');
                }
            }
            if (bundle.length() == 0) {
                throw new SqlStoreException("lease-database trust-anchor directory " + path + " holds no PEM"
                        + " certificate");
            }
            Path out = privateTempFile(".pem");
            temporary.add(out);
            Files.writeString(out, bundle, StandardCharsets.US_ASCII);
            return out;
        } catch (IOException e) {
            throw new SqlStoreException("lease-database trust-anchor " + path + " cannot be read: " + e.getMessage(),
                    e);
        }
    }

    private static Path keyStore(Path cert, Path key, char[] password) {
        List<Certificate> chain = new ArrayList<>();
        try (InputStream in = Files.newInputStream(cert)) {
            chain.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
        } catch (IOException | GeneralSecurityException e) {
            throw new SqlStoreException("lease-database cert-file " + cert + " cannot be read as a PEM certificate: "
                    + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new SqlStoreException("lease-database cert-file " + cert + " holds no certificate");
        }
        PrivateKey privateKey = privateKey(key);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", privateKey, password, chain.toArray(new Certificate[0]));
            Path out = privateTempFile(".p12");
            try (OutputStream os = Files.newOutputStream(out)) {
                ks.store(os, password);
            }
            return out;
        } catch (IOException | GeneralSecurityException e) {
            throw new SqlStoreException("lease-database cert-file/key-file cannot be combined into a key store: "
                    + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path key) {
        String text;
        try {
            text = Files.readString(key, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new SqlStoreException("lease-database key-file " + key + " cannot be read: " + e.getMessage(), e);
        }
        String begin = "-----BEGIN PRIVATE KEY-----";
        int start = text.indexOf(begin);
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < start) {
            throw new SqlStoreException("lease-database key-file " + key + " is not a PEM PKCS#8 private key"
                    + " (BEGIN PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY8");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "DSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new SqlStoreException("lease-database key-file " + key + ": unsupported private key algorithm");
    }

    private static Path privateTempFile(String suffix) throws IOException {
        try {
            return Files.createTempFile("leasehold-sql-", suffix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile("leasehold-sql-", suffix);
        }
    }

    private static String randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public void close() {
        for (Path p : temporary) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // best effort: the file is private and holds only a copy
            }
        }
    }
}
