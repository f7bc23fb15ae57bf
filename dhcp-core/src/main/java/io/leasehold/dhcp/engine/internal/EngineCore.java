package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.MessageSlot;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.codec.RelayAgentInfo;
import io.leasehold.dhcp.config.Reservation;
import io.leasehold.dhcp.config.ServerSettings;
import io.leasehold.dhcp.ddns.NameChangeSink;
import io.leasehold.dhcp.engine.DropReason;
import io.leasehold.dhcp.engine.EngineConfig;
import io.leasehold.dhcp.engine.Outcome;
import io.leasehold.dhcp.engine.QueryContext;
import io.leasehold.dhcp.engine.QueryHook;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.stats.StatisticsRegistry;
import io.leasehold.dhcp.time.Clock;
import io.leasehold.dhcp.transport.ReplyDestination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Message handling (Kea §2): accept checks, classification, subnet selection, reservations, then DISCOVER, REQUEST,
 * RELEASE, DECLINE, INFORM and BOOTP. The compiled configuration is read once per query from a volatile field so a
 * reconfiguration never mixes two generations within one query.
 *
 * <p>Lease changes outside packet processing (reclamation, flush, commands, the HA partner) are {@link LeaseUpkeep}'s;
 * which statistics a packet counts in is {@link EngineStats}'.
 *
 * <p>Why it stays one class at about 480 lines: it is one concern, the per-message decision flow, and the shared-store
 * retries (an address another server committed first) belong inside the DISCOVER/REQUEST steps they retry. The
 * reconfiguration (runtime swap, statistics recount under {@link ChangeGate}) is the part that would move out next.
 */
public final class EngineCore {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.engine");
    /** Most addresses one BOOTP request or address-less REQUEST tries to commit before it is NAKed. */
    static final int MAX_CHOICES = 4;

    private final LeaseStore store;
    private final Clock clock;
    private final EngineStats stats;
    private final QueryHook hook;
    private final int serverPort;
    private final int clientPort;
    private final long offerHoldMillis;
    private final Set<Integer> localAddresses;
    private final OfferTable offers;
    private final AddressAssignment assignment;
    private final LeaseUpkeep upkeep;
    private final NameChanges names;
    private volatile EngineRuntime rt;
    private final io.leasehold.dhcp.alloc.AllocatorFactory allocators;
    private volatile ReplyFactory replies;
    private final ChangeGate gate = new ChangeGate();

    public EngineCore(EngineConfig config, LeaseStore store, Clock clock, StatisticsRegistry stats, QueryHook hook,
                      int serverPort, int clientPort, long offerHoldMillis, Set<Integer> localAddresses) {
        this(config, store, clock, stats, hook, serverPort, clientPort, offerHoldMillis, localAddresses,
                io.leasehold.dhcp.alloc.AllocatorFactory.SHIPPED);
    }

    public EngineCore(EngineConfig config, LeaseStore store, Clock clock, StatisticsRegistry stats, QueryHook hook,
                      int serverPort, int clientPort, long offerHoldMillis, Set<Integer> localAddresses,
                      io.leasehold.dhcp.alloc.AllocatorFactory allocators) {
        this(config, store, clock, stats, hook, serverPort, clientPort, offerHoldMillis, localAddresses, allocators,
                NameChangeSink.NONE);
    }

    public EngineCore(EngineConfig config, LeaseStore store, Clock clock, StatisticsRegistry stats, QueryHook hook,
                      int serverPort, int clientPort, long offerHoldMillis, Set<Integer> localAddresses,
                      io.leasehold.dhcp.alloc.AllocatorFactory allocators, NameChangeSink nameChanges) {
        this.allocators = allocators;
        this.store = store;
        this.clock = clock;
        this.stats = new EngineStats(stats);
        this.hook = hook;
        this.serverPort = serverPort;
        this.clientPort = clientPort;
        this.offerHoldMillis = offerHoldMillis;
        this.localAddresses = localAddresses;
        this.offers = new OfferTable(clock, offerHoldMillis);
        this.assignment = new AddressAssignment(store, offers, this.stats);
        this.names = new NameChanges(nameChanges, this::runtime);
        this.upkeep = new LeaseUpkeep(store, clock, this.stats, offers, this::runtime, names, gate);
        reconfigure(config);
    }

