package io.leasehold.dhcp.classify;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.function.ToIntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpressionTest {
    private static final ToIntFunction<String> NAMES = n -> switch (n) {
        case "host-name" -> 12;
        case "vendor-class-identifier" -> 60;
        case "dhcp-agent-options" -> 82;
        default -> -1;
    };

    private static boolean eval(String expr, PacketView p, String... classes) {
        Set<String> member = Set.of(classes);
        return Expressions.parse(expr, NAMES).test(p, member::contains);
    }

    @Test
    void seedPhonesClassMatchesAastraVendorClass() {
        String phones = "substring(option[60].hex,0,6) == 'Aastra'";
        assertTrue(eval(phones, new FakePacket().opt(60, "Aastra6731i")));
        assertFalse(eval(phones, new FakePacket().opt(60, "MSFT 5.0")));
        assertFalse(eval(phones, new FakePacket()), "missing option reads as empty");
    }

    @Test
    void memberNotAndOrFollowKeaPrecedence() {
        FakePacket p = new FakePacket();
        assertTrue(eval("member('phones') and member('HA_server1')", p, "phones", "HA_server1"));
        assertFalse(eval("member('phones') and member('HA_server1')", p, "phones", "HA_server2"));
        assertTrue(eval("not member('phones')", p));
        // not binds tighter than and, and tighter than or
        assertTrue(eval("not member('a') and member('b')", p, "b"));
        assertFalse(eval("not member('a') and member('b')", p, "a", "b"));
        assertTrue(eval("member('a') or member('b') and member('c')", p, "a"));
        assertFalse(eval("(member('a') or member('b')) and member('c')", p, "a"));
        assertEquals(Set.of("a", "b"), Expressions.parse("member('a') or not member('b')", NAMES).referencedClasses());
    }

    @Test
    void integersAreFourBytesSoHexOneByteDoesNotEqualOne() {
        FakePacket p = new FakePacket();
        assertTrue(eval("pkt4.msgtype == 1", p));
        assertFalse(eval("pkt4.msgtype == 0x01", p));
        assertTrue(eval("pkt4.msgtype == 0x00000001", p));
        assertTrue(eval("pkt4.transid == 0x12345678", p));
        assertTrue(eval("pkt4.htype == 1 and pkt4.hlen == 6", p));
    }

    @Test
    void addressFieldsCompareWithAddressLiterals() {
        FakePacket p = new FakePacket();
        p.giaddr = 0xC0A83801;
        p.ciaddr = 0x0A000005;
        assertTrue(eval("pkt4.giaddr == 192.168.56.1", p));
        assertTrue(eval("pkt4.ciaddr == 10.0.0.5 and pkt4.yiaddr == 0.0.0.0", p));
        assertTrue(eval("addrtotext(pkt4.giaddr) == '192.168.56.1'", p));
        assertTrue(eval("pkt.iface == 'eth0' and pkt.len == 300", p));
    }

    @Test
    void macAndHexstring() {
        FakePacket p = new FakePacket();
        assertTrue(eval("pkt4.mac == 0x000102030405", p));
        assertTrue(eval("hexstring(pkt4.mac, ':') == '00:01:02:03:04:05'", p));
        assertTrue(eval("substring(hexstring(pkt4.mac, ''), 0, 4) == '0001'", p));
    }

    @ParameterizedTest
    @CsvSource({
            "'substring(''foobar'', 0, 3) == ''foo'''",
            "'substring(''foobar'', 3, all) == ''bar'''",
            "'substring(''foobar'', -3, 2) == ''ba'''",
            "'substring(''foobar'', 4, -2) == ''ob'''",
            "'substring(''foobar'', 1, -5) == ''f'''",
            "'substring(''foobar'', 6, 1) == '''''",
            "'substring(''foobar'', -7, 1) == '''''",
            "'substring(''foobar'', 0, 100) == ''foobar'''",
            "'split(''a.b.c'', ''.'', 2) == ''b'''",
            "'split(''a.b.c'', ''.'', 4) == '''''",
            "'split(''a.b,c'', ''.,'', 3) == ''c'''",
            "'concat(''ab'', ''cd'') == ''abcd'''",
            "'''ab'' + ''cd'' == ''abcd'''",
            "'ifelse(member(''x''), ''yes'', ''no'') == ''no'''",
            "'uint8totext(0xff) == ''255'''",
            "'int8totext(0xff) == ''-1'''",
            "'uint16totext(0x0102) == ''258'''",
            "'uint32totext(0xffffffff) == ''4294967295'''",
            "'int32totext(0xffffffff) == ''-1'''",
            "'lcase(''AbC'') == ''abc'' and ucase(''AbC'') == ''ABC'''",
    })
    void stringFunctionsFollowKeaSemantics(String expr) {
        assertTrue(eval(expr, new FakePacket()), expr);
    }

    @Test
    void optionByNameSubOptionsAndRelayAgentInformation() {
        FakePacket p = new FakePacket().opt(12, "laptop-1")
                .opt(82, (byte) 1, (byte) 3, (byte) 'c', (byte) 'i', (byte) 'd', (byte) 2, (byte) 1, (byte) 9);
        p.rai.put(1, "cid".getBytes());
        assertTrue(eval("option[host-name].text == 'laptop-1'", p));
        assertTrue(eval("option[12].exists and not option[61].exists", p));
        assertTrue(eval("option[82].option[1].hex == 'cid'", p));
        assertTrue(eval("option[82].option[2].hex == 0x09", p));
        assertFalse(eval("option[82].option[5].exists", p));
        assertTrue(eval("relay4[1].hex == 'cid' and relay4[1].exists and not relay4[2].exists", p));
    }

    @Test
    void runtimeTypeErrorMakesTheTestFalse() {
        assertFalse(eval("addrtotext(0x010203) == '1.2.3'", new FakePacket()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "option[60].hex                          | expected a boolean expression but found a string at position 1",
            "member('a') == 'x'                      | expected a string expression but found a boolean at position 1",
            "option[nope].hex == 'x'                 | unknown option name 'nope' at position 8",
            "option[60].size == 'x'                  | expected hex, text or exists but found 'size' at position 12",
            "substring(option[60].hex, 0) == 'x'     | expected comma but found ')' at position 28",
            "'abc == 'x'                             | unterminated string at position 11",
            "pkt4.foo == 'x'                         | unknown pkt4 field 'foo' at position 6",
            "known                                   | 'known' is not a token; use member('KNOWN') or member('UNKNOWN') at position 1",
            "vendor[4491].exists                     | 'vendor' is not supported",
            "member('a') and                         | unexpected end of expression at position 16",
            "option[300].exists                      | option code out of range 0..255: 300 at position 8",
            "1 = 1                                   | expected '==' but found a single '=' at position 3",
            "(member('a')                            | expected rparen but found end of expression at position 13",
    })
    void badExpressionsNameTheProblemAndPosition(String expr, String message) {
        ExpressionException e = assertThrows(ExpressionException.class, () -> Expressions.parse(expr, NAMES));
        assertTrue(e.getMessage().startsWith(message.trim()), e.getMessage());
    }
}
