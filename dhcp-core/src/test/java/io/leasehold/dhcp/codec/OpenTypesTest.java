package io.leasehold.dhcp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OpenTypesTest {
    @Test
    void optionCodesKeepUnknownValuesAndUseKeaNames() {
        assertSame(DhcpOptionCode.SUBNET_MASK, DhcpOptionCode.valueOf(1));
        assertEquals("dhcp-agent-options", DhcpOptionCode.valueOf(82).name());
        assertEquals("fqdn", DhcpOptionCode.FQDN.name());
        assertEquals("subnet-selection", DhcpOptionCode.valueOf(118).name());
        assertEquals("v6-only-preferred", DhcpOptionCode.valueOf(108).name());
        assertEquals("classless-static-route", DhcpOptionCode.valueOf(121).name());
        assertEquals("dhcp-message-type(53)", DhcpOptionCode.DHCP_MESSAGE_TYPE.toString());
        DhcpOptionCode unknown = DhcpOptionCode.valueOf(224);
        assertFalse(unknown.isKnown());
        assertEquals(224, unknown.intValue());
        assertEquals("unknown-224", unknown.name());
        assertSame(unknown, DhcpOptionCode.valueOf(224));
        assertTrue(DhcpOptionCode.valueOf(1).compareTo(unknown) < 0);
        for (int code = 0; code < 256; code++) {
            assertEquals(code, DhcpOptionCode.valueOf(code).intValue());
        }
        assertThrows(IllegalArgumentException.class, () -> DhcpOptionCode.valueOf(256));
        assertThrows(IllegalArgumentException.class, () -> DhcpOptionCode.valueOf(-1));
    }

    @Test
    void messageTypesKeepUnknownValues() {
        assertSame(DhcpMessageType.DISCOVER, DhcpMessageType.valueOf(1));
        assertEquals("DHCPINFORM", DhcpMessageType.valueOf(8).name());
        assertEquals("DHCPLEASEQUERYSTATUS", DhcpMessageType.valueOf(17).name());
        assertEquals("DHCPACK(5)", DhcpMessageType.ACK.toString());
        DhcpMessageType unknown = DhcpMessageType.valueOf(0);
        assertFalse(unknown.isKnown());
        assertEquals("UNKNOWN_0", unknown.name());
        assertEquals(DhcpMessageType.valueOf(99), DhcpMessageType.valueOf(99));
        assertEquals(99, DhcpMessageType.valueOf(99).hashCode());
        for (int v = 0; v < 256; v++) {
            assertEquals(v, DhcpMessageType.valueOf(v).intValue());
        }
        assertThrows(IllegalArgumentException.class, () -> DhcpMessageType.valueOf(256));
    }
}
