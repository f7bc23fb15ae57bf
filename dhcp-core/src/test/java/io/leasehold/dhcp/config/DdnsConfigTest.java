package io.leasehold.dhcp.config;

import static io.leasehold.dhcp.config.TestConfigs.dhcp4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.config.ServerSettings.DhcpDdns;
import org.junit.jupiter.api.Test;

/** {@code dhcp-ddns} and the {@code ddns-*} / {@code hostname-char-*} parameters at every level, as Kea 2.2. */
class DdnsConfigTest {

    @Test
    void dhcpDdnsWithUpdatesEnabledIsAccepted() throws ConfigException {
        KeaConfig c = dhcp4("\"dhcp-ddns\": { \"enable-updates\": true, \"server-ip\": \"192.0.2.53\", "
                + "\"server-port\": 53011, \"sender-ip\": \"192.0.2.1\", \"sender-port\": 53012, "
                + "\"max-queue-size\": 64, \"ncr-protocol\": \"UDP\", \"ncr-format\": \"JSON\", "
                + "\"user-context\": { \"note\": \"d2\" } }");
        assertEquals(new DhcpDdns(true, "192.0.2.53", 53011, "192.0.2.1", 53012, 64, "UDP", "JSON"),
                c.server().dhcpDdns());
    }

    @Test
    void kea22Defaults() throws ConfigException {
        assertEquals(new DhcpDdns(false, "127.0.0.1", 53001, "0.0.0.0", 0, 1024, "UDP", "JSON"),
                dhcp4("\"dhcp-ddns\": { }").server().dhcpDdns());
        assertEquals(DhcpDdns.DEFAULTS, dhcp4("").server().dhcpDdns());
        DhcpDdns v6 = dhcp4("\"dhcp-ddns\": { \"enable-updates\": true, \"server-ip\": \"::1\" }").server().dhcpDdns();
        assertEquals("::", v6.senderIp(), "Kea: the sender's default follows the server's address family");
    }

    @Test
    void onlyUdpAndJsonAsKea22() {
        ConfigException tcp = assertThrows(ConfigException.class, () -> dhcp4(
                "\"dhcp-ddns\": { \"enable-updates\": true, \"ncr-protocol\": \"TCP\" }"));
        assertEquals("Dhcp4/dhcp-ddns/ncr-protocol", tcp.path());
        ConfigException xml = assertThrows(ConfigException.class, () -> dhcp4(
                "\"dhcp-ddns\": { \"ncr-format\": \"XML\" }"));
        assertEquals("Dhcp4/dhcp-ddns/ncr-format", xml.path());
        ConfigException moved = assertThrows(ConfigException.class, () -> dhcp4(
                "\"dhcp-ddns\": { \"qualifying-suffix\": \"example.org\" }"));
        assertEquals("Dhcp4/dhcp-ddns/qualifying-suffix", moved.path());
        ConfigException port = assertThrows(ConfigException.class, () -> dhcp4(
                "\"dhcp-ddns\": { \"server-port\": 70000 }"));
        assertEquals("Dhcp4/dhcp-ddns/server-port", port.path());
    }

    @Test
    void ddnsParametersInheritFromGlobalThroughSharedNetworkToSubnet() throws ConfigException {
        KeaConfig c = dhcp4("\"ddns-send-updates\": false, \"ddns-override-no-update\": true, "
                + "\"ddns-override-client-update\": true, \"ddns-replace-client-name\": \"when-not-present\", "
                + "\"ddns-generated-prefix\": \"gen\", \"ddns-qualifying-suffix\": \"example.org\", "
                + "\"hostname-char-set\": \"[^a-z]\", \"hostname-char-replacement\": \"x\", "
                + "\"ddns-update-on-renew\": true, \"ddns-use-conflict-resolution\": false, "
                + "\"shared-networks\": [ { \"name\": \"n\", \"ddns-send-updates\": true, "
                + "\"ddns-qualifying-suffix\": \"net.example.org\", \"ddns-replace-client-name\": \"always\", "
                + "\"subnet4\": [ { \"id\": 1, \"subnet\": \"10.1.0.0/24\", \"ddns-generated-prefix\": \"s1\", "
                + "\"hostname-char-set\": \"\", \"ddns-use-conflict-resolution\": true }, "
                + "{ \"id\": 2, \"subnet\": \"10.2.0.0/24\", \"ddns-replace-client-name\": \"when-present\" } ] } ], "
                + "\"subnet4\": [ { \"id\": 3, \"subnet\": \"10.3.0.0/24\", \"ddns-update-on-renew\": false, "
                + "\"ddns-override-no-update\": false } ]");
        DdnsSettings g = c.settings().ddns();
        assertFalse(g.sendUpdates());
        assertTrue(g.overrideNoUpdate());
        assertTrue(g.overrideClientUpdate());
        assertEquals("when-not-present", g.replaceClientName());
        assertEquals("gen", g.generatedPrefix());
        assertEquals("example.org", g.qualifyingSuffix());
        assertTrue(g.updateOnRenew());
        assertFalse(g.useConflictResolution());

        Subnet4 s1 = c.subnet(1).get();
        assertTrue(s1.settings().ddns().sendUpdates());
        assertEquals("net.example.org", s1.settings().ddns().qualifyingSuffix());
        assertEquals("always", s1.settings().ddns().replaceClientName());
        assertEquals("s1", s1.settings().ddns().generatedPrefix());
        assertTrue(s1.settings().ddns().useConflictResolution());
        assertEquals("", s1.settings().hostnameCharSet());
        assertEquals("x", s1.settings().hostnameCharReplacement());

        Subnet4 s2 = c.subnet(2).get();
        assertEquals("when-present", s2.settings().ddns().replaceClientName());
        assertEquals("gen", s2.settings().ddns().generatedPrefix());
        assertEquals("[^a-z]", s2.settings().hostnameCharSet());
        assertFalse(s2.settings().ddns().useConflictResolution());

        Subnet4 s3 = c.subnet(3).get();
        assertFalse(s3.settings().ddns().sendUpdates());
        assertFalse(s3.settings().ddns().updateOnRenew());
        assertFalse(s3.settings().ddns().overrideNoUpdate());
        assertEquals("example.org", s3.settings().ddns().qualifyingSuffix());
    }

    @Test
    void badValuesNameTheirPath() {
        ConfigException mode = assertThrows(ConfigException.class, () -> dhcp4(
                "\"subnet4\": [ { \"id\": 1, \"subnet\": \"10.1.0.0/24\", \"ddns-replace-client-name\": \"sometimes\" } ]"));
        assertEquals("Dhcp4/subnet4[0]/ddns-replace-client-name", mode.path());
        ConfigException type = assertThrows(ConfigException.class, () -> dhcp4(
                "\"shared-networks\": [ { \"name\": \"n\", \"ddns-send-updates\": \"yes\" } ]"));
        assertEquals("Dhcp4/shared-networks[0]/ddns-send-updates", type.path());
        ConfigException charset = assertThrows(ConfigException.class, () -> dhcp4(
                "\"hostname-char-set\": \"[a-z\""));
        assertEquals("Dhcp4/hostname-char-set", charset.path());
    }
}
