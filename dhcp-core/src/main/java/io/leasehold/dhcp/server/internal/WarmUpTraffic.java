package io.leasehold.dhcp.server.internal;

import io.leasehold.dhcp.codec.DhcpEncoder;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.codec.RelayAgentInfo;
import io.leasehold.dhcp.config.InterfacesConfig;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.Subnet4;
import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.transport.InboundPacket;
import io.leasehold.dhcp.transport.ListenerInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The warm-up's synthetic queries, as wire bytes in pooled direct buffers like the ones the sockets deliver, so that
 * the decoder, the engine and the encoder run exactly as for received packets. Every subnet with a pool is a target
 * twice: reached through a relay (giaddr = the subnet's first relay address, else its first host address, with an
 * option 82) and directly (a broadcast on a listener pinned to an interface whose address is in the subnet). The
 * listeners are made up ({@link #listeners()}), and so is the server's address ({@link #SERVER}, from the
 * documentation range 192.0.2.0/24): nothing here is ever sent anywhere.
 *
 * <p>Clients vary the way real ones do: with and without a client identifier, host name, vendor class, maximum
 * message size and parameter request list (three kinds); hardware addresses {@code 02:4c:48:xx:xx:xx} (locally
 * administered). Relayed queries arrive on the relay socket and on the first interface's socket, as they do on a
 * server with interfaces.
 */
final class WarmUpTraffic {
    /** The made-up address of the relay listener, which relayed queries are sent to (RFC 5737 documentation range). */
    static final int SERVER = 0xc0000201;
    /** Parameter request lists: a long one, perfdhcp's, and a short one without the routers and name servers. */
    private static final int[][] PRLS = {{1, 3, 6, 12, 15, 28, 42, 51, 54, 58, 59, 119}, {1, 28, 2, 3, 15, 6, 12},
        {1, 28, 51}};
    private static final int MAX_TARGETS = 64;

    /** Pools of at least this many addresses keep most warm-up leases (see {@link WarmUpClient}). */
    static final long LARGE_POOL = 1 << 16;

    /**
     * One way to reach a subnet: relayed through {@code giaddr}, or directly on listener {@code listener};
     * {@code largePool} when the subnet's pools hold at least {@link #LARGE_POOL} addresses.
     */
    record Target(int giaddr, int listener, int interfaceAddress, String interfaceName, boolean largePool) {
        boolean relayed() {
            return giaddr != 0;
        }

        /** The address the client names in option 54 and sends unicasts to. */
        int server() {
            return relayed() ? SERVER : interfaceAddress;
        }
    }

    private final List<Target> targets = new ArrayList<>();
    private final List<ListenerInfo> listeners = new ArrayList<>();
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

    WarmUpTraffic(KeaConfig config) {
        String ifname = "lh-warmup";
        for (InterfacesConfig.InterfaceSpec s : config.interfaces().interfaces()) {
            if (!s.wildcard()) {
                ifname = s.name();
                break;
            }
        }
        listeners.add(new ListenerInfo(0, null, List.of()));
        for (Subnet4 s : config.subnets()) {
            if (s.pools().isEmpty() || targets.size() >= MAX_TARGETS) {
                continue;
            }
            int host = s.prefix().length() >= 31 ? s.prefix().network() : s.prefix().network() + 1;
            int giaddr = s.relayAddresses().isEmpty() ? host : s.relayAddresses().get(0);
            boolean large = s.poolCapacity() >= LARGE_POOL;
            targets.add(new Target(giaddr, 0, 0, null, large));
            String name = s.interfaceName().orElse(ifname);
            listeners.add(new ListenerInfo(listeners.size(), name, List.of(host)));
            targets.add(new Target(0, listeners.size() - 1, host, name, large));
        }
    }

    List<Target> targets() {
        return targets;
    }

    /** The listeners the packets claim to arrive on: the relay socket (index 0), then one per direct target. */
    List<ListenerInfo> listeners() {
        return List.copyOf(listeners);
    }

    static HardwareAddress mac(int client) {
        return HardwareAddress.ethernet(new byte[] {0x02, 0x4c, 0x48, (byte) (client >>> 16), (byte) (client >>> 8),
            (byte) client});
    }

    /** A client's query of {@code type} with the options that client always sends. */
    private static DhcpMessage.Builder query(DhcpMessageType type, int client, Target t) {
        HardwareAddress mac = mac(client);
        DhcpMessage.Builder b = DhcpMessage.builder().xid(0x4c480000 ^ client * 31 ^ type.intValue())
                .hardwareAddress(mac).messageType(type);
        if (client % 7 != 6) {
            b.parameterRequestList(PRLS[client % PRLS.length]);
        }
        if (client % 4 != 3) {
            byte[] id = new byte[7];
            id[0] = 1;
            System.arraycopy(mac.toByteArray(), 0, id, 1, 6);
            b.clientId(ClientId.of(id));
        }
        if (client % 4 == 1) {
            b.hostName("warmup-" + client);
        }
        if (client % 2 == 0) {
            b.maxMessageSize(1500);
        }
        if (client % 8 == 5) {
            b.vendorClass("MSFT 5.0");
        }
        if (t.relayed()) {
            b.hops(1).giaddr(t.giaddr());
            // many relays add option 82, some do not (perfdhcp's does not): both branches of the reply path
            // (echoing option 82, the relay source port) must have been taken before real traffic comes
            if (client % 3 != 2) {
                b.relayAgentInfo(RelayAgentInfo.builder().circuitId("warmup".getBytes(StandardCharsets.US_ASCII))
                        .remoteId(mac.toByteArray()).build());
            }
        } else if (client % 2 == 1) {
            b.broadcast(true);
        }
        return b;
    }

    InboundPacket discover(int client, Target t) {
        return arrive(query(DhcpMessageType.DISCOVER, client, t).build(), t, 0, false);
    }

    /** SELECTING: the offered address in option 50 and the server in option 54. */
    InboundPacket select(int client, Target t, int offered) {
        return arrive(query(DhcpMessageType.REQUEST, client, t).requestedAddress(offered)
                .serverIdentifier(t.server()).build(), t, 0, false);
    }

    /** RENEWING: ciaddr set, no options 50 and 54, unicast from the client to the server. */
    InboundPacket renew(int client, Target t, int address) {
        DhcpMessage.Builder b = query(DhcpMessageType.REQUEST, client, t).ciaddr(address);
        if (t.relayed()) {
            b.giaddr(0).hops(0).removeOption(82);
        }
        return arrive(b.build(), t, address, true);
    }

    /** REBINDING: ciaddr set, broadcast (directly) or through the relay. */
    InboundPacket rebind(int client, Target t, int address) {
        return arrive(query(DhcpMessageType.REQUEST, client, t).ciaddr(address).build(), t, 0, false);
    }

    /** INIT-REBOOT: option 50 without option 54 (for another address than the client's, the answer is a NAK). */
    InboundPacket reboot(int client, Target t, int address) {
        return arrive(query(DhcpMessageType.REQUEST, client, t).requestedAddress(address).build(), t, 0, false);
    }

    InboundPacket release(int client, Target t, int address) {
        DhcpMessage.Builder b = query(DhcpMessageType.RELEASE, client, t).ciaddr(address)
                .serverIdentifier(t.server()).removeOption(55);
        if (t.relayed()) {
            b.giaddr(0).hops(0).removeOption(82);
        }
        return arrive(b.build(), t, address, true);
    }

    InboundPacket inform(int client, Target t, int address) {
        return arrive(query(DhcpMessageType.INFORM, client, t).ciaddr(address).build(), t, address, true);
    }

    /**
     * The packet as the transport would hand it over: relayed ones from the relay's port 67 to {@link #SERVER};
     * direct ones broadcast on their listener, or unicast from {@code from} when {@code unicast}.
     */
    private InboundPacket arrive(DhcpMessage m, Target t, int from, boolean unicast) {
        int length = DhcpEncoder.DEFAULT.encodedLength(m);
        // recvmmsg hands over slices of one batch buffer, a single read the buffer itself: both kinds, like there
        ByteBuf batch = alloc.directBuffer(length);
        DhcpEncoder.DEFAULT.encode(m, batch);
        ByteBuf content = batch;
        if ((m.xid() & 1) == 0) {
            content = batch.retainedSlice();
            batch.release();
        }
        InetSocketAddress sender;
        InetSocketAddress recipient;
        if (unicast) {
            sender = new InetSocketAddress(inet(from), 68);
            recipient = new InetSocketAddress(inet(t.server()), 67);
        } else if (t.relayed()) {
            sender = new InetSocketAddress(inet(t.giaddr()), 67);
            recipient = new InetSocketAddress(inet(SERVER), 67);
        } else {
            sender = new InetSocketAddress(inet(0), 68);
            recipient = new InetSocketAddress(inet(0xffffffff), 67);
        }
        // relayed queries reach a server with interfaces through the socket pinned to the interface as well as
        // through the relay socket: both
        int listener = t.relayed() && !unicast && (m.xid() & 2) != 0 && listeners.size() > 1 ? 1
                : unicast && t.relayed() ? 0 : t.listener();
        return new InboundPacket(content, sender, recipient, listeners.get(listener).interfaceName(), listener,
                System.nanoTime());
    }

    private static InetAddress inet(int a) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8),
                (byte) a});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
