package io.leasehold.dhcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kea's JSON dialect: comments, trailing commas, top-level sections; and syntax errors with positions. */
class JsonDialectTest {

    @Test
    void acceptsAllThreeCommentStylesAndATrailingComma() throws ConfigException {
        String text = """
                # shell-style comment
                // C++-style comment
                {
                  /* C-style
                     comment */
                  "Dhcp4": {
                    "valid-lifetime": 600, // after a value
                    "loggers": [ { "name": "kea-dhcp4", "severity": "INFO",
                                   "output_options": [ { "output": "stdout", "pattern": "%-5p %m\\n", } ] } ]
                  }
                }
                """;
        KeaConfig c = KeaConfigLoader.parse(text, "comments.conf");
        assertEquals(600, c.settings().lifetime().valid());
        assertEquals("%-5p %m\n", c.loggers().get(0).outputs().get(0).pattern());
    }

    @Test
    void ignoresTheOtherSectionsOfASharedKeaFile() throws ConfigException {
        KeaConfig c = KeaConfigLoader.parse("{ \"Dhcp6\": { \"x\": 1 }, \"Dhcp4\": { \"valid-lifetime\": 60 }, "
                + "\"DhcpDdns\": {}, \"Control-agent\": {}, \"Logging\": { \"loggers\": [] }, \"Netconf\": {} }", "s");
        assertEquals(60, c.settings().lifetime().valid());
    }

    @Test
    void requiresDhcp4() {
        ConfigException e = assertThrows(ConfigException.class, () -> KeaConfigLoader.parse("{ \"Dhcp6\": {} }", "v6.conf"));
        assertEquals("v6.conf:1:1: missing the Dhcp4 section", e.getMessage());
    }

    @Test
    void syntaxErrorsNameFileLineColumnAndEnclosingPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> KeaConfigLoader.parse(
                "{\n  \"Dhcp4\": {\n    \"subnet4\": [ { \"subnet\": \"192.0.2.0/24\" ]\n  }\n}\n", "bad.conf"));
        assertEquals(3, e.line());
        assertEquals(45, e.column());
        assertEquals("Dhcp4/subnet4[0]", e.path());
        assertTrue(e.reason().startsWith("syntax error: Unexpected close marker ']'"), e.reason());
    }

    @Test
    void rejectsNonMapRootsTrailingGarbageAndEmptyText() {
        assertEquals("syntax error: the configuration must be a JSON map, got '['",
                assertThrows(ConfigException.class, () -> KeaConfigLoader.parse("[ ]", "a")).reason());
        ConfigException trailing = assertThrows(ConfigException.class,
                () -> KeaConfigLoader.parse("{ \"Dhcp4\": {} } }", "b"));
        assertEquals(1, trailing.line());
        assertEquals(17, trailing.column());
        assertTrue(assertThrows(ConfigException.class, () -> KeaConfigLoader.parse("  // nothing\n", "c")).reason()
                .contains("empty"));
    }

    @Test
    void includeDirectivesGetAnExplanation() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> KeaConfigLoader.parse("{ \"Dhcp4\": <?include \"other.json\"?> }", "inc.conf"));
        assertTrue(e.reason().contains("<?include?> directive is not supported"), e.reason());
    }

    @Test
    void loadNamesTheFileAndReportsUnreadableFiles(@TempDir Path dir) throws IOException, ConfigException {
        Path file = dir.resolve("kea.conf");
        Files.writeString(file, "{ \"Dhcp4\": { \"valid-lifetime\": 70 } }");
        assertEquals(70, KeaConfigLoader.load(file).settings().lifetime().valid());
        assertEquals(file.toString(), KeaConfigLoader.load(file).sourceName());
        ConfigException missing = assertThrows(ConfigException.class, () -> KeaConfigLoader.load(dir.resolve("no.conf")));
        assertEquals(0, missing.line());
        assertTrue(missing.reason().startsWith("cannot read file"), missing.reason());
        Files.write(file, new byte[] {'{', (byte) 0xff, '}'});
        assertEquals("file is not valid UTF-8", assertThrows(ConfigException.class, () -> KeaConfigLoader.load(file))
                .reason());
    }
}
