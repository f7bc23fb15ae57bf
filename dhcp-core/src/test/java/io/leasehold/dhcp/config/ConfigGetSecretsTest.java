package io.leasehold.dhcp.config;

import io.leasehold.dhcp.config.internal.ConfigRenderer;
import io.leasehold.dhcp.control.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Secrets read from user-file/password-file never appear in config-get (nor, so, in config-write's file). */
class ConfigGetSecretsTest {
    @TempDir
    Path dir;

    @Test
    void fileNamesAreShownNotTheSecretsReadFromThem() throws Exception {
        Files.writeString(dir.resolve("pw"), "s3cret-from-file");
        Files.writeString(dir.resolve("both"), "bob:another-s3cret");
        String text = """
                { "Dhcp4": { "control-sockets": [ { "socket-type": "http", "socket-address": "127.0.0.1",
                    "socket-port": 8000, "authentication": { "type": "basic", "directory": "%s", "clients": [
                      { "user": "alice", "password-file": "pw" }, { "password-file": "both" } ] } } ],
                  "subnet4": [ ] } }
                """.formatted(dir);
        KeaConfig c = KeaConfigLoader.parse(text, "t");
        String rendered = Json.write(ConfigRenderer.render(c));
        assertFalse(rendered.contains("s3cret"), rendered);
        assertTrue(rendered.contains("\"password-file\": \"pw\""), rendered);
        assertTrue(rendered.contains("\"password-file\": \"both\""), rendered);
        assertTrue(rendered.contains("\"user\": \"alice\""), rendered);
        assertFalse(rendered.contains("\"user\": \"bob\""), "bob lives in his file: " + rendered);
        // and it loads again to the same credentials
        KeaConfig again = KeaConfigLoader.parse(rendered, "again");
        assertTrue(again.controlSockets().get(0).authentication().orElseThrow().credentials()
                .equals(c.controlSockets().get(0).authentication().orElseThrow().credentials()));
    }
}
