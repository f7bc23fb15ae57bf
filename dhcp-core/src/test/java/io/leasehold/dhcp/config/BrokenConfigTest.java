package io.leasehold.dhcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken variants of one valid configuration ({@code broken/base.json}): each must fail with the exact JSON path,
 * line:column and reason. Every case also checks itself: the text at the expected position must be the offending
 * token, so the positions below are not just whatever the parser happened to report.
 */
class BrokenConfigTest {
    private static final String BASE = resource("/broken/base.json");

    @Test
    void baseConfigurationIsValid() throws ConfigException {
        KeaConfig config = KeaConfigLoader.parse(BASE, "kea.conf");
        assertEquals(2, config.subnets().size());
        assertEquals(1, config.highAvailability().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void brokenVariantNamesPathAndPosition(String name, String path, String position, String token, String reason,
            String[] edits) {
        String text = BASE;
        for (int i = 0; i < edits.length; i += 2) {
            assertEquals(text.indexOf(edits[i]), text.lastIndexOf(edits[i]), "edit must match once: " + edits[i]);
            assertTrue(text.contains(edits[i]), "edit does not match: " + edits[i]);
            text = text.replace(edits[i], edits[i + 1]);
        }
        assertTrue(textAt(text, position).startsWith(token), "case is wrong: at " + position + " the text is '"
                + textAt(text, position).lines().findFirst().orElse("") + "', not '" + token + "'");
        String config = text;
        ConfigException e = assertThrows(ConfigException.class, () -> KeaConfigLoader.parse(config, "kea.conf"));
        assertEquals(path, e.path(), e.getMessage());
        assertEquals(position, e.line() + ":" + e.column(), e.getMessage());
        assertTrue(e.reason().contains(reason), () -> "reason '" + e.reason() + "' lacks '" + reason + "'");
        assertEquals("kea.conf:" + position + ": " + path + ": " + e.reason(), e.getMessage());
        assertEquals("kea.conf", e.sourceName());
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                c("pool start after end", "Dhcp4/subnet4[1]/pools[0]/pool", "36:30", "\"10.0.0.50-10.0.0.1\"",
                        "pool 10.0.0.50 - 10.0.0.1 has start after end",
                        "\"10.0.0.1-10.0.0.50\"", "\"10.0.0.50-10.0.0.1\""),
                c("pool outside its subnet", "Dhcp4/subnet4[0]/pools[0]/pool", "30:30", "\"192.0.3.10",
                        "pool 192.0.3.10-192.0.3.100 is not inside subnet 192.0.2.0/24",
                        "\"192.0.2.10 - 192.0.2.100\"", "\"192.0.3.10 - 192.0.3.100\""),
                c("pool with a bad address", "Dhcp4/subnet4[1]/pools[0]/pool", "36:30", "\"10.0.0.1-10.0.0.500\"",
                        "'10.0.0.500' in '10.0.0.1-10.0.0.500' is not a valid IPv4 address",
                        "\"10.0.0.1-10.0.0.50\"", "\"10.0.0.1-10.0.0.500\""),
                c("pool that is no range", "Dhcp4/subnet4[1]/pools[0]/pool", "36:30", "\"10.0.0.1\"",
                        "invalid pool '10.0.0.1'",
                        "\"10.0.0.1-10.0.0.50\"", "\"10.0.0.1\""),
                c("overlapping pools in a subnet", "Dhcp4/subnet4[1]/pools[1]/pool", "36:64", "\"10.0.0.40/29\"",
                        "pool 10.0.0.40-10.0.0.47 overlaps pool 10.0.0.1-10.0.0.50 (Dhcp4/subnet4[1]/pools[0]/pool)",
                        "\"10.0.0.128/25\"", "\"10.0.0.40/29\""),
                c("overlapping pools across subnets", "Dhcp4/subnet4[1]/pools[0]/pool", "36:30", "\"10.0.0.1-10.0.0.50\"",
                        "pool 10.0.0.1-10.0.0.50 overlaps pool 10.0.0.20-10.0.0.30 of subnet 1 (Dhcp4/subnet4[0]/pools[0]/pool)",
                        "\"subnet\": \"192.0.2.0/24\"", "\"subnet\": \"10.0.0.0/16\"", "\"192.0.2.10 - 192.0.2.100\"", "\"10.0.0.20 - 10.0.0.30\"", "\"ip-address\": \"192.0.2.200\"", "\"ip-address\": \"10.0.9.200\""),
                c("duplicate subnet id", "Dhcp4/subnet4[1]/id", "34:15", "1,\n        \"subnet\": \"10.0.0.0/24\"",
                        "subnet id 1 is already used by subnet 192.0.2.0/24 (Dhcp4/subnet4[0])",
                        "\"id\": 2", "\"id\": 1"),
                c("duplicate subnet prefix", "Dhcp4/subnet4[1]/subnet", "35:19", "\"192.0.2.0/24\",\n        \"pools\": [ ]",
                        "subnet 192.0.2.0/24 is already defined (Dhcp4/subnet4[0])",
                        "\"subnet\": \"10.0.0.0/24\"", "\"subnet\": \"192.0.2.0/24\"", "\"pools\": [ { \"pool\": \"10.0.0.1-10.0.0.50\" }, { \"pool\": \"10.0.0.128/25\" } ]", "\"pools\": [ ]"),
                c("subnet prefix too long", "Dhcp4/subnet4[1]/subnet", "35:19", "\"10.0.0.0/33\"",
                        "invalid prefix length 33 in '10.0.0.0/33', expected 0..32",
                        "\"10.0.0.0/24\"", "\"10.0.0.0/33\""),
                c("subnet id out of range", "Dhcp4/subnet4[1]/id", "34:15", "4294967295",
                        "value 4294967295 is out of range 0..4294967294",
                        "\"id\": 2", "\"id\": 4294967295"),
                c("subnet without prefix", "Dhcp4/subnet4[1]", "33:7", "{\n        \"id\": 2",
                        "missing mandatory parameter 'subnet' in subnet4 entry",
                        "\"subnet\": \"10.0.0.0/24\",", ""),
                c("reservation outside its subnet", "Dhcp4/subnet4[0]/reservations[0]/ip-address", "31:78", "\"10.0.0.200\"",
                        "reserved address 10.0.0.200 is not inside subnet 192.0.2.0/24",
                        "\"ip-address\": \"192.0.2.200\"", "\"ip-address\": \"10.0.0.200\""),
                c("duplicate reservation identifier", "Dhcp4/subnet4[0]/reservations[1]/hw-address", "31:111", "\"00:01:02:03:04:05\" } ]",
                        "duplicate reservation for hw-address=00:01:02:03:04:05 (already reserved at Dhcp4/subnet4[0]/reservations[0]/hw-address)",
                        "\"reservations\": [ { \"hw-address\": \"00:01:02:03:04:05\", \"ip-address\": \"192.0.2.200\" } ]", "\"reservations\": [ { \"hw-address\": \"00:01:02:03:04:05\", \"ip-address\": \"192.0.2.200\" }, { \"hw-address\": \"00:01:02:03:04:05\" } ]"),
                c("reservation with two identifiers", "Dhcp4/subnet4[0]/reservations[0]/client-id", "31:77", "\"01:02:03\"",
                        "a reservation takes one identifier: 'hw-address' and 'client-id' are both set",
                        "{ \"hw-address\": \"00:01:02:03:04:05\", \"ip-address\"", "{ \"hw-address\": \"00:01:02:03:04:05\", \"client-id\": \"01:02:03\", \"ip-address\""),
                c("mistyped key", "Dhcp4/valid-lifetim", "6:5", "\"valid-lifetim\"",
                        "unknown parameter 'valid-lifetim' in Dhcp4 (did you mean 'valid-lifetime'?)",
                        "\"valid-lifetime\": 4000", "\"valid-lifetim\": 4000"),
                c("unknown key in a pool", "Dhcp4/subnet4[1]/pools[1]/pool-class", "36:81", "\"pool-class\"",
                        "unknown parameter 'pool-class' in pools entry",
                        "{ \"pool\": \"10.0.0.128/25\" }", "{ \"pool\": \"10.0.0.128/25\", \"pool-class\": \"x\" }"),
                c("string instead of integer", "Dhcp4/valid-lifetime", "6:23", "\"4000\"",
                        "expected an integer, got string \"4000\"",
                        "\"valid-lifetime\": 4000", "\"valid-lifetime\": \"4000\""),
                c("negative lifetime", "Dhcp4/valid-lifetime", "6:23", "-1",
                        "value -1 is out of range 0..4294967295",
                        "\"valid-lifetime\": 4000", "\"valid-lifetime\": -1"),
                c("min above max lifetime", "Dhcp4/min-valid-lifetime", "6:51", "5000",
                        "min-valid-lifetime 5000 is greater than max-valid-lifetime 4000",
                        "\"valid-lifetime\": 4000", "\"valid-lifetime\": 4000, \"min-valid-lifetime\": 5000"),
                c("renew after rebind", "Dhcp4/subnet4[0]/renew-timer", "28:33", "100",
                        "renew-timer 100 is greater than rebind-timer 50",
                        "\"id\": 1,", "\"id\": 1, \"renew-timer\": 100, \"rebind-timer\": 50,"),
                c("boolean as string", "Dhcp4/lease-database/persist", "5:55", "\"no\"",
                        "expected a boolean, got string \"no\"",
                        "\"persist\": false", "\"persist\": \"no\""),
                c("bad router address", "Dhcp4/subnet4[1]/option-data[0]/data", "38:55", "\"10.0.0.300\"",
                        "invalid data for option 'dhcp4.routers' (code 3): option 'routers' (ipv4-address[]): '10.0.0.300' is not a valid IPv4 address",
                        "\"data\": \"10.0.0.254\"", "\"data\": \"10.0.0.300\""),
                c("unknown option name", "Dhcp4/option-data[0]/name", "7:32", "\"domain-name-server\"",
                        "unknown option 'domain-name-server' in space 'dhcp4'",
                        "\"domain-name-servers\"", "\"domain-name-server\""),
                c("custom option out of range", "Dhcp4/option-data[0]/data", "7:54", "\"70000\"",
                        "'70000' is out of range 0..65535 for uint16",
                        "{ \"name\": \"domain-name-servers\", \"data\": \"192.0.2.53\" }", "{ \"name\": \"custom-opt\", \"data\": \"70000\" }"),
                c("option-def overriding a standard code", "Dhcp4/option-def[0]/code", "8:53", "3,",
                        "option code 3 has a standard definition in space 'dhcp4' that cannot be overridden",
                        "\"code\": 224", "\"code\": 3"),
                c("class depends on an undefined class", "Dhcp4/client-classes[0]/test", "9:53", "\"member",
                        "expression refers to client class 'laptops', which is not built in and not defined before this class",
                        "option[60].text == 'phone'", "member('laptops')"),
                c("class test that does not parse", "Dhcp4/client-classes[0]/test", "9:53", "\"option[nope]",
                        "unknown option name 'nope' at position 8",
                        "option[60].text == 'phone'", "option[nope].text == 'phone'"),
                c("hosts-databases is not supported", "Dhcp4/hosts-databases", "6:5", "\"hosts-databases\"",
                        "parameter 'hosts-databases' is not supported by Leasehold",
                        "\"valid-lifetime\": 4000,", "\"hosts-databases\": [ { \"type\": \"mysql\" } ], \"valid-lifetime\": 4000,"),
                c("config-control is not supported", "Dhcp4/config-control", "6:5", "\"config-control\"",
                        "parameter 'config-control' is not supported by Leasehold",
                        "\"valid-lifetime\": 4000,", "\"config-control\": { }, \"valid-lifetime\": 4000,"),
                c("mysql lease database without a name", "Dhcp4/lease-database", "5:23", "{ \"type\": \"mysql\"",
                        "missing mandatory parameter 'name' (the database name) in lease-database of type 'mysql'",
                        "\"type\": \"memfile\"", "\"type\": \"mysql\""),
                c("NCRs over TCP are refused as by Kea 2.2", "Dhcp4/dhcp-ddns/ncr-protocol", "6:60", "\"TCP\"",
                        "NCR Protocol: TCP is not supported",
                        "\"valid-lifetime\": 4000,", "\"dhcp-ddns\": { \"enable-updates\": true, \"ncr-protocol\": \"TCP\" }, \"valid-lifetime\": 4000,"),
                c("DNS sender of another address family", "Dhcp4/dhcp-ddns/sender-ip", "6:59", "\"::1\"",
                        "address family mismatch: server-ip 127.0.0.1 is IPv4 while sender-ip ::1 is IPv6",
                        "\"valid-lifetime\": 4000,", "\"dhcp-ddns\": { \"server-ip\": \"127.0.0.1\", \"sender-ip\": \"::1\" }, \"valid-lifetime\": 4000,"),
                c("DNS sender on the server's address and port", "Dhcp4/dhcp-ddns/sender-ip", "6:81", "\"127.0.0.1\"",
                        "server and sender cannot share the exact same IP address/port: 127.0.0.1/53001",
                        "\"valid-lifetime\": 4000,", "\"dhcp-ddns\": { \"server-ip\": \"127.0.0.1\", \"server-port\": 53001, \"sender-ip\": \"127.0.0.1\", \"sender-port\": 53001 }, \"valid-lifetime\": 4000,"),
                c("queue control is not supported", "Dhcp4/dhcp-queue-control/enable-queue", "6:45", "true",
                        "parameter 'enable-queue' is not supported by Leasehold",
                        "\"valid-lifetime\": 4000,", "\"dhcp-queue-control\": { \"enable-queue\": true }, \"valid-lifetime\": 4000,"),
                c("unknown hook library", "Dhcp4/hooks-libraries[0]/library", "11:20", "\"/usr/lib/kea/hooks/libdhcp_foo.so\"",
                        "unknown hook library '/usr/lib/kea/hooks/libdhcp_foo.so'",
                        "libdhcp_lease_cmds.so", "libdhcp_foo.so"),
                c("Kea hook Leasehold does not implement", "Dhcp4/hooks-libraries[0]/library", "11:20", "\"/usr/lib/kea/hooks/libdhcp_host_cmds.so\"",
                        "hook library libdhcp_host_cmds.so is not supported by Leasehold",
                        "libdhcp_lease_cmds.so", "libdhcp_host_cmds.so"),
                c("this-server-name is not a peer", "Dhcp4/hooks-libraries[1]/parameters/high-availability[0]/this-server-name", "16:33", "\"server3\"",
                        "this-server-name 'server3' is not one of the peers",
                        "\"this-server-name\": \"server1\"", "\"this-server-name\": \"server3\""),
                c("secondary in hot-standby", "Dhcp4/hooks-libraries[1]/parameters/high-availability[0]/peers[1]/role", "20:77", "\"secondary\"",
                        "secondary servers are not allowed in hot-standby mode",
                        "\"role\": \"standby\"", "\"role\": \"secondary\""),
                c("two primaries", "Dhcp4/hooks-libraries[1]/parameters/high-availability[0]/peers[1]/role", "20:77", "\"primary\" }\n",
                        "multiple primary servers specified",
                        "\"role\": \"standby\"", "\"role\": \"primary\""),
                c("peer url with a host name", "Dhcp4/hooks-libraries[1]/parameters/high-availability[0]/peers[1]/url", "20:43", "\"http://peer2.example:8000/\"",
                        "host 'peer2.example' is not an IP address",
                        "\"http://192.0.2.2:8000/\"", "\"http://peer2.example:8000/\""),
                c("unknown HA mode", "Dhcp4/hooks-libraries[1]/parameters/high-availability[0]/mode", "17:21", "\"hot-stand-by\"",
                        "unsupported value 'hot-stand-by', expected one of hot-standby, load-balancing, passive-backup",
                        "\"mode\": \"hot-standby\"", "\"mode\": \"hot-stand-by\""),
                c("mistyped HA peer key", "Dhcp4/hooks-libraries[1]/parameters/high-availability[0]/peers[0]/auto-failovr", "19:88", "\"auto-failovr\"",
                        "unknown parameter 'auto-failovr' in peers entry (did you mean 'auto-failover'?)",
                        "\"role\": \"primary\" }", "\"role\": \"primary\", \"auto-failovr\": true }"),
                c("bad interface address", "Dhcp4/interfaces-config/interfaces[1]", "4:52", "\"eth1/192.0.2.256\"",
                        "address '192.0.2.256' of interface 'eth1' is not a valid IPv4 address",
                        "\"eth1/192.0.2.1\"", "\"eth1/192.0.2.256\""),
                c("interface listed twice", "Dhcp4/interfaces-config/interfaces[1]", "4:52", "\"eth0\" ]",
                        "interface 'eth0' is already specified",
                        "\"eth1/192.0.2.1\"", "\"eth0\""),
                c("bad relay address", "Dhcp4/subnet4[1]/relay/ip-addresses[0]", "37:38", "\"10.0.0\"",
                        "'10.0.0' is not a valid IPv4 address",
                        "\"ip-addresses\": [ \"10.0.0.254\" ]", "\"ip-addresses\": [ \"10.0.0\" ]"),
                c("unknown log severity", "Dhcp4/loggers[0]/severity", "41:53", "\"VERBOSE\"",
                        "unknown log severity 'VERBOSE'",
                        "\"severity\": \"INFO\"", "\"severity\": \"VERBOSE\""),
                c("duplicate key", "Dhcp4/valid-lifetime", "6:29", "\"valid-lifetime\": 3000",
                        "duplicate key 'valid-lifetime' (previous at 6:5)",
                        "\"valid-lifetime\": 4000,", "\"valid-lifetime\": 4000, \"valid-lifetime\": 3000,"),
                c("missing comma", "Dhcp4", "7:5", "\"option-data\"",
                        "syntax error: Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries",
                        "\"valid-lifetime\": 4000,", "\"valid-lifetime\": 4000"),
                c("unknown top-level section", "Dhcp-4", "3:3", "\"Dhcp-4\"",
                        "unknown top-level section 'Dhcp-4' (did you mean 'Dhcp4'?)",
                        "  \"Dhcp4\": {", "  \"Dhcp-4\": { }, \"Dhcp4\": {"),
                c("deprecated and new reservation flags together", "Dhcp4/reservation-mode", "6:49", "\"all\"",
                        "the deprecated reservation-mode cannot be combined with reservations-global",
                        "\"valid-lifetime\": 4000,", "\"valid-lifetime\": 4000, \"reservation-mode\": \"all\", \"reservations-global\": true,"),
                c("duplicate shared network", "Dhcp4/shared-networks[1]/name", "26:55", "\"lan\" } ]",
                        "duplicate shared network 'lan' (first at Dhcp4/shared-networks[0]/name)",
                        "\"subnet4\": [\n", "\"shared-networks\": [ { \"name\": \"lan\" }, { \"name\": \"lan\" } ],\n    \"subnet4\": [\n")
        );
    }

    private static Arguments c(String name, String path, String position, String token, String reason,
            String... edits) {
        return Arguments.of(name, path, position, token, reason, edits);
    }

    private static String textAt(String text, String position) {
        String[] parts = position.split(":");
        int line = Integer.parseInt(parts[0]);
        int column = Integer.parseInt(parts[1]);
        int index = 0;
        for (int l = 1; l < line; l++) {
            index = text.indexOf('\n', index) + 1;
        }
        return text.substring(index + column - 1);
    }

    private static String resource(String name) {
        try (InputStream in = BrokenConfigTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
