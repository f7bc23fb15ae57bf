package io.leasehold.dhcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Kea's {@code lease-database} of type {@code postgresql} and {@code mysql}: keys, defaults and errors. */
class SqlLeaseDatabaseConfigTest {

    private static LeaseDatabase parse(String leaseDatabase) throws ConfigException {
        return KeaConfigLoader.parse("{ \"Dhcp4\": {\n  \"lease-database\": " + leaseDatabase + ",\n  \"subnet4\": [] } }",
                "t.json").leaseDatabase();
    }

    private static ConfigException error(String leaseDatabase) {
        return assertThrows(ConfigException.class, () -> parse(leaseDatabase));
    }

    @Test
    void postgresqlWithKeaDefaults() throws Exception {
        LeaseDatabase db = parse("{ \"type\": \"postgresql\", \"name\": \"kea\" }");
        assertEquals("postgresql", db.type());
        assertEquals("kea", db.name());
        assertTrue(db.isSql());
        SqlSettings s = db.sql();
        assertEquals("localhost", s.host());
        assertEquals(0, s.port());
        assertEquals("", s.user());
        assertEquals("", s.password());
        assertEquals(5, s.connectTimeoutSeconds());
        assertEquals(0, s.maxReconnectTries());
        assertEquals(0, s.reconnectWaitTimeMillis());
        assertEquals(SqlSettings.OnFail.STOP_RETRY_EXIT, s.onFail());
        assertEquals(0, s.readTimeoutSeconds());
        assertEquals(0, s.writeTimeoutSeconds());
        assertEquals(0, s.tcpUserTimeoutSeconds());
        assertFalse(s.tls());
        assertFalse(s.reconnects());
    }

    @Test
    void mysqlWithEveryKey() throws Exception {
        LeaseDatabase db = parse("""
                { "type": "mysql", "name": "kea", "host": "db.example.org", "port": 3307, "user": "kea",
                  "password": "secret", "connect-timeout": 10, "max-reconnect-tries": 7,
                  "reconnect-wait-time": 3000, "on-fail": "serve-retry-continue", "read-timeout": 20,
                  "write-timeout": 30, "tcp-user-timeout": 40, "trust-anchor": "/etc/kea/ca.pem",
                  "cert-file": "/etc/kea/client.pem", "key-file": "/etc/kea/client.key",
                  "cipher-list": "AES256-SHA" }""");
        SqlSettings s = db.sql();
        assertEquals("mysql", db.type());
        assertEquals(new SqlSettings("db.example.org", 3307, "kea", "secret", 10, 7, 3000,
                SqlSettings.OnFail.SERVE_RETRY_CONTINUE, 20, 30, 40, "/etc/kea/ca.pem", "/etc/kea/client.pem",
                "/etc/kea/client.key", "AES256-SHA"), s);
        assertTrue(s.tls());
        assertTrue(s.reconnects());
        assertFalse(s.toString().contains("secret"), "the password is not printed");
    }

    @Test
    void onFailModes() throws Exception {
        for (SqlSettings.OnFail f : SqlSettings.OnFail.values()) {
            LeaseDatabase db = parse("{ \"type\": \"postgresql\", \"name\": \"kea\", \"on-fail\": \""
                    + f.keaName() + "\" }");
            assertEquals(f, db.sql().onFail());
        }
        assertTrue(SqlSettings.OnFail.STOP_RETRY_EXIT.stopsService());
        assertFalse(SqlSettings.OnFail.SERVE_RETRY_EXIT.stopsService());
        assertTrue(SqlSettings.OnFail.SERVE_RETRY_EXIT.exitsOnFailure());
        assertFalse(SqlSettings.OnFail.SERVE_RETRY_CONTINUE.exitsOnFailure());
    }