    public EngineRuntime runtime() {
        return rt;
    }

    /** Lease changes outside packet processing: reclamation, flush, commands and the HA partner. */
    public LeaseUpkeep upkeep() {
        return upkeep;
    }

    /** Dynamic DNS: the name change requests this engine sends. */
    public NameChanges nameChanges() {
        return names;
    }

    /** Told the id of each subnet whose allocator had no free address for a client; see {@link AddressAssignment}. */
    public void exhaustedListener(java.util.function.LongConsumer listener) {
        assignment.exhaustedListener(listener);
    }

    /** The statistics, and the counting of packets the server does outside {@link #process}. */
    public EngineStats statistics() {
        return stats;
    }

    // ---- configuration ----

    public synchronized void reconfigure(EngineConfig config) {
        EngineRuntime next = new EngineRuntime(config, clock, offerHoldMillis, allocators);
        next.loadLeases(store);
        gate.exclusive(() -> {
            EngineRuntime old = this.rt;
            this.replies = new ReplyFactory(config.serverSettings().echoClientId());
            this.rt = next;
            if (old != null) {
                for (SubnetRuntime s : old.subnets) {
                    stats.registry.removeByPrefix(StatisticsRegistry.subnetStat(s.id(), ""));
                }
            }
            stats.recount(next, store);
        });
    }

    /** See {@code DhcpEngine#changingLeases}. */
    public <T> T changingLeases(java.util.function.Supplier<T> change) {
        long stamp = gate.enter();
        try {
            return change.get();
        } finally {
            gate.leave(stamp);
        }
    }

    // ---- processing ----

