package io.leasehold.dhcp.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kea 2.2's {@code control-socket} and Kea 3.0's {@code control-sockets}. */
class ControlSocketsConfigTest {
    @TempDir
    Path dir;

    private static KeaConfig parse(String sockets) throws ConfigException {
        return KeaConfigLoader.parse("{ \"Dhcp4\": { " + sockets + ", \"subnet4\": [] } }", "t.json");
    }

    private static String error(String sockets) {
        return assertThrows(ConfigException.class, () -> parse(sockets)).getMessage();
    }

    @Test
    void keaTwoTwoSingleUnixSocketStillWorks() throws Exception {
        KeaConfig c = parse("\"control-socket\": { \"socket-type\": \"unix\", \"socket-name\": \"/run/k.sock\" }");
        assertEquals(List.of(new ControlSocket("unix", "/run/k.sock", Map.of())), c.controlSockets());
        assertEquals("/run/k.sock", c.controlSocket().orElseThrow().socketName());
    }

    @Test
    void listWithUnixHttpAndHttpsEntriesAndKeaDefaults() throws Exception {
        KeaConfig c = parse("""
                "control-sockets": [
                  { "socket-type": "unix", "socket-name": "/run/k.sock" },
                  { "socket-type": "http", "socket-port": 8004,
                    "authentication": { "type": "basic", "realm": "kea", "clients": [
                        { "user": "admin", "password": "1234", "comment": "ops" } ] },
                    "http-headers": [ { "name": "Strict-Transport-Security", "value": "max-age=31536000" } ] },
                  { "socket-type": "https", "socket-address": "::1", "trust-anchor": "/ca.pem",
                    "cert-file": "/c.pem", "key-file": "/k.pem", "cert-required": false } ]
                """);
        assertEquals(3, c.controlSockets().size());
        ControlSocket http = c.controlSockets().get(1);
        assertEquals("127.0.0.1", http.socketAddress());
        assertEquals(8004, http.socketPort());
        assertFalse(http.tls());
        assertEquals(Map.of("admin", "1234"), http.authentication().orElseThrow().credentials());
        assertEquals("kea", http.authentication().orElseThrow().realm());
        assertEquals(List.of(new ControlSocket.HttpHeader("Strict-Transport-Security", "max-age=31536000")),
                http.httpHeaders());
        assertEquals("http://127.0.0.1:8004/", http.describe());
        ControlSocket https = c.controlSockets().get(2);
        assertTrue(https.tls());
        assertFalse(https.certRequired());
        assertEquals(ControlSocket.DEFAULT_HTTP_PORT, https.socketPort());
        assertEquals("https://[::1]:8000/", https.describe());
        assertEquals(Optional.empty(), https.authentication());
        assertTrue(c.warnings().isEmpty(), "authenticated or TLS sockets are not warned about: " + c.warnings());
        assertFalse(http.authentication().orElseThrow().clients().get(0).toString().contains("1234"),
                "passwords are not printed");
    }

    @Test
    void anUnsecuredHttpSocketLoadsWithAWarning() throws Exception {
        KeaConfig c = parse("\"control-sockets\": [ { \"socket-type\": \"http\", \"socket-port\": 0 } ]");
        assertEquals(0, c.controlSockets().get(0).socketPort());
        assertEquals(1, c.warnings().size());
        assertTrue(c.warnings().get(0).contains("neither authentication nor TLS"), c.warnings().get(0));
    }

    @Test
    void passwordsAndUsersCanComeFromFiles() throws Exception {
        Files.writeString(dir.resolve("pw"), "s3cret\n");
        Files.writeString(dir.resolve("user"), "operator\n");
        Files.writeString(dir.resolve("both"), "monitor:m0n\n");
        KeaConfig c = parse("""
                "control-sockets": [ { "socket-type": "http", "authentication": { "directory": "%s", "clients": [
                    { "user": "admin", "password-file": "pw" },
                    { "user-file": "user", "password": "x" },
                    { "password-file": "both" } ] } } ]
                """.formatted(dir));
        assertEquals(Map.of("admin", "s3cret", "operator", "x", "monitor", "m0n"),
                c.controlSockets().get(0).authentication().orElseThrow().credentials());
    }

