package io.leasehold.dhcp.engine;

import static io.leasehold.dhcp.engine.Queries.base;
import static io.leasehold.dhcp.engine.Queries.mac;
import static io.leasehold.dhcp.engine.Queries.relayed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Kea 2.2's client-name rules (option 81 flags and encoding, option 12, reservations, replace modes, generated names,
 * clean-up) with golden values worked out from Kea 2.2's dhcp4_srv.cc and d2_client_mgr.h, plus the one captured
 * from a live Kea (behaviour notes §1.7 / kea-leases4-2.2.csv).
 */
class DdnsNameDecisionTest {
    private static final String RELAY = "192.0.2.2";
    private static final int S = 0x01;
    private static final int O = 0x02;
    private static final int E = 0x04;
    private static final int N = 0x08;

    private static String config(String extra) {
        return """
                { "valid-lifetime": 3600, %s
                  "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "relay": { "ip-addresses": [ "192.0.2.2" ] },
                                 "reservations": [ { "hw-address": "02:00:00:00:0f:01", "hostname": "Printer7" } ],
                                 "pools": [ { "pool": "192.0.2.10 - 192.0.2.99" } ] } ] }
                """.formatted(extra);
    }

    private static final String UPDATES = "\"dhcp-ddns\": { \"enable-updates\": true }, "
            + "\"ddns-qualifying-suffix\": \"lab.example\",";

    /** DORA with the option added to both queries; returns the ACK (the OFFER is checked to carry the same). */
    private static DhcpMessage dora(EngineFixture f, HardwareAddress hw, UnaryOperator<DhcpMessage.Builder> opt) {
        DhcpMessage offer = f.relayed(opt.apply(relayed(base(DhcpMessageType.DISCOVER, hw, 1), RELAY)).build())
                .reply();
        DhcpMessage ack = f.relayed(opt.apply(relayed(base(DhcpMessageType.REQUEST, hw, 2), RELAY)
                .requestedAddress(offer.yiaddr()).serverIdentifier(EngineFixture.SERVER)).build()).reply();
        assertEquals(DhcpMessageType.ACK, ack.messageType());
        assertArrayEquals(ack.option(81), offer.option(81), "the OFFER carries the same option 81");
        assertArrayEquals(ack.option(12), offer.option(12), "the OFFER carries the same option 12");
        return ack;
    }

