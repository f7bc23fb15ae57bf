package io.leasehold.dhcp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.lease.Ipv4;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** {@link RelayAgentInfo} and {@link ClientFqdn}. */
class SubValuesTest {
    @Test
    void relayAgentInfoEncodesSubOptionsInOrder() {
        RelayAgentInfo rai = RelayAgentInfo.builder()
                .circuitId("lhc-circuit".getBytes(StandardCharsets.US_ASCII))
                .remoteId(Golden.hex("024c48000102"))
                .linkSelection(Ipv4.parse("10.77.0.0"))
                .subOption(151, Golden.hex("abcd"))
                .build();
        DhcpMessage golden = DhcpDecoder.decode(Unpooled.wrappedBuffer(
                Golden.bytes("perfdhcp-relay-discover-perfdhcp")));
        assertArrayEquals(golden.option(82), rai.toByteArray(), "same bytes as perfdhcp's -o 82,...");
        assertEquals(golden.relayAgentInfo(), rai);
    }

    @Test
    void relayAgentInfoTypedSubOptions() {
        RelayAgentInfo rai = RelayAgentInfo.builder().subscriberId("sub-1").serverIdOverride(Ipv4.parse("192.0.2.9"))
                .relaySourcePort().subOption(9, new byte[] {0, 0, 0x0d, (byte) 0xe9, 0}).build();
        assertEquals("0605" + "7375622d31" + "0b04c0000209" + "1300" + "090500000de900",
                Golden.toHex(rai.toByteArray()));
        RelayAgentInfo back = RelayAgentInfo.parse(rai.toByteArray());
        assertEquals("sub-1", back.subscriberId());
        assertEquals(OptionalInt.of(Ipv4.parse("192.0.2.9")), back.serverIdOverride());
        assertTrue(back.hasRelaySourcePort());
        assertTrue(back.has(9));
        assertFalse(back.has(1));
        assertEquals(null, back.circuitId());
        assertEquals(OptionalInt.empty(), back.linkSelection());
        assertEquals(4, back.subOptions().size());
        assertEquals("[6=7375622d31, 11=c0000209, 19=, 9=00000de900]", back.subOptions().toString());
    }

    @Test
    void relayAgentInfoRejectsMalformedInput() {
        assertThrows(IllegalArgumentException.class, () -> RelayAgentInfo.parse(new byte[] {1}));
        assertThrows(IllegalArgumentException.class, () -> RelayAgentInfo.parse(new byte[] {1, 3, 0}));
        assertThrows(IllegalArgumentException.class, () -> RelayAgentInfo.parse(new byte[] {11, 2, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> RelayAgentInfo.builder().subOption(5, new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> RelayAgentInfo.builder().subOption(1, new byte[256]));
        assertThrows(IllegalArgumentException.class, () -> RelayAgentInfo.builder().subOption(256, new byte[1]));
        assertEquals(0, RelayAgentInfo.parse(new byte[0]).subOptions().size());
    }

    @Test
    void clientFqdnWireFormat() {
        ClientFqdn full = ClientFqdn.of(ClientFqdn.FLAG_S | ClientFqdn.FLAG_E, "host.example.org.");
        assertEquals("050000" + "04686f7374" + "076578616d706c65" + "036f7267" + "00", Golden.toHex(full.toByteArray()));
        assertEquals("host.example.org.", full.domainName());
        assertTrue(full.isFullyQualified());
        assertTrue(full.isWireFormat());
        ClientFqdn partial = ClientFqdn.parse(Golden.hex("040000" + "04686f7374"));
        assertEquals("host", partial.domainName());
        assertFalse(partial.isFullyQualified());
        ClientFqdn empty = ClientFqdn.of(ClientFqdn.FLAG_E, "");
        assertEquals("", empty.domainName());
        assertEquals(3, empty.toByteArray().length);
        ClientFqdn server = ClientFqdn.of(ClientFqdn.FLAG_S | ClientFqdn.FLAG_E, 255, 255, "a.");
        assertEquals(255, server.rcode1());
        assertEquals(255, server.rcode2());
        assertEquals(ClientFqdn.parse(server.toByteArray()), server);
    }

    @Test
    void clientFqdnPlainText() {
        ClientFqdn f = ClientFqdn.of(ClientFqdn.FLAG_S, "golden-udhcpc");
        assertEquals("010000" + Golden.toHex("golden-udhcpc".getBytes(StandardCharsets.US_ASCII)),
                Golden.toHex(f.toByteArray()));
        assertFalse(f.isWireFormat());
        assertEquals("golden-udhcpc", f.domainName());
    }

    @Test
    void clientFqdnRejectsMalformedNames() {
        assertThrows(IllegalArgumentException.class, () -> ClientFqdn.of(ClientFqdn.FLAG_E, "a..b"));
        assertThrows(IllegalArgumentException.class, () -> ClientFqdn.of(ClientFqdn.FLAG_E, "x".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> ClientFqdn.of(ClientFqdn.FLAG_E,
                ("x".repeat(60) + ".").repeat(5)));
        assertThrows(IllegalArgumentException.class, () -> ClientFqdn.of(256, "a"));
        assertThrows(IllegalArgumentException.class, () -> ClientFqdn.parse(new byte[] {4, 0}));
        assertThrows(IllegalArgumentException.class, () -> ClientFqdn.parse(Golden.hex("040000" + "0561")));
        assertThrows(IllegalArgumentException.class, () -> ClientFqdn.parse(Golden.hex("040000" + "016100" + "01")));
    }
}