    @Test
    void mistakesNameTheSettingAndValue() {
        String unixHttp = "{ \"socket-type\": \"unix\", \"socket-name\": \"/k\" }";
        assertTrue(error("\"control-socket\": " + unixHttp + ", \"control-sockets\": [ " + unixHttp + " ]")
                .contains("control-socket and control-sockets are both given"));
        assertTrue(error("\"control-sockets\": [ " + unixHttp + ", " + unixHttp + " ]")
                .contains("duplicate control socket /k"));
        assertTrue(error("\"control-sockets\": [ { \"socket-type\": \"tcp\" } ]")
                .contains("unsupported socket-type 'tcp', expected unix, http or https"));
        assertTrue(error("\"control-sockets\": [ { \"socket-type\": \"https\" } ]")
                .contains("socket-type https needs trust-anchor, cert-file and key-file"));
        assertTrue(error("\"control-sockets\": [ { \"socket-type\": \"http\", \"trust-anchor\": \"/ca\" } ]")
                .contains("cert-file is missing or empty"));
        String e = error("\"control-sockets\": [ { \"socket-type\": \"http\", \"socket-name\": \"/k\" } ]");
        assertTrue(e.contains("control-sockets[0]/socket-name") && e.contains("not supported by http"), e);
        e = error("\"control-sockets\": [ { \"socket-name\": \"/k\", \"socket-port\": 8000 } ]");
        assertTrue(e.contains("'socket-port' is not supported by unix control sockets"), e);
        assertTrue(error("\"control-sockets\": [ { \"socket-type\": \"http\", \"socket-address\": \"localhost\" } ]")
                .contains("socket-address 'localhost' is not an IPv4 or IPv6 address"));
        assertTrue(error("\"control-sockets\": [ { \"socket-type\": \"http\", \"socket-port\": 70000 } ]")
                .contains("value 70000 is out of range 0..65535"));
        assertTrue(error("\"control-sockets\": [ { \"socket-type\": \"http\", \"authentication\": { \"type\": \"digest\","
                + " \"clients\": [ { \"user\": \"a\" } ] } } ]").contains("unsupported authentication type 'digest'"));
        assertTrue(error("\"control-sockets\": [ { \"socket-type\": \"http\", \"authentication\": { \"clients\": [] } } ]")
                .contains("authentication has no clients"));
        assertTrue(error("\"control-sockets\": [ { \"socket-type\": \"http\", \"authentication\": { \"clients\": ["
                + " { \"user\": \"a:b\" } ] } } ]").contains("user must not contain a ':'"));
        assertTrue(error("\"control-sockets\": [ { \"socket-type\": \"http\", \"authentication\": { \"clients\": ["
                + " { \"user\": \"a\" }, { \"user\": \"a\" } ] } } ]").contains("user 'a' is listed twice"));
        e = error("\"control-sockets\": [ { \"socket-type\": \"http\", \"authentication\": { \"clients\": ["
                + " { \"user\": \"a\", \"password-file\": \"/nonexistent/pw\" } ] } } ]");
        assertTrue(e.contains("password-file") && e.contains("cannot read /nonexistent/pw"), e);
        assertTrue(error("\"control-sockets\": [ { \"socket-type\": \"http\", \"authentication\": { \"clients\": ["
                + " { \"user\": \"a\", \"pasword\": \"x\" } ] } } ]").contains("did you mean 'password'"));
        assertTrue(error("\"control-sockets\": [ { \"socket-type\": \"http\", \"http-headers\": ["
                + " { \"name\": \"X-A\", \"value\": \"a\\r\\nb\" } ] } ]").contains("must not contain line breaks"));
    }
}
