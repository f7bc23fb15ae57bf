package io.leasehold.dhcp.server.internal;

import io.leasehold.dhcp.codec.DhcpDecodeException;
import io.leasehold.dhcp.codec.DhcpEncoder;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.codec.MessageSlot;
import io.leasehold.dhcp.engine.DhcpEngine;
import io.leasehold.dhcp.engine.DropReason;
import io.leasehold.dhcp.engine.Outcome;
import io.leasehold.dhcp.engine.QueryContext;
import io.leasehold.dhcp.engine.QueryHook;
import io.leasehold.dhcp.engine.internal.ClientKey;
import io.leasehold.dhcp.engine.internal.IdentityCache;
import io.leasehold.dhcp.engine.internal.ClientSerializer;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.server.ServerListener;
import io.leasehold.dhcp.server.ServiceState;
import io.leasehold.dhcp.stats.Statistic;
import io.leasehold.dhcp.stats.StatisticsRegistry;
import io.leasehold.dhcp.transport.InboundPacket;
import io.leasehold.dhcp.transport.ListenerInfo;
import io.leasehold.dhcp.transport.PacketHandler;
import io.leasehold.dhcp.transport.ReplyDestination;
import io.leasehold.dhcp.transport.Responder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * From received datagram to sent reply: decode (failures counted and dropped), service check, per-client
 * serialisation, the engine, then the HA hook's {@code leasesCommitted} stage, which parks the reply without
 * blocking the worker until the partner has acknowledged, and finally encoding within the client's maximum message
 * size.
 */
public final class PacketPipeline implements PacketHandler {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.server");

    private final DhcpEngine engine;
    private final ServiceState service;
    private final QueryHook hook;
    private final ServerListener listener;
    /** The transport's listeners, by index; set once the sockets are open (empty before). */
    private volatile List<ListenerInfo> listeners = List.of();
    private final ClientSerializer<Work> serializer = new ClientSerializer<>();
    private final AtomicInteger parked = new AtomicInteger();
    private final long parkedLimit;
    private final Statistic serviceDisabledDrops;

    private record Work(DhcpMessage query, QueryContext ctx, Responder responder) {
        /** This work with a query that stays valid however long it is kept (see {@link MessageSlot}). */
        Work owned() {
            return query.isInSlot() ? new Work(query.owned(), ctx, responder) : this;
        }
    }

    /**
     * Each thread's storage for the query it decodes and the reply it builds: a packet that is processed on the
     * thread that received it, and answered at once, allocates no message. Whatever keeps either longer takes an
     * owned copy first: a query left waiting behind its client's packet in flight, a reply parked for the HA
     * partner's acknowledgement, and what the hook and listener are given outside the query's processing.
     */
    private static final class Slots {
        final MessageSlot queries = new MessageSlot();
        final MessageSlot replies = new MessageSlot();
        final ContextCache contexts = new ContextCache();
    }

    private static final ThreadLocal<Slots> SLOTS = ThreadLocal.withInitial(Slots::new);

    public PacketPipeline(DhcpEngine engine, ServiceState service, QueryHook hook, ServerListener listener,
                          long parkedLimit, StatisticsRegistry stats) {
        this.engine = engine;
        this.service = service;
        this.hook = hook;
        this.listener = listener;
        this.parkedLimit = parkedLimit <= 0 ? Long.MAX_VALUE : parkedLimit;
        this.serviceDisabledDrops = stats.statistic("pkt4-service-disabled");
    }

    /** The listeners that {@link InboundPacket#interfaceIndex()} refers to (the transport's, once open). */
    public void listeners(List<ListenerInfo> v) {
        this.listeners = List.copyOf(v);
    }

    @Override
    public void handle(InboundPacket p, Responder responder) {
        DhcpMessage q;
        QueryContext ctx;
        try {
            Slots slots = SLOTS.get();
            q = slots.queries.decode(p.content());
            ctx = context(p, slots);
        } catch (DhcpDecodeException e) {
            engine.countParseFailure();
            LOG.debug("LH_DROP_PARSE_FAILED packet from {}: {}", p.sender(), e.getMessage());
            return;
        } finally {
            p.release();
        }
        if (!service.isEnabled()) {
            serviceDisabledDrops.increment();
            return;
        }
        IdentityCache ids = IdentityCache.SHARED;
        ClientKey key = ids.key(q, ids.hardwareAddress(q), ids.clientId(q), true);
        serializer.submit(key, new Work(q, ctx, responder), this::process, w -> {
            engine.countDrop(DropReason.DUPLICATE_IN_FLIGHT);
            listener.packetDropped(w.query(), DropReason.DUPLICATE_IN_FLIGHT, "superseded by a retransmission");
        }, Work::owned);
    }

