package io.leasehold.dhcp.classify;

import java.util.HashMap;
import java.util.Map;

/** A hand-built {@link PacketView} for expression tests. */
final class FakePacket implements PacketView {
    final Map<Integer, byte[]> options = new HashMap<>();
    final Map<Integer, byte[]> rai = new HashMap<>();
    byte[] chaddr = {0, 1, 2, 3, 4, 5};
    int htype = 1;
    int ciaddr;
    int giaddr;
    int yiaddr;
    int siaddr;
    int msgtype = 1;
    int xid = 0x12345678;
    String iface = "eth0";
    int src;
    int dst = -1;
    int len = 300;

    FakePacket opt(int code, String text) {
        options.put(code, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return this;
    }

    FakePacket opt(int code, byte... bytes) {
        options.put(code, bytes);
        return this;
    }

    @Override
    public byte[] option(int code) {
        return options.get(code);
    }

    @Override
    public byte[] relayAgentSubOption(int code) {
        return rai.get(code);
    }

    @Override
    public byte[] chaddr() {
        return chaddr;
    }

    @Override
    public int htype() {
        return htype;
    }

    @Override
    public int hlen() {
        return chaddr.length;
    }

    @Override
    public int ciaddr() {
        return ciaddr;
    }

    @Override
    public int giaddr() {
        return giaddr;
    }

    @Override
    public int yiaddr() {
        return yiaddr;
    }

    @Override
    public int siaddr() {
        return siaddr;
    }

    @Override
    public int messageType() {
        return msgtype;
    }

    @Override
    public int transactionId() {
        return xid;
    }

    @Override
    public String interfaceName() {
        return iface;
    }

    @Override
    public int sourceAddress() {
        return src;
    }

    @Override
    public int destinationAddress() {
        return dst;
    }

    @Override
    public int length() {
        return len;
    }
}
