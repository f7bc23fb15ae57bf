package io.leasehold.dhcp.store.sql.internal;

import io.leasehold.dhcp.config.KeaConfigLoader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.LeaseDatabase;
import io.leasehold.dhcp.store.sql.SqlStoreException;
import io.leasehold.dhcp.testing.TestCertificates;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kea's connection keys as JDBC driver properties, and Kea's PEM TLS files as the drivers take them. */
class TlsAndDriverSettingsTest {
    @TempDir
    Path dir;

    private static LeaseDatabase db(String type, String members) throws Exception {
        return KeaConfigLoader.parse("{ \"Dhcp4\": { \"lease-database\": { \"type\": \"" + type + "\", \"name\": \"kea\""
                + (members.isEmpty() ? "" : ", " + members) + " }, \"subnet4\": [] } }", "t.json").leaseDatabase();
    }

    @Test
    void postgresqlTimeoutsAndUrl() throws Exception {
        LeaseDatabase db = db("postgresql", "\"host\": \"db.example.org\", \"connect-timeout\": 7,"
                + " \"tcp-user-timeout\": 9, \"read-timeout\": 3");
        PostgresDialect d = new PostgresDialect();
        assertEquals("jdbc:postgresql://db.example.org:5432/kea", d.jdbcUrl(db));
        Properties p = d.driverProperties(db, TlsMaterial.NONE);
        assertEquals("7", p.getProperty("connectTimeout"));
        assertEquals("9", p.getProperty("socketTimeout"));
        assertNull(p.getProperty("ssl"));
        assertEquals(List.of("read-timeout"), d.ignoredSettings(db), "as in Kea, read-timeout is MySQL's");
    }

    @Test
    void mysqlTimeoutsAndUrl() throws Exception {
        LeaseDatabase db = db("mysql", "\"host\": \"::1\", \"port\": 3307, \"connect-timeout\": 7,"
                + " \"read-timeout\": 3, \"write-timeout\": 4, \"tcp-user-timeout\": 9");
        MySqlDialect d = new MySqlDialect();
        assertEquals("jdbc:mariadb://[::1]:3307/kea", d.jdbcUrl(db));
        Properties p = d.driverProperties(db, TlsMaterial.NONE);
        assertEquals("7000", p.getProperty("connectTimeout"));
        assertEquals("4000", p.getProperty("socketTimeout"));
        assertEquals(List.of("tcp-user-timeout"), d.ignoredSettings(db), "as in Kea, tcp-user-timeout is PostgreSQL's");
    }

    @Test
    void pemFilesBecomeAnchorAndPkcs12KeyStore() throws Exception {
        TestCertificates.assumeOpenssl(dir);
        TestCertificates certs = new TestCertificates(dir);
        Path ca = certs.ca("db-ca");
        Path client = certs.issue("client", "db-ca");
        LeaseDatabase db = db("postgresql", "\"trust-anchor\": \"" + ca + "\", \"cert-file\": \"" + client
                + "\", \"key-file\": \"" + certs.key("client") + "\"");
        try (TlsMaterial tls = TlsMaterial.of(db.sql())) {
            assertEquals(ca, tls.trustAnchor());
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(tls.keyStore())) {
                ks.load(in, tls.keyStorePassword().toCharArray());
            }
            assertTrue(ks.isKeyEntry("client"));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(tls.keyStore())));
            Properties pg = new PostgresDialect().driverProperties(db, tls);
            assertEquals("verify-ca", pg.getProperty("sslmode"));
            assertEquals(ca.toString(), pg.getProperty("sslrootcert"));
            assertEquals(tls.keyStore().toString(), pg.getProperty("sslkey"));
            Properties my = new MySqlDialect().driverProperties(db, tls);
            assertEquals("verify-ca", my.getProperty("sslMode"));
            assertEquals(tls.keyStore().toString(), my.getProperty("keyStore"));
            Path store = tls.keyStore();
            tls.close();
            assertFalse(Files.exists(store), "the key store copy is deleted on close");
        }
    }

    @Test
    void anchorDirectoryIsBundledAndBadKeysAreNamed() throws Exception {
        TestCertificates.assumeOpenssl(dir);
        TestCertificates certs = new TestCertificates(dir.resolve("x"));
        Files.createDirectories(dir.resolve("x"));
        certs.ca("a");
        certs.ca("b");
        Files.delete(certs.key("a"));
        Files.delete(certs.key("b"));
        try (TlsMaterial tls = TlsMaterial.of(db("mysql", "\"trust-anchor\": \"" + dir.resolve("x") + "\"").sql())) {
            String bundle = Files.readString(tls.trustAnchor());
            assertEquals(2, bundle.split("BEGIN CERTIFICATE").length - 1);
        }
        Path notAKey = dir.resolve("rsa.key");
        Files.writeString(notAKey, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        SqlStoreException e = assertThrows(SqlStoreException.class, () -> TlsMaterial.of(db("postgresql",
                "\"cert-file\": \"" + certs.file("a.pem") + "\", \"key-file\": \"" + notAKey + "\"").sql()));
        assertTrue(e.getMessage().contains("key-file " + notAKey + " is not a PEM PKCS#8 private key"),
                e.getMessage());
    }
}