    @Test
    void memfileKeysAreAcceptedAndIgnoredAsKeaDoes() throws Exception {
        LeaseDatabase db = parse("{ \"type\": \"postgresql\", \"name\": \"kea\", \"persist\": true,"
                + " \"lfc-interval\": 0 }");
        assertTrue(db.isSql());
    }

    @Test
    void memfileIsUnchanged() throws Exception {
        LeaseDatabase db = parse("{ \"type\": \"memfile\", \"persist\": false }");
        assertEquals(new LeaseDatabase("memfile", false, LeaseDatabase.DEFAULT_NAME, 3600, 0), db);
        assertNull(db.sql());
        ConfigException e = error("{ \"type\": \"memfile\", \"host\": \"db\" }");
        assertEquals("Dhcp4/lease-database/host", e.path());
        assertTrue(e.reason().contains("only applies to the SQL lease databases"), e.getMessage());
    }

    @Test
    void missingNameIsNamedWithThePath() {
        ConfigException e = error("{ \"type\": \"postgresql\", \"host\": \"db\" }");
        assertEquals("Dhcp4/lease-database", e.path());
        assertEquals("missing mandatory parameter 'name' (the database name) in lease-database of type"
                + " 'postgresql'", e.reason());
        assertEquals(2, e.line());
    }

    @Test
    void unknownKeyIsNamedWithItsPath() {
        ConfigException e = error("{ \"type\": \"mysql\", \"name\": \"kea\", \"max-reconect-tries\": 3 }");
        assertEquals("Dhcp4/lease-database/max-reconect-tries", e.path());
        assertTrue(e.reason().startsWith("unknown parameter 'max-reconect-tries' in lease-database"), e.reason());
        assertTrue(e.reason().contains("did you mean 'max-reconnect-tries'"), e.reason());
    }

    @Test
    void badValuesAreNamedWithTheirPaths() {
        assertError("\"port\": 70000", "port", "out of range 0..65535");
        assertError("\"port\": \"5432\"", "port", "expected an integer");
        assertError("\"connect-timeout\": 0", "connect-timeout", "out of range 1..2147483647");
        assertError("\"max-reconnect-tries\": -1", "max-reconnect-tries", "out of range 0..2147483647");
        assertError("\"reconnect-wait-time\": -5", "reconnect-wait-time", "out of range 0..4294967295");
        assertError("\"on-fail\": \"retry-forever\"", "on-fail",
                "unsupported value 'retry-forever', expected one of stop-retry-exit, serve-retry-exit,"
                        + " serve-retry-continue");
        assertError("\"tcp-user-timeout\": -1", "tcp-user-timeout", "out of range");
        assertError("\"trust-anchor\": 5", "trust-anchor", "expected a string");
        assertError("\"name\": \"\"", "name", "name must not be empty");
        assertError("\"host\": \"\"", "host", "host must not be empty");
    }

    @Test
    void keysKeaAcceptsButLeaseholdDoesNotImplementAreRefused() {
        assertError("\"readonly\": true", "readonly", "not supported by Leasehold");
        assertError("\"retry-on-startup\": true", "retry-on-startup", "not supported by Leasehold");
        assertError("\"contact-points\": \"127.0.0.1\"", "contact-points", "Cassandra");
    }

    @Test
    void unknownTypeListsTheSqlTypes() {
        ConfigException e = error("{ \"type\": \"cql\", \"name\": \"kea\" }");
        assertEquals("Dhcp4/lease-database/type", e.path());
        assertEquals("unsupported value 'cql', expected one of memfile, mysql, postgresql", e.reason());
    }

    private static void assertError(String member, String key, String reason) {
        String name = member.startsWith("\"name\"") ? "" : "\"name\": \"kea\", ";
        ConfigException e = error("{ \"type\": \"postgresql\", " + name + member + " }");
        assertEquals("Dhcp4/lease-database/" + key, e.path(), e.getMessage());
        assertTrue(e.reason().contains(reason), () -> e.getMessage() + " lacks " + reason);
    }
}
