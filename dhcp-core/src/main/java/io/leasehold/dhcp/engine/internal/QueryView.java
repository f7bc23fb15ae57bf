package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.classify.PacketView;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.codec.RelayAgentInfo;
import io.leasehold.dhcp.engine.QueryContext;

/** A decoded query and its arrival context, as classification expressions see them. */
final class QueryView implements PacketView {
    private final DhcpMessage m;
    private final QueryContext ctx;

    QueryView(DhcpMessage m, QueryContext ctx) {
        this.m = m;
        this.ctx = ctx;
    }

    @Override
    public byte[] option(int code) {
        return m.option(code);
    }

    @Override
    public byte[] relayAgentSubOption(int code) {
        RelayAgentInfo rai = m.relayAgentInfo();
        return rai == null ? null : rai.subOption(code);
    }

    @Override
    public byte[] chaddr() {
        return m.hardwareAddress().toByteArray();
    }

    @Override
    public int htype() {
        return m.htype();
    }

    @Override
    public int hlen() {
        return m.hlen();
    }

    @Override
    public int ciaddr() {
        return m.ciaddr();
    }

    @Override
    public int giaddr() {
        return m.giaddr();
    }

    @Override
    public int yiaddr() {
        return m.yiaddr();
    }

    @Override
    public int siaddr() {
        return m.siaddr();
    }

    @Override
    public int messageType() {
        DhcpMessageType t = m.messageType();
        return t == null ? 0 : t.intValue();
    }

    @Override
    public int transactionId() {
        return m.xid();
    }

    @Override
    public String interfaceName() {
        return ctx.interfaceName() == null ? "" : ctx.interfaceName();
    }

    @Override
    public int sourceAddress() {
        return ctx.sourceAddress();
    }

    @Override
    public int destinationAddress() {
        return ctx.broadcast() ? -1 : ctx.localAddress();
    }

    @Override
    public int length() {
        return ctx.length();
    }
}