    private static byte[] fqdn(int flags, byte[] name) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(flags);
        b.write(0);
        b.write(0);
        b.writeBytes(name);
        return b.toByteArray();
    }

    private static byte[] wire(String... labels) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String l : labels) {
            b.write(l.length());
            b.writeBytes(l.getBytes(StandardCharsets.US_ASCII));
        }
        return b.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte... b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Lease4 lease(EngineFixture f, DhcpMessage ack) {
        return f.store.get(ack.yiaddr()).orElseThrow();
    }

    @Test
    void fqdnWithServerUpdateRequestedIsQualifiedAndKeepsTheDot() {
        EngineFixture f = new EngineFixture(config(UPDATES));
        DhcpMessage ack = dora(f, mac(1), b -> b.option(81, fqdn(S | E, wire("Laptop3"))));
        assertArrayEquals(fqdn(S | E, concat(wire("laptop3", "lab", "example"), (byte) 0)), ack.option(81),
                "S kept, E echoed, partial name qualified, lowered and sent fully qualified in wire form");
        Lease4 l = lease(f, ack);
        assertEquals("laptop3.lab.example.", l.hostname(), "option 81 names keep the final dot in the lease");
        assertTrue(l.fqdnForward());
        assertTrue(l.fqdnReverse());
        assertNull(ack.option(12), "option 81 wins over option 12");
    }

    @Test
    void clientThatUpdatesItselfGetsReverseOnlyAndOverrideMakesTheServerDoBoth() {
        EngineFixture f = new EngineFixture(config(UPDATES));
        DhcpMessage ack = dora(f, mac(2), b -> b.option(81, fqdn(0, ascii("pc.other.example."))));
        assertArrayEquals(fqdn(0, ascii("pc.other.example.")), ack.option(81), "ASCII stays ASCII, no flags");
        assertFalse(lease(f, ack).fqdnForward());
        assertTrue(lease(f, ack).fqdnReverse());

        EngineFixture o = new EngineFixture(config(UPDATES + "\"ddns-override-client-update\": true,"));
        DhcpMessage ack2 = dora(o, mac(2), b -> b.option(81, fqdn(0, ascii("pc.other.example."))));
        assertEquals(S | O, ack2.option(81)[0], "S set by the server, O says it overrode the client");
        assertTrue(lease(o, ack2).fqdnForward());
    }

    @Test
    void noUpdateRequestIsHonouredUnlessOverridden() {
        EngineFixture f = new EngineFixture(config(UPDATES));
        DhcpMessage ack = dora(f, mac(3), b -> b.option(81, fqdn(N | E, concat(wire("quiet", "lab", "example"),
                (byte) 0))));
        assertEquals(N | E, ack.option(81)[0]);
        assertFalse(lease(f, ack).fqdnForward());
        assertFalse(lease(f, ack).fqdnReverse());
        assertEquals("quiet.lab.example.", lease(f, ack).hostname());

        EngineFixture o = new EngineFixture(config(UPDATES + "\"ddns-override-no-update\": true,"));
        DhcpMessage ack2 = dora(o, mac(3), b -> b.option(81, fqdn(N | E, concat(wire("quiet"), (byte) 0))));
        assertEquals(S | O | E, ack2.option(81)[0]);
        assertTrue(lease(o, ack2).fqdnForward());
        assertTrue(lease(o, ack2).fqdnReverse());
    }

    @Test
    void updatesDisabledAnswerNAndOWhenTheClientAskedTheServer() {
        EngineFixture f = new EngineFixture(config("\"ddns-qualifying-suffix\": \"lab.example\","));
        DhcpMessage ack = dora(f, mac(4), b -> b.option(81, fqdn(S | E, wire("x"))));
        assertEquals(N | O | E, ack.option(81)[0]);
        assertEquals("x.lab.example.", lease(f, ack).hostname());
        assertFalse(lease(f, ack).fqdnForward() || lease(f, ack).fqdnReverse());

        EngineFixture g = new EngineFixture(config(UPDATES + "\"ddns-send-updates\": false,"));
        assertEquals(N | O | E, dora(g, mac(4), b -> b.option(81, fqdn(S | E, wire("x")))).option(81)[0],
                "ddns-send-updates false disables updates for the subnet");
    }

    @Test
    void keaCapturedWireNameSentAsAsciiIsScrubbedIntoOneLabel() {
        // kea-leases4-2.2.csv, 192.0.2.18: a client put a wire-form name in option 81 without the E flag.
        EngineFixture f = new EngineFixture(config(""));
        byte[] name = concat(wire("host1", "example", "org"), (byte) 0);
        DhcpMessage ack = dora(f, mac(5), b -> b.option(81, fqdn(0, name)));
        Lease4 l = lease(f, ack);
        assertEquals("host1exampleorg.", l.hostname());
        assertFalse(l.fqdnForward());
        assertFalse(l.fqdnReverse(), "fqdn_fwd/fqdn_rev 0/0 with updates disabled, as in the captured file");
        assertArrayEquals(fqdn(N, ascii("host1exampleorg.")), ack.option(81));
    }

    @Test
    void emptyOrReplacedFqdnGetsAGeneratedName() {
        EngineFixture f = new EngineFixture(config(UPDATES));
        DhcpMessage ack = dora(f, mac(6), b -> b.option(81, fqdn(S | E, new byte[0])));
        String generated = "myhost-" + Ipv4.toString(ack.yiaddr()).replace('.', '-') + ".lab.example.";
        assertEquals(generated, lease(f, ack).hostname());
        assertArrayEquals(fqdn(S | E, concat(wire(generated.substring(0, generated.indexOf('.')), "lab", "example"),
                (byte) 0)), ack.option(81));

        EngineFixture r = new EngineFixture(config(UPDATES + "\"ddns-replace-client-name\": \"when-present\", "
                + "\"ddns-generated-prefix\": \"dyn\","));
        DhcpMessage ack2 = dora(r, mac(7), b -> b.option(81, fqdn(S, ascii("mine.lab.example."))));
        assertEquals("dyn-" + Ipv4.toString(ack2.yiaddr()).replace('.', '-') + ".lab.example.",
                lease(r, ack2).hostname());
        assertArrayEquals(fqdn(S, ascii(lease(r, ack2).hostname())), ack2.option(81));
    }

    @Test
    void hostnameOptionIsQualifiedWithoutADotAndUpdatesBothDirections() {
        EngineFixture f = new EngineFixture(config(UPDATES));
        DhcpMessage ack = dora(f, mac(8), b -> b.hostName("Printer7"));
        assertEquals("printer7.lab.example", ack.hostName());
        Lease4 l = lease(f, ack);
        assertEquals("printer7.lab.example", l.hostname(), "option 12 names have no final dot (as Kea's file)");
        assertTrue(l.fqdnForward());
        assertTrue(l.fqdnReverse());
        assertNull(ack.option(81));

        DhcpMessage multi = dora(f, mac(9), b -> b.hostName("a.b"));
        assertEquals("a.b", multi.hostName(), "two labels or more are taken as qualified");
    }

    @Test
    void hostnameIsScrubbedAsObservedOnKea() {
        EngineFixture f = new EngineFixture(config(""));
        DhcpMessage ack = dora(f, mac(10), b -> b.hostName("my,host"));
        assertEquals("myhost", ack.hostName());
        assertEquals("myhost", lease(f, ack).hostname());
        assertFalse(lease(f, ack).fqdnForward(), "no updates without dhcp-ddns");

        EngineFixture x = new EngineFixture(config("\"hostname-char-set\": \"[^a-z.]\", "
                + "\"hostname-char-replacement\": \"x\","));
        assertEquals("xyxhostx", dora(x, mac(10), b -> b.hostName("My_host1")).hostName(),
                "scrubbed before it is lowered, as Kea: the capital M is replaced too");
    }

    @Test
    void replaceModesSupplyOrReplaceOption12() {
        EngineFixture always = new EngineFixture(config(UPDATES + "\"ddns-replace-client-name\": \"always\","));
        DhcpMessage none = dora(always, mac(11), b -> b);
        String gen = "myhost-" + Ipv4.toString(none.yiaddr()).replace('.', '-') + ".lab.example";
        assertEquals(gen, none.hostName(), "supplied although the client sent none");
        assertEquals(gen, lease(always, none).hostname());

        EngineFixture notPresent = new EngineFixture(config(UPDATES
                + "\"ddns-replace-client-name\": \"when-not-present\","));
        assertEquals("mine.lab.example", dora(notPresent, mac(12), b -> b.hostName("mine")).hostName());
        assertTrue(dora(notPresent, mac(13), b -> b).hostName().startsWith("myhost-192-0-2-"));

        EngineFixture never = new EngineFixture(config(UPDATES));
        DhcpMessage plain = dora(never, mac(14), b -> b);
        assertNull(plain.option(12));
        assertEquals("", lease(never, plain).hostname());
        assertFalse(lease(never, plain).fqdnForward());
    }

    @Test
    void reservedHostnameWinsAndIsSentEvenUnasked() {
        EngineFixture f = new EngineFixture(config(UPDATES));
        HardwareAddress reserved = HardwareAddress.parse("02:00:00:00:0f:01");
        DhcpMessage ack = dora(f, reserved, b -> b.hostName("other").parameterRequestList(1, 3));
        assertEquals("printer7.lab.example", ack.hostName());

        EngineFixture g = new EngineFixture(config(UPDATES));
        DhcpMessage ack81 = dora(g, reserved, b -> b.option(81, fqdn(S, ascii("other."))));
        assertArrayEquals(fqdn(S, ascii("printer7.lab.example.")), ack81.option(81));
        assertEquals("printer7.lab.example.", lease(g, ack81).hostname());
    }

    @Test
    void malformedNamesLeaveNoNameAndNoOption() {
        EngineFixture f = new EngineFixture(config(UPDATES));
        DhcpMessage bad = dora(f, mac(15), b -> b.hostName("a..b"));
        assertNull(bad.option(12));
        assertEquals("", lease(f, bad).hostname());
        DhcpMessage both = dora(f, mac(16), b -> b.option(81, fqdn(N | S, ascii("x."))));
        assertNull(both.option(81), "N and S both set: Kea's name processing fails and adds nothing");
    }
}
