package io.leasehold.dhcp.testing;

import io.leasehold.dhcp.codec.DhcpDecodeException;
import io.leasehold.dhcp.codec.DhcpDecoder;
import io.leasehold.dhcp.codec.DhcpEncoder;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.codec.RelayAgentInfo;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A DHCPv4 client for tests that talks to a server as a relay agent would: every query carries {@code giaddr} (the
 * client's own address) and the relay-source-port sub-option (RFC 8357), so replies come back to this socket on
 * any port, without root. Every exchange is recorded for assertions.
 *
 * <pre>{@code
 * try (DhcpTestClient client = DhcpTestClient.relayTo(server.localAddress())) {
 *     DhcpTestClient.Lease lease = client.dora(HardwareAddress.parse("02:00:00:00:00:01"));
 *     client.release(lease);
 * }
 * }</pre>
 */
public final class DhcpTestClient implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final int giaddr;
    private final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());
    private int timeoutMillis = 5_000;

    /** One query and its answer ({@code null} when none came within the timeout). */
    public record Exchange(DhcpMessage query, DhcpMessage reply) {
    }

    /** A lease as the client sees it. */
    public record Lease(HardwareAddress hardwareAddress, int address, int serverId, long leaseTime, DhcpMessage ack) {
        /** The address as text. */
        public String addressText() {
            return Ipv4.toString(address);
        }
    }

    private DhcpTestClient(InetSocketAddress server, InetAddress local) throws IOException {
        this.server = server;
        this.socket = new DatagramSocket(new InetSocketAddress(local, 0));
        byte[] a = local.getAddress();
        this.giaddr = (a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | (a[3] & 0xff);
    }

    /** A client on 127.0.0.1 relaying to {@code server}. */
    public static DhcpTestClient relayTo(InetSocketAddress server) {
        try {
            return new DhcpTestClient(server, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client on {@code local} relaying to {@code server} (giaddr = {@code local}). */
    public static DhcpTestClient relayTo(InetSocketAddress server, InetAddress local) {
        try {
            return new DhcpTestClient(server, local);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How long to wait for each answer (default 5 s). */
    public DhcpTestClient timeoutMillis(int v) {
        this.timeoutMillis = v;
        return this;
    }

    /** The giaddr this client puts in its queries. */
    public int giaddr() {
        return giaddr;
    }

    /** A query builder for a client with this MAC: giaddr, relay port and a Kea-like parameter request list set. */
    public DhcpMessage.Builder query(DhcpMessageType type, HardwareAddress hw) {
        return DhcpMessage.builder().xid(ThreadLocalRandom.current().nextInt()).hardwareAddress(hw)
                .messageType(type).giaddr(giaddr).hops(1)
                .parameterRequestList(1, 3, 6, 12, 15, 28, 42, 51, 54, 58, 59)
                .relayAgentInfo(RelayAgentInfo.builder().circuitId("leasehold-test".getBytes()).relaySourcePort()
                        .build());
    }

    /** DISCOVER; returns the OFFER or null. */
    public DhcpMessage discover(HardwareAddress hw) {
        return exchange(query(DhcpMessageType.DISCOVER, hw).build());
    }

    /** DISCOVER then REQUEST (SELECTING); fails with {@link AssertionError} unless an ACK comes back. */
    public Lease dora(HardwareAddress hw) {
        return dora(hw, b -> { });
    }

    /** DORA with extra options on both queries (e.g. {@code b -> b.vendorClass("Aastra")}). */
    public Lease dora(HardwareAddress hw, Consumer<DhcpMessage.Builder> customizer) {
        DhcpMessage.Builder d = query(DhcpMessageType.DISCOVER, hw);
        customizer.accept(d);
        DhcpMessage offer = exchange(d.build());
        if (offer == null || offer.messageType() == null || offer.messageType().intValue() != 2) {
            throw new AssertionError("no OFFER for " + hw + ": " + offer);
        }
        DhcpMessage.Builder r = query(DhcpMessageType.REQUEST, hw).requestedAddress(offer.yiaddr())
                .serverIdentifier(offer.serverIdentifier().orElse(0));
        customizer.accept(r);
        return expectAck(hw, exchange(r.build()));
    }

    /** RENEWING: REQUEST with ciaddr (through the relay). */
    public Lease renew(Lease lease) {
        return expectAck(lease.hardwareAddress(), exchange(query(DhcpMessageType.REQUEST, lease.hardwareAddress())
                .ciaddr(lease.address()).build()));
    }

    /**
     * REBINDING: REQUEST with ciaddr and no server identifier, as a client sends once T2 passed. Through the relay
     * like every query of this client; the server treats it as Kea does (same handling as RENEWING).
     */
    public Lease rebind(Lease lease) {
        return expectAck(lease.hardwareAddress(), exchange(query(DhcpMessageType.REQUEST, lease.hardwareAddress())
                .ciaddr(lease.address()).flags(DhcpMessage.FLAG_BROADCAST).build()));
    }

    /** INIT-REBOOT: REQUEST with option 50 and no server identifier; returns the reply (ACK or NAK) or null. */
    public DhcpMessage initReboot(HardwareAddress hw, int address) {
        return exchange(query(DhcpMessageType.REQUEST, hw).requestedAddress(address).build());
    }

    /** RELEASE (never answered). */
    public void release(Lease lease) {
        send(query(DhcpMessageType.RELEASE, lease.hardwareAddress()).ciaddr(lease.address())
                .serverIdentifier(lease.serverId()).build());
    }

    /** DECLINE (never answered). */
    public void decline(Lease lease) {
        send(query(DhcpMessageType.DECLINE, lease.hardwareAddress()).requestedAddress(lease.address())
                .serverIdentifier(lease.serverId()).build());
    }

    /** INFORM from a client that has {@code ciaddr}; returns the ACK or null. */
    public DhcpMessage inform(HardwareAddress hw, int ciaddr) {
        return exchange(query(DhcpMessageType.INFORM, hw).ciaddr(ciaddr).build());
    }

    /** Sends a query and waits for the answer with its transaction id; null after the timeout. */
    public synchronized DhcpMessage exchange(DhcpMessage query) {
        send0(query);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        byte[] buf = new byte[2048];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                exchanges.add(new Exchange(query, null));
                return null;
            }
            try {
                socket.setSoTimeout((int) Math.max(1, left));
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                DhcpMessage reply = DhcpDecoder.decode(p.getData(), 0, p.getLength());
                if (reply.xid() == query.xid()) {
                    exchanges.add(new Exchange(query, reply));
                    return reply;
                }
            } catch (SocketTimeoutException e) {
                exchanges.add(new Exchange(query, null));
                return null;
            } catch (DhcpDecodeException e) {
                // not a DHCP answer; keep waiting
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Sends a query that has no answer (RELEASE, DECLINE) and records it. */
    public synchronized void send(DhcpMessage query) {
        send0(query);
        exchanges.add(new Exchange(query, null));
    }

    private void send0(DhcpMessage query) {
        ByteBuf b = Unpooled.buffer(576);
        try {
            DhcpEncoder.DEFAULT.encode(query, b);
            byte[] out = new byte[b.readableBytes()];
            b.readBytes(out);
            socket.send(new DatagramPacket(out, out.length, server));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            b.release();
        }
    }

    private static Lease expectAck(HardwareAddress hw, DhcpMessage ack) {
        if (ack == null || ack.messageType() == null || ack.messageType().intValue() != 5) {
            throw new AssertionError("no ACK for " + hw + ": " + ack);
        }
        return new Lease(hw, ack.yiaddr(), ack.serverIdentifier().orElse(0), ack.leaseTime().orElse(0), ack);
    }

    /** Every exchange so far, in order. */
    public List<Exchange> exchanges() {
        synchronized (exchanges) {
            return List.copyOf(exchanges);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