    /** See {@code DhcpEngine#process}: with {@code replies} null, each reply is a new message. */
    public Outcome process(DhcpMessage q, QueryContext ctx, MessageSlot replies) {
        stats.received.increment();
        stats.countReceived(q);
        Outcome o;
        long stamp = gate.enter(); // see ChangeGate: no reconfiguration between a lease change and its statistics
        try {
            o = handle(q, ctx, this.rt, replies);
        } catch (RuntimeException e) {
            LOG.warn("LH_PROCESSING_FAILED query xid 0x{} failed", Integer.toHexString(q.xid()), e);
            o = Outcome.drop(DropReason.PROCESSING_FAILED, e.toString());
        } finally {
            gate.leave(stamp);
        }
        if (o.dropReason() != null && o.dropReason().countsAsReceiveDrop()) {
            stats.receiveDrop.increment();
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} xid 0x{}: {}", o.dropReason().logId(), Integer.toHexString(q.xid()), o.detail());
            }
        }
        return o;
    }

    private Outcome handle(DhcpMessage q, QueryContext ctx, EngineRuntime r, MessageSlot replies) {
        if (q.op() != DhcpMessage.BOOTREQUEST) {
            return Outcome.drop(DropReason.NOT_A_REQUEST, "op " + q.op());
        }
        DhcpMessageType t = q.messageType();
        int type = t == null ? 0 : t.intValue();
        if (!q.isBootp() && type != 1 && type != 3 && type != 4 && type != 7 && type != 8) {
            return Outcome.drop(DropReason.UNSUPPORTED_MESSAGE_TYPE, "message type " + t);
        }
        if (q.hlen() == 0 && q.clientId() == null) {
            return Outcome.drop(DropReason.NO_CLIENT_IDENTITY, "empty chaddr and no client identifier");
        }
        // Options 54 and 50 read with hasOption/addressOption: no OptionalInt per query (both are 4 bytes once decoded).
        boolean hasSid = q.hasOption(54);
        if (type == 1 && hasSid) {
            return Outcome.drop(DropReason.DISCOVER_WITH_SERVER_ID, "DISCOVER carries option 54");
        }
        if (hasSid && !isOurServerId(q.addressOption(54, 0), q, ctx, r)) {
            return Outcome.drop(DropReason.NOT_FOR_US, "server identifier " + ipv4(q.addressOption(54, 0)));
        }
        if (type == 4 && !q.hasOption(50)) {
            return Outcome.drop(DropReason.DECLINE_WITHOUT_ADDRESS, "DECLINE without option 50");
        }
        Exchange x = Exchange.forThisThread().start(q, ctx, r, clock.currentTimeSeconds(), replies);
        try {
            return handle(x, type);
        } finally {
            x.finish();
        }
    }

    private Outcome handle(Exchange x, int type) {
        DhcpMessage q = x.query;
        QueryContext ctx = x.ctx;
        EngineRuntime r = x.rt;
        Classifier.builtIn(q, x.classes);
        hook.classify(q, x.classes);
        r.classifier.classifyEarly(q, ctx, x.classes);
        SubnetRuntime s = r.selector.select(q, ctx, x.classes);
        x.subnet(s);
        if (!hook.accept(q, s == null ? null : s.subnet(), x.classes)) {
            return Outcome.drop(DropReason.NOT_IN_SERVED_SCOPE, "query belongs to a scope this server does not serve");
        }
        findReservation(x);
        r.classifier.classifyLate(q, ctx, x.classes, x.reservation != null);
        if (x.reservation != null) {
            x.classes.addAll(x.reservation.clientClasses());
        }
        if (s != null) {
            r.classifier.classifyRequired(q, ctx, x.classes, s.subnet().requireClientClasses());
        }
        if (x.classes.contains("DROP")) {
            return Outcome.drop(DropReason.DROP_CLASS, "query is in class DROP");
        }
        if (q.isBootp()) {
            return bootp(x);
        }
        return switch (type) {
            case 1 -> discover(x);
            case 3 -> request(x);
            case 4 -> decline(x);
            case 7 -> release(x);
            default -> inform(x);
        };
    }

    /** Option 54 must name us: a socket address, a configured server identifier, or the relay's override. */
    private boolean isOurServerId(int sid, DhcpMessage q, QueryContext ctx, EngineRuntime r) {
        if (sid == ctx.localAddress() || localAddresses.contains(sid) || r.configuredServerIds.contains(sid)) {
            return true;
        }
        for (int a : ctx.interfaceAddresses()) {
            if (a == sid) {
                return true;
            }
        }
        return q.hasRelaySubOption(RelayAgentInfo.SERVER_ID_OVERRIDE)
                && q.relaySubOptionAddress(RelayAgentInfo.SERVER_ID_OVERRIDE, 0) == sid;
    }

    /** Reservations: in the selected subnet's family (reservations-in-subnet), then global (reservations-global). */
    private void findReservation(Exchange x) {
        ServerSettings ss = x.rt.config.serverSettings();
        if (x.subnet != null) {
            if (x.subnet.subnet().settings().reservationsInSubnet()) {
                List<SubnetRuntime> family = x.subnet.family;
                for (int i = 0; i < family.size(); i++) {
                    SubnetRuntime s = family.get(i);
                    Reservation res = s.reservations.find(x.query, ss.hostReservationIdentifiers());
                    if (res != null) {
                        x.reservation = res;
                        x.reservationSubnet = res.ipAddress().isPresent() ? s : x.subnet;
                        return;
                    }
                }
            }
            if (!x.subnet.subnet().settings().reservationsGlobal()) {
                return;
            }
        }
        Reservation g = x.rt.globalReservations.find(x.query, ss.hostReservationIdentifiers());
        if (g != null) {
            x.reservation = g;
            x.reservationSubnet = g.ipAddress().isPresent() ? x.familySubnetOf(g.ipAddress().getAsInt()) : x.subnet;
        }
    }

    private ReplyDestination destination(Exchange x, boolean nak) {
        return ReplyRouting.destination(x.query, nak, x.ctx.sourceAddress(), x.ctx.sourcePort(), serverPort,
                clientPort);
    }

    /** Kea's client-name decision for the subnet the address comes from, with a generated name filled in. */
    private static ClientName clientName(Exchange x, SubnetRuntime s, int address) {
        boolean d2 = x.rt.config.serverSettings().dhcpDdns().enableUpdates();
        return ClientNames.decide(x.query, x.reservation, s, d2).forAddress(address, s.subnet().settings().ddns());
    }

    // ---- DISCOVER ----

    private Outcome discover(Exchange x) {
        if (x.subnet == null) {
            return Outcome.drop(DropReason.NO_SUBNET, "no subnet for the query");
        }
        if (!assignment.chooseForOffer(x)) {
            return Outcome.drop(DropReason.NO_ADDRESS_AVAILABLE, "no free address in " + x.subnet);
        }
        SubnetRuntime s = x.chosenSubnet;
        int address = x.chosenAddress;
        long valid = ReplyFactory.lifetime(x, s);
        DhcpMessage offer = replies.lease(x, DhcpMessageType.OFFER, s, address, valid, clientName(x, s, address));
        return x.replyOnly(offer, destination(x, false));
    }

    // ---- REQUEST ----

    private Outcome request(Exchange x) {
        DhcpMessage q = x.query;
        boolean selecting = q.hasOption(54);
        boolean hasOpt50 = q.hasOption(50);
        boolean initReboot = !selecting && hasOpt50;
        boolean authoritative = x.subnet != null ? x.subnet.subnet().settings().authoritative()
                : x.rt.config.globalSettings().authoritative();
        if (x.subnet == null) {
            // Kea 3.0 behaviour (chosen over 2.2, which always NAKs): a non-authoritative server stays silent for
            // an INIT-REBOOT it knows nothing about.
            if (initReboot && !authoritative) {
                return Outcome.drop(DropReason.NO_SUBNET, "INIT-REBOOT outside every subnet");
            }
            return nak(x, "no subnet for the requested address");
        }
        int hint = hasOpt50 ? q.addressOption(50, 0) : q.ciaddr();
        if (initReboot) {
            Lease4 own = assignment.clientLease(x);
            if (own == null) {
                return authoritative ? nak(x, "INIT-REBOOT from an unknown client (authoritative)")
                        : Outcome.drop(DropReason.NO_LEASE_INIT_REBOOT, "INIT-REBOOT from an unknown client");
            }
            if (own.address() != hint) {
                return nak(x, "INIT-REBOOT for " + ipv4(hint) + " but the client's lease is " + ipv4(own.address()));
            }
        }
        if (hint == 0) {
            return ackChosen(x);
        }
        SubnetRuntime s = x.familySubnetOf(hint);
        String verdict = assignment.checkRequested(x, s, hint);
        if ("drop".equals(verdict)) {
            return Outcome.drop(DropReason.UNKNOWN_ADDRESS_REQUESTED, ipv4(hint) + " is outside the pools");
        }
        if (verdict != null) {
            return nak(x, ipv4(hint) + " may not be given to this client");
        }
        return ack(x, s, hint);
    }

    private Outcome ack(Exchange x, SubnetRuntime s, int address) {
        Outcome o = tryAck(x, s, address);
        return o != null ? o : nak(x, ipv4(address) + " was taken by another client");
    }

    /**
     * ACKs an address the server chooses (BOOTP, a REQUEST naming none). When another client won the address
     * between choice and commit (another server on a shared lease database), the next candidate is tried: the
     * client asked for no particular address, so it gets a NAK only after {@link #MAX_CHOICES} such losses.
     */
    private Outcome ackChosen(Exchange x) {
        for (int attempt = 0; attempt < MAX_CHOICES; attempt++) {
            if (!assignment.chooseForOffer(x)) {
                return Outcome.drop(DropReason.NO_ADDRESS_AVAILABLE, "no free address in " + x.subnet);
            }
            Outcome o = tryAck(x, x.chosenSubnet, x.chosenAddress);
            if (o != null) {
                return o;
            }
        }
        return nak(x, MAX_CHOICES + " chosen addresses were taken by other clients");
    }

    /** The ACK, or null when another client won the address first (nothing was committed). */
    private Outcome tryAck(Exchange x, SubnetRuntime s, int address) {
        long valid = ReplyFactory.lifetime(x, s);
        ClientName name = clientName(x, s, address);
        Lease4 cached = reusable(x, s, address, name);
        Lease4 lease;
        if (cached != null) {
            lease = cached;
            valid = Math.max(1, cached.expire() - x.now);
            stats.leaseReuses.increment();
            stats.subnet(s.id(), "v4-lease-reuses").increment();
            names.granted(s, lease, cached, true, List.of(), x.now);
        } else {
            lease = assignment.commit(x, s, address, valid, name);
            if (lease == null) {
                return null;
            }
            names.granted(s, lease, x.previous, x.previous != null && x.owns(x.previous), x.deleted(), x.now);
        }
        DhcpMessage ack = replies.lease(x, DhcpMessageType.ACK, s, address, valid, name);
        return Outcome.reply(ack, destination(x, false), x.updated(), x.deleted());
    }

    /** Kea's lease caching (cache-threshold / cache-max-age): a young enough renewal is answered without a write. */
    private Lease4 reusable(Exchange x, SubnetRuntime s, int address, ClientName name) {
        var st = s.subnet().settings();
        if (st.cacheThreshold().isEmpty() && st.cacheMaxAge().isEmpty()) {
            return null;
        }
        Lease4 l = assignment.lookup(x, address);
        if (l == null || !x.owns(l) || l.state() != LeaseState.DEFAULT || l.isExpired(x.now)
                || l.subnetId() != s.id() || !name.hostname().equals(l.hostname())
                || name.forward() != l.fqdnForward() || name.reverse() != l.fqdnReverse()) {
            return null;
        }
        long age = x.now - l.cltt();
        if (st.cacheMaxAge().isPresent() && (st.cacheMaxAge().getAsLong() == 0 || age > st.cacheMaxAge().getAsLong())) {
            return null;
        }
        if (st.cacheThreshold().isPresent()) {
            double t = st.cacheThreshold().getAsDouble();
            if (t <= 0 || t > 1 || age > t * l.validLifetime()) {
                return null;
            }
        }
        return l;
    }

    private Outcome nak(Exchange x, String why) {
        assignment.abandonOffer(x);
        return x.replyOnly(replies.nak(x), destination(x, true));
    }

    // ---- RELEASE / DECLINE ----

    private Outcome release(Exchange x) {
        int address = x.query.ciaddr();
        Lease4 l = store.get(address).orElse(null);
        if (l == null || !x.owns(l) || l.state() != LeaseState.DEFAULT) {
            return Outcome.noReply("RELEASE of " + ipv4(address) + " ignored: no lease of this client", List.of(),
                    List.of());
        }
        if (!store.delete(l)) {
            return Outcome.noReply("RELEASE raced with another change", List.of(), List.of());
        }
        upkeep.freeAddress(l);
        stats.subnet(l.subnetId(), "assigned-addresses").decrement();
        names.removed(l);
        return Outcome.noReply("released " + ipv4(address), List.of(), List.of(l));
    }

    private Outcome decline(Exchange x) {
        int address = x.query.addressOption(50, 0);
        Lease4 l = store.get(address).orElse(null);
        if (l == null || !x.owns(l) || l.state() != LeaseState.DEFAULT) {
            return Outcome.noReply("DECLINE of " + ipv4(address) + " ignored: no lease of this client", List.of(),
                    List.of());
        }
        long probation = x.rt.config.serverSettings().declineProbationPeriod();
        Lease4 declined = Lease4.builder(address).subnetId(l.subnetId()).validLifetime(probation).cltt(x.now)
                .state(LeaseState.DECLINED).poolId(l.poolId()).userContext(l.userContext()).build();
        if (!store.replace(l, declined)) {
            return Outcome.noReply("DECLINE raced with another change", List.of(), List.of());
        }
        stats.declined.increment();
        stats.subnet(l.subnetId(), "declined-addresses").increment();
        names.removed(l);
        LOG.info("LH_LEASE_DECLINED {} declined by {}, held for {} s", ipv4(address), x.hw, probation);
        return Outcome.noReply("declined " + ipv4(address), List.of(declined), List.of());
    }

    // ---- INFORM / BOOTP ----

    private Outcome inform(Exchange x) {
        if (x.subnet == null) {
            return Outcome.drop(DropReason.NO_SUBNET, "no subnet for the INFORM");
        }
        if (x.query.ciaddr() == 0 && x.ctx.sourceAddress() == 0 && x.query.giaddr() == 0) {
            return Outcome.drop(DropReason.NO_SUBNET, "direct INFORM without an address");
        }
        return x.replyOnly(replies.inform(x), destination(x, false));
    }

    /** BOOTP (RFC 951/1542, as Kea's bootp hook): one exchange, an infinite lease, a BOOTREPLY without option 53. */
    private Outcome bootp(Exchange x) {
        if (x.subnet == null) {
            return Outcome.drop(DropReason.NO_SUBNET, "no subnet for the BOOTP request");
        }
        return ackChosen(x);
    }

    static String ipv4(int a) {
        return io.leasehold.dhcp.lease.Ipv4.toString(a);
    }
}