    private void process(Work w) {
        Outcome o = engine.process(w.query(), w.ctx(), SLOTS.get().replies);
        notifyLeases(w.query(), o);
        if (!o.hasReply()) {
            if (o.dropReason() != DropReason.NO_REPLY_BY_PROTOCOL) {
                listener.packetDropped(w.query().owned(), o.dropReason(), o.detail());
            }
            if (o.changedLeases()) {
                hook.leasesCommitted(w.query().owned(), o.updated(), o.deleted());
            }
            return;
        }
        if (!o.changedLeases() || hook == QueryHook.NONE) {
            // Nothing to wait for (no lease changed, or no hook to tell): the reply goes now, from the slot.
            send(w, o.reply(), o.destination());
            return;
        }
        if (parked.incrementAndGet() > parkedLimit) {
            parked.decrementAndGet();
            engine.countDrop(DropReason.PARKING_LOT_FULL);
            listener.packetDropped(w.query().owned(), DropReason.PARKING_LOT_FULL, "parked-packet-limit reached");
            return;
        }
        // Parked until the partner answers, on another thread: query and reply leave this thread's slots.
        Work kept = w.owned();
        DhcpMessage reply = o.reply().owned();
        hook.leasesCommitted(kept.query(), o.updated(), o.deleted()).whenComplete((ok, err) -> {
            parked.decrementAndGet();
            if (err == null && Boolean.TRUE.equals(ok)) {
                send(kept, reply, o.destination());
            } else {
                engine.countDrop(DropReason.LEASE_UPDATE_FAILED);
                listener.packetDropped(kept.query(), DropReason.LEASE_UPDATE_FAILED,
                        err == null ? "partner refused the lease update" : err.toString());
            }
        });
    }

    private void send(Work w, DhcpMessage reply, ReplyDestination destination) {
        int max = w.query().maxMessageSize().orElse(DhcpEncoder.MIN_MAX_MESSAGE_SIZE);
        ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(DhcpEncoder.MIN_MAX_MESSAGE_SIZE);
        try {
            DhcpEncoder.DEFAULT.encode(reply, buf, Math.max(max, DhcpEncoder.MIN_MAX_MESSAGE_SIZE));
        } catch (RuntimeException e) {
            buf.release();
            LOG.warn("LH_ENCODE_FAILED reply to xid 0x{} could not be encoded", Integer.toHexString(reply.xid()), e);
            return;
        }
        // Counted before handing the reply to the socket (the write is asynchronous either way), so a client that
        // has received it also sees it in pkt4-sent / pkt4-ack-sent.
        engine.countSent(reply);
        w.responder().send(buf, destination);
    }

    private void notifyLeases(DhcpMessage q, Outcome o) {
        DhcpMessageType t = q.messageType();
        int type = t == null ? 3 : t.intValue();
        List<Lease4> updated = o.updated();
        for (int i = 0; i < updated.size(); i++) { // indexed: no iterator per reply
            Lease4 l = updated.get(i);
            if (type == 4) {
                listener.leaseDeclined(l);
            } else if (q.ciaddr() != 0 && q.ciaddr() == l.address()) {
                listener.leaseRenewed(l);
            } else {
                listener.leaseGranted(l);
            }
        }
        if (type == 7) {
            o.deleted().forEach(listener::leaseReleased);
        }
    }

    private QueryContext context(InboundPacket p, Slots slots) {
        List<ListenerInfo> infos = listeners;
        ListenerInfo info = p.interfaceIndex() >= 0 && p.interfaceIndex() < infos.size()
                ? infos.get(p.interfaceIndex()) : null;
        int[] ifAddrs = info == null ? NO_ADDRESSES : interfaceAddresses(infos, p.interfaceIndex());
        int local;
        if (p.recipient() != null && !p.isBroadcast() && toInt(p.recipient()) != 0) {
            local = toInt(p.recipient());
        } else {
            local = info == null ? 0 : info.primaryAddress();
        }
        return slots.contexts.get(p.interfaceName(), ifAddrs, local, toInt(p.sender()), p.sender().getPort(),
                p.isBroadcast(), p.content().readableBytes());
    }

    private static final int[] NO_ADDRESSES = new int[0];

    /** Per listener, its addresses as ints, for the listener list they were converted from. */
    private record ListenerAddresses(List<ListenerInfo> infos, int[][] addresses) {
    }

    private volatile ListenerAddresses listenerAddresses;

    /**
     * The listener's addresses, converted once per listener list rather than with a stream per packet. The list is
     * replaced, not changed, when sockets are reopened, so identity tells whether the conversion is current. The
     * array is shared between packets; nothing on the query path writes to it.
     */
    private int[] interfaceAddresses(List<ListenerInfo> infos, int index) {
        ListenerAddresses c = listenerAddresses;
        if (c == null || c.infos != infos) {
            int[][] all = new int[infos.size()][];
            for (int i = 0; i < all.length; i++) {
                all[i] = infos.get(i).addresses().stream().mapToInt(Integer::intValue).toArray();
            }
            c = new ListenerAddresses(infos, all);
            listenerAddresses = c;
        }
        return c.addresses[index];
    }

    private static int toInt(InetSocketAddress a) {
        if (a == null || a.getAddress() == null) {
            return 0;
        }
        byte[] b = a.getAddress().getAddress();
        if (b.length != 4) {
            return 0;
        }
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** Replies waiting for the HA partner. */
    public int parked() {
        return parked.get();
    }
}
