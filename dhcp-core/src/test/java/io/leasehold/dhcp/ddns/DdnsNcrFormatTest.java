package io.leasehold.dhcp.ddns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.leasehold.dhcp.ddns.NameChangeRequest.ChangeType;
import io.leasehold.dhcp.ddns.internal.Dhcid;
import io.leasehold.dhcp.ddns.internal.DnsName;
import io.leasehold.dhcp.ddns.internal.NcrJson;
import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The pieces of an NCR: DHCID (RFC 4701's own examples), Kea's JSON text and UDP framing, DNS name text. */
class DdnsNcrFormatTest {
    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    @Test
    void dhcidMatchesRfc4701Examples() {
        assertEquals("AAEBOSD+XR3Os/0LozeXVqcNc7FwCfQdWL3b/NaiUDlW2No=", b64(Dhcid.of(
                ClientId.of(HexFormat.of().parseHex("010708090a0b0c")), null, "chi.example.com")),
                "§3.6.2: identifier type 1 over the client identifier");
        assertEquals("AAABxLmlskllE0MVjd57zHcWmEH3pCQ6VytcKD//7es/deY=", b64(Dhcid.of(null,
                HardwareAddress.parse("01:02:03:04:05:06"), "client.example.com.")),
                "§3.6.3: identifier type 0 over htype and chaddr");
        // §3.6.1's DUID, carried in an RFC 4361 client identifier (255, IAID, DUID): Kea uses type 2 over the DUID.
        assertEquals("AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=", b64(Dhcid.of(
                ClientId.of(HexFormat.of().parseHex("ff00000001" + "0001000641 2df166010203040506".replace(" ", ""))),
                null, "chi6.example.com")));
    }

    @Test
    void dhcidIsOverTheLowerCaseNameAndPrefersTheClientId() {
        HardwareAddress hw = HardwareAddress.parse("02:00:00:00:00:01");
        assertEquals("000001C94B6201D6FADC612CAAFB132DFEBD84A4AAFA3DD4482FA8F57B378379FA1522",
                Dhcid.hex(Dhcid.of(null, hw, "Host2.lab.example")));
        assertEquals("0001018BCE918383EAB5F93F846A9500B9BB2F74F55780C7155CB06690FA1BD4EF5ED7",
                Dhcid.hex(Dhcid.of(ClientId.of(HexFormat.of().parseHex("0102000000000001")), hw,
                        "laptop3.lab.example.")));
        assertThrows(IllegalArgumentException.class, () -> Dhcid.of(null, null, "x."));
    }

    @Test
    void jsonIsKeasTextByteForByte() {
        NameChangeRequest n = new NameChangeRequest(ChangeType.ADD, true, true, "host2.lab.example.", "192.0.2.10",
                "000001C94B6201D6FADC612CAAFB132DFEBD84A4AAFA3DD4482FA8F57B378379FA1522", 1795310740L + 1200, 1200,
                true);
        String json = "{\"change-type\":0,\"forward-change\":true,\"reverse-change\":true,"
                + "\"fqdn\":\"host2.lab.example.\",\"ip-address\":\"192.0.2.10\","
                + "\"dhcid\":\"000001C94B6201D6FADC612CAAFB132DFEBD84A4AAFA3DD4482FA8F57B378379FA1522\","
                + "\"lease-expires-on\":\"20261122014540\",\"lease-length\":1200,\"use-conflict-resolution\":true}";
        assertEquals(json, n.toJson());
        byte[] frame = NcrJson.frame(n);
        assertEquals(json.length(), (frame[0] & 0xff) << 8 | (frame[1] & 0xff), "two-octet length prefix");
        assertEquals(json, new String(frame, 2, frame.length - 2, StandardCharsets.UTF_8));
        NameChangeRequest remove = new NameChangeRequest(ChangeType.REMOVE, false, true, "a.", "192.0.2.11", "00",
                0, 600, false);
        assertEquals("{\"change-type\":1,\"forward-change\":false,\"reverse-change\":true,\"fqdn\":\"a.\","
                + "\"ip-address\":\"192.0.2.11\",\"dhcid\":\"00\",\"lease-expires-on\":\"19700101000000\","
                + "\"lease-length\":600,\"use-conflict-resolution\":false}", remove.toJson());
        assertThrows(IllegalArgumentException.class, () -> new NameChangeRequest(ChangeType.ADD, false, false, "a.",
                "192.0.2.1", "00", 0, 600, true));
    }

    @Test
    void dnsNamesReadAsKeaReadsThem() {
        assertEquals(2, DnsName.parse("host").labelCount());
        assertEquals(2, DnsName.parse("host.").labelCount());
        assertEquals(1, DnsName.parse(".").labelCount());
        assertEquals(4, DnsName.parse("a.b.c").labelCount());
        assertEquals("a\\.b.c.", DnsName.parse("a\\.b.c").toText(false));
        assertEquals("a\\032b.", DnsName.parse("a b").toText(false));
        assertEquals("a\\032b", DnsName.parse("a\\032b").toText(true));
        assertArrayEquals(new byte[] {1, 'a', 2, 'b', 'c', 0}, DnsName.parse("A.Bc").toWire(true));
        assertThrows(IllegalArgumentException.class, () -> DnsName.parse("a..b"));
        assertThrows(IllegalArgumentException.class, () -> DnsName.parse(""));
        assertThrows(IllegalArgumentException.class, () -> DnsName.parse("x".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> DnsName.parse(("x".repeat(60) + ".").repeat(5)));
        assertEquals("host1.example.org", DnsName.fromWire(new byte[] {5, 'h', 'o', 's', 't', '1', 7, 'e', 'x', 'a',
            'm', 'p', 'l', 'e', 3, 'o', 'r', 'g', 0}, 0, 19).toText(true));
    }
}
