package io.leasehold.dhcp.transport.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** A reply's destination address, kept for the next reply to it, is never handed out for another address. */
class ListenerChannelDestinationTest {
    private static byte[] bytes(int a) {
        return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
    }

    @Test
    void everyAddressGetsItsOwnInetAddressAndARepeatedOneTheSame() {
        // 4,096 addresses over 64 entries: every entry is shared by many of them
        for (int round = 0; round < 2; round++) {
            for (int a = 0x0a000000; a < 0x0a001000; a++) {
                assertArrayEquals(bytes(a), ListenerChannel.toInet(a).getAddress());
            }
        }
        int relay = 0xc0a80101;
        assertSame(ListenerChannel.toInet(relay), ListenerChannel.toInet(relay));
        assertArrayEquals(bytes(-1), ListenerChannel.toInet(-1).getAddress());
    }
}
