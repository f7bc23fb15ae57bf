package io.leasehold.dhcp.benchmarks.loadgen;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;

import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A DHCPv4 load generator that costs the server's machine as little as possible, so that a benchmark measures the
 * server and not the generator (perfdhcp spends 110-200 µs of CPU per DORA; this one a few).
 *
 * <p>It acts as a relay agent: one UDP socket bound to the relay address (port 67 by default, as a real relay; any
 * port with {@code --relay-source-port}), every query unicast to the server with {@code giaddr} set. Each client
 * runs one full DORA: DISCOVER, then on its OFFER a REQUEST for the offered address, then the ACK. Every client is
 * new (a hardware address never used before in the run), so the server allocates for every exchange.
 *
 * <p>Algorithm: everything runs on one Netty event loop thread, so the per-client state is plain arrays indexed by
 * client number and nothing is locked. The loop wakes on a timer only (every {@code --tick}, 1 ms by default): the
 * tick sends the DISCOVERs that are due ({@code rate} per second from the start, never more than 5 ms (or two ticks) of them at
 * once: a generator that fell further behind skips clients and reports them as {@code behind}), flushes once, so
 * Netty's epoll transport sends them with one {@code sendmmsg}, and arms one read (auto-read is off), which drains
 * every reply queued since the last tick with {@code recvmmsg}. Each OFFER's REQUEST is written at once and the batch
 * flushed together when the read completes. Waking once per tick instead of once per reply is what makes it cheap: on
 * this KVM guest a wake-up from {@code epoll_wait} costs tens of µs, more than the packets it handles (measured: 113
 * µs of CPU per DORA at 3000/s with a wake-up per reply, 49 with a 1-ms tick and C1 only). The price is that
 * latencies include up to one tick; {@code --tick 0} restores the wake-up per reply. The transaction id is a random salt plus the client number, so a reply maps to its client by
 * one subtraction. A reply later than the drop time counts as lost (perfdhcp's default drop time is 1 s too).
 *
 * <p>Length: the options, the per-client state machine on the event loop and the report are one run's life, read
 * top to bottom; the wire format ({@link DoraWire}) and the histogram ({@link LatencyHistogram}) are apart. About a
 * third of the file is the command line (parsing, usage text).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.leasehold.dhcp.benchmarks.loadgen.DoraLoad \
 *     --server 192.0.2.1 --relay 192.0.2.2 --rate 5000 --seconds 10
 * </pre>
 *
 * <p>Length: past 450 lines because it is one event loop's tick (send the DISCOVERs due, drain the replies, answer
 * OFFERs, count ACKs and losses) over per-client arrays that every step of the tick reads and writes; the command
 * line and the report around it are the rest. Splitting the tick would spread those arrays over several files.
 */
public final class DoraLoad {
    /** Clients a run may have (arrays of about 25 bytes each). */
    static final int MAX_CLIENTS = 20_000_000;
    /** Datagrams one recvmmsg may return. */
    static final int RECV_BATCH = 32;
    /** Datagrams one read may return: bounded, far above what queues in one tick at any rate here. */
    static final int MAX_READS_PER_TICK = 1024;

    /** What to run. */
    public record Options(InetSocketAddress server, InetAddress relay, int localPort, boolean relaySourcePort,
                          int rate, int seconds, int macPrefix, int firstClient, long dropMillis, boolean perSecond,
                          boolean epoll, int tickMicros) {
        public Options {
            if (!(server.getAddress() instanceof Inet4Address) || !(relay instanceof Inet4Address)) {
                throw new IllegalArgumentException("--server and --relay must be IPv4 addresses");
            }
            if (rate < 1 || seconds < 1 || (long) rate * seconds > MAX_CLIENTS) {
                throw new IllegalArgumentException("--rate x --seconds must be 1.." + MAX_CLIENTS + ", got " + rate
                        + " x " + seconds);
            }
            if (dropMillis < 1 || dropMillis > 60_000) {
                throw new IllegalArgumentException("--drop-time must be 1..60000 ms, got " + dropMillis);
            }
            if (tickMicros < 0 || tickMicros > 100_000) {
                throw new IllegalArgumentException("--tick must be 0..100000 us, got " + tickMicros);
            }
            if (localPort < 0 || localPort > 65535) {
                throw new IllegalArgumentException("--port must be 0..65535, got " + localPort);
            }
        }

        int clients() {
            return rate * seconds;
        }
    }

    /** What happened. Drop ratios are of the queries sent, as perfdhcp reports them. */
    public record Result(int rate, int seconds, long discovers, long offers, long requests, long acks, long naks,
                         long late, long unexpected, long malformed, long errors, long behind, long duplicateAddresses,
                         double discoverOfferP50, double discoverOfferP99, double requestAckP50,
                         double requestAckP99, long cpuMicros, long[] sentPerSecond, long[] acksPerSecond) {
        public double dropsDiscoverOffer() {
            return discovers == 0 ? 100 : 100.0 * (discovers - offers) / discovers;
        }

        public double dropsRequestAck() {
            return requests == 0 ? 100 : 100.0 * (requests - acks) / requests;
        }

        /** Generator CPU (all its threads) per completed DORA, in µs. */
        public double cpuMicrosPerDora() {
            return acks == 0 ? Double.NaN : (double) cpuMicros / acks;
        }

        /** One line of {@code key=value} fields, for scripts. */
        public String summary() {
            return String.format(Locale.ROOT, "loadgen: rate=%d seconds=%d sent_discover=%d offers=%d sent_request=%d"
                            + " acks=%d naks=%d late=%d unexpected=%d malformed=%d errors=%d behind=%d drops_do=%.3f"
                            + " drops_ra=%.3f dup_addresses=%d do_p50_ms=%.3f do_p99_ms=%.3f ra_p50_ms=%.3f"
                            + " ra_p99_ms=%.3f cpu_ms=%d cpu_us_per_dora=%.1f",
                    rate, seconds, discovers, offers, requests, acks, naks, late, unexpected, malformed, errors, behind,
                    dropsDiscoverOffer(), dropsRequestAck(), duplicateAddresses, discoverOfferP50,
                    discoverOfferP99, requestAckP50, requestAckP99, cpuMicros / 1000, cpuMicrosPerDora());
        }
    }

    private DoraLoad() {
    }

    /** Runs one load and returns when the last reply had its chance (the drop time after the last query). */
    public static Result run(Options o) throws InterruptedException {
        boolean epoll = o.epoll() && Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try {
            Clients clients = new Clients(o);
            warmCodePaths(clients.wire);
            Bootstrap b = new Bootstrap().group(group)
                    .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                    .option(ChannelOption.SO_RCVBUF, 4 << 20)
                    .option(ChannelOption.SO_SNDBUF, 4 << 20)
                    .option(ChannelOption.AUTO_READ, !clients.timerDriven)
                    .handler(clients);
            if (epoll) {
                // several datagrams per read: recvmmsg, up to RECV_BATCH at once
                b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, 1500)
                        .option(ChannelOption.RECVBUF_ALLOCATOR,
                                new FixedRecvByteBufAllocator(1500 * RECV_BATCH).maxMessagesPerRead(MAX_READS_PER_TICK));
            } else {
                b.option(ChannelOption.RECVBUF_ALLOCATOR,
                        new FixedRecvByteBufAllocator(1500).maxMessagesPerRead(MAX_READS_PER_TICK));
            }
            Channel ch = b.bind(new InetSocketAddress(o.relay(), o.localPort())).sync().channel();
            clients.start(ch);
            clients.done.await();
            ch.close().sync();
            return clients.result();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    /** All clients of a run, and the handler that drives them; touched only by the event loop thread. */
    private static final class Clients extends ChannelInboundHandlerAdapter {
        private static final int PRIME_PACKETS = 3000;
        private static final byte UNSENT = 0, DISCOVERED = 1, REQUESTED = 2, ACKED = 3, NAKED = 4, GAVE_UP = 5;

        private final Options o;
        private final DoraWire wire;
        private final InetSocketAddress server;
        private final int salt = ThreadLocalRandom.current().nextInt();
        private final int total;
        private final long nanosPerClient;
        private final long dropNanos;
        private final byte[] stage;
        private final long[] discoveredAt;
        private final long[] requestedAt;
        private final int[] address;
        private final long[] sentPerSecond;
        private final long[] acksPerSecond;
        private final LatencyHistogram discoverOffer;
        private final LatencyHistogram requestAck;
        private final DoraWire.Reply reply = new DoraWire.Reply();
        /** Reads only on the tick (autoRead off): one wake-up per tick instead of one per reply. */
        final boolean timerDriven;
        private final long tickNanos;
        /** DISCOVERs one tick may send; more are due only after a pause, and those clients are skipped. */
        private final long maxBacklog;
        final CountDownLatch done = new CountDownLatch(1);

        private Channel ch;
        private ScheduledFuture<?> ticker;
        private long t0;
        private long cpu0;
        private long cpuMicros;
        private int next;
        private boolean flushPending;
        private boolean finishing;
        private boolean priming;
        private int readThisCycle;
        /** Clients sent a DISCOVER whose DORA has not ended (ACK, NAK, or a late reply); 0 ends the run early. */
        private long inFlight;
        private ScheduledFuture<?> deadline;
        private long discovers, offers, requests, acks, naks, late, unexpected, malformed, errors, behind;

        Clients(Options o) {
            this.o = o;
            this.wire = new DoraWire(toInt(o.relay()), o.macPrefix(), o.relaySourcePort());
            this.server = o.server();
            this.total = o.clients();
            this.nanosPerClient = 1_000_000_000L / o.rate();
            this.dropNanos = TimeUnit.MILLISECONDS.toNanos(o.dropMillis());
            this.stage = new byte[total];
            this.discoveredAt = new long[total];
            this.requestedAt = new long[total];
            this.address = new int[total];
            this.sentPerSecond = new long[o.seconds()];
            this.acksPerSecond = new long[o.seconds()];
            this.discoverOffer = new LatencyHistogram(dropNanos);
            this.requestAck = new LatencyHistogram(dropNanos);
            this.timerDriven = o.tickMicros() > 0;
            this.tickNanos = timerDriven ? TimeUnit.MICROSECONDS.toNanos(o.tickMicros()) : 1_000_000L;
            this.maxBacklog = Math.max(8, o.rate() * Math.max(5_000_000L, 2 * tickNanos) / 1_000_000_000L);
        }

        void start(Channel ch) {
            this.ch = ch;
            ch.eventLoop().execute(() -> {
                primeSendPath();
                cpu0 = processCpuNanos();
                t0 = System.nanoTime();
                ticker = ch.eventLoop().scheduleAtFixedRate(this::tick, 0, tickNanos, TimeUnit.NANOSECONDS);
            });
        }

        /**
         * Runs Netty's send path (buffer, write, flush, {@code sendmmsg}) a few thousand times before the clock starts,
         * with DISCOVERs to the discard port of the relay's own address, which no server sees. Without it the first
         * ticks run cold code (class loading, native method linking, the interpreter) and fall 60-90 ms behind, so
         * 170-280 clients of the first second were skipped at 3000/s. Whether the kernel delivers these packets does not
         * matter (a send error is ignored while priming).
         */
        private void primeSendPath() {
            priming = true;
            InetSocketAddress discard = new InetSocketAddress(o.relay(), 9);
            for (int k = 0; k < PRIME_PACKETS; k++) {
                ByteBuf buf = ch.alloc().directBuffer(DoraWire.QUERY_LENGTH);
                wire.writeDiscover(buf, salt - 1 - k, 0);
                ch.write(new DatagramPacket(buf, discard), ch.voidPromise());
                if (k % 16 == 15) {
                    ch.flush();
                }
            }
            ch.flush();
            priming = false;
        }

        /** Sends the DISCOVERs due by now; after the last one, waits the drop time and ends the run. */
        private void tick() {
            long now = System.nanoTime();
            long due = Math.min(total, (now - t0) / nanosPerClient + 1);
            while (due - next > maxBacklog) {  // fell behind by more than 5 ms (or two ticks): skip, never burst
                stage[next++] = GAVE_UP;
                behind++;
            }
            while (next < due) {
                int i = next++;
                ByteBuf buf = ch.alloc().directBuffer(DoraWire.QUERY_LENGTH);
                wire.writeDiscover(buf, salt + i, o.firstClient() + i);
                discoveredAt[i] = System.nanoTime();
                stage[i] = DISCOVERED;
                sentPerSecond[second(i)]++;
                discovers++;
                inFlight++;
                ch.write(new DatagramPacket(buf, server), ch.voidPromise());
            }
            ch.flush();
            if (timerDriven) {
                ch.read();     // arms EPOLLIN once: the loop drains what queued since the last tick (recvmmsg)
            }
            if (next == total && !finishing) {
                finishing = true;
                // a DISCOVER sent now may be answered up to the drop time later, and its REQUEST as much again
                deadline = ch.eventLoop().schedule(this::finish, 2 * dropNanos, TimeUnit.NANOSECONDS);
            }
            if (finishing && inFlight == 0) {
                finish();                      // every DORA ended: no need to wait for the drop time
            }
        }

        private int second(int client) {
            return (int) Math.min((long) client * o.seconds() / total, o.seconds() - 1);
        }

        private void finish() {
            if (done.getCount() == 0) {
                return;
            }
            ticker.cancel(false);
            deadline.cancel(false);
            cpuMicros = (processCpuNanos() - cpu0) / 1000;
            done.countDown();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            DatagramPacket p = (DatagramPacket) msg;
            readThisCycle++;
            try {
                onReply(p.content(), p.sender());
            } finally {
                p.release();
            }
        }

        private void onReply(ByteBuf in, InetSocketAddress from) {
            long now = System.nanoTime();
            int type = DoraWire.parse(in, reply);
            if (type < 0) {
                malformed++;
                return;
            }
            int i = reply.xid - salt;
            if (i < 0 || i >= next) {
                unexpected++;
                return;
            }
            switch (type) {
                case DoraWire.OFFER -> {
                    if (stage[i] != DISCOVERED) {
                        unexpected++;
                    } else if (now - discoveredAt[i] > dropNanos) {
                        late++;
                        inFlight--;
                        stage[i] = GAVE_UP;
                    } else {
                        discoverOffer.record(now - discoveredAt[i]);
                        offers++;
                        int serverId = reply.serverId != 0 ? reply.serverId : toInt(from.getAddress());
                        ByteBuf buf = ch.alloc().directBuffer(DoraWire.QUERY_LENGTH);
                        wire.writeRequest(buf, reply.xid, o.firstClient() + i, reply.yiaddr, serverId);
                        stage[i] = REQUESTED;
                        requestedAt[i] = System.nanoTime();
                        requests++;
                        ch.write(new DatagramPacket(buf, server), ch.voidPromise());
                        flushPending = true;
                    }
                }
                case DoraWire.ACK -> {
                    if (stage[i] != REQUESTED) {
                        unexpected++;
                    } else if (now - requestedAt[i] > dropNanos) {
                        late++;
                        inFlight--;
                        stage[i] = GAVE_UP;
                    } else {
                        requestAck.record(now - requestedAt[i]);
                        acks++;
                        inFlight--;
                        stage[i] = ACKED;
                        address[i] = reply.yiaddr;
                        acksPerSecond[second(i)]++;
                    }
                }
                case DoraWire.NAK -> {
                    if (stage[i] == REQUESTED) {
                        naks++;
                        inFlight--;
                        stage[i] = NAKED;
                    } else {
                        unexpected++;
                    }
                }
                default -> unexpected++;
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (flushPending) {
                flushPending = false;
                ctx.flush();       // every REQUEST of this read batch in one sendmmsg
            }
            if (timerDriven && readThisCycle >= RECV_BATCH) {
                // A read ends after one recvmmsg whose datagrams did not fill its buffer (small packets never do),
                // so at most RECV_BATCH per read: that capped a 1-ms tick at 32,000 replies/s. A full batch means
                // more may be queued: read on until a batch comes back short.
                ctx.read();
            }
            readThisCycle = 0;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (priming) {
                return;
            }
            errors++;              // e.g. ICMP port unreachable surfaced as a send error: count it, keep going
        }

        Result result() {
            return new Result(o.rate(), o.seconds(), discovers, offers, requests, acks, naks, late, unexpected,
                    malformed, errors, behind, duplicateAddresses(), discoverOffer.percentileMillis(0.5),
                    discoverOffer.percentileMillis(0.99), requestAck.percentileMillis(0.5),
                    requestAck.percentileMillis(0.99), cpuMicros, sentPerSecond, acksPerSecond);
        }

        /** Addresses ACKed to more than one client. Every client is a distinct hardware address, so any is a double. */
        private long duplicateAddresses() {
            long[] pairs = new long[(int) acks];
            int n = 0;
            for (int i = 0; i < next; i++) {
                if (stage[i] == ACKED) {
                    pairs[n++] = ((long) address[i] << 32) | i;
                }
            }
            Arrays.sort(pairs, 0, n);
            long dups = 0;
            for (int k = 1; k < n; k++) {
                if ((pairs[k] >>> 32) == (pairs[k - 1] >>> 32) && (k < 2 || (pairs[k - 1] >>> 32) != (pairs[k - 2] >>> 32))) {
                    dups++;
                }
            }
            return dups;
        }
    }

    /**
     * Runs the per-packet code (write a DISCOVER, parse a reply, write a REQUEST) some thousands of times on a heap
     * buffer before the first query goes out, so the JIT has compiled it and a fresh generator does not fall behind
     * in its first tens of milliseconds.
     */
    static void warmCodePaths(DoraWire wire) {
        ByteBuf buf = io.netty.buffer.Unpooled.buffer(DoraWire.QUERY_LENGTH);
        DoraWire.Reply r = new DoraWire.Reply();
        int sink = 0;
        for (int i = 0; i < 30_000; i++) {
            buf.clear();
            wire.writeDiscover(buf, i, i);
            buf.setByte(0, 2);                       // make it look like a reply to exercise the parser
            sink += DoraWire.parse(buf, r) + r.xid;
            buf.clear();
            wire.writeRequest(buf, i, i, r.yiaddr, r.serverId);
        }
        if (sink == 42) {
            System.out.print("");                    // keeps the loop from being optimised away
        }
    }

    static int toInt(InetAddress a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("DoraLoad: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Result r = run(o);
        if (o.perSecond()) {
            for (int s = 0; s < r.sentPerSecond().length; s++) {
                long sent = r.sentPerSecond()[s];
                long acked = r.acksPerSecond()[s];
                System.out.printf(Locale.ROOT, "second %d: sent=%d acks=%d lost=%.3f%%%n", s + 1, sent, acked,
                        sent == 0 ? 0.0 : 100.0 * (sent - acked) / sent);
            }
        }
        System.out.println(r.summary());
    }

    static final String USAGE = """
            usage: DoraLoad --server IP[:PORT] --relay IP [--rate N] [--seconds N] [--port N] [--relay-source-port]
                            [--first-client N] [--mac-prefix HEX4] [--drop-time MS] [--per-second] [--nio]
                            [--tick US]
              --server IP[:PORT]   where queries go (port 67)
              --relay IP           the relay address: giaddr of every query and the local address bound
              --rate N             new clients (DORAs started) per second                      (1000)
              --seconds N          how long DISCOVERs are sent; then the drop time twice for late replies (10)
              --port N             local port; 67 as a real relay (root); with --relay-source-port any  (67)
              --relay-source-port  option 82 sub-option 19: the server answers to --port instead of 67
              --first-client N     number of the first client (hardware address MAC-PREFIX:N); runs with
                                   different numbers never share a client                      (0)
              --mac-prefix HEX4    first two octets of every hardware address                  (02aa)
              --drop-time MS       a reply later than this counts as lost                      (1000)
              --per-second         also print sent/acked/lost for each second of the run (by DISCOVER time)
              --nio                Java NIO instead of native epoll
              --tick US            read replies only every US microseconds, in one batch per tick, and send
                                   the DISCOVERs due on the same tick; 0 reads each reply as it arrives
                                   (a wake-up per reply) and sends DISCOVERs every 1 ms. Latencies then
                                   include up to one tick: measure latency with --tick 0 or perfdhcp (1000)
            """;

    static Options parse(String[] args) {
        InetSocketAddress server = null;
        InetAddress relay = null;
        int port = 67, rate = 1000, seconds = 10, macPrefix = 0x02aa, firstClient = 0;
        long drop = 1000;
        boolean rsp = false, perSecond = false, epoll = true;
        int tick = 1000;
        for (int k = 0; k < args.length; k++) {
            String a = args[k];
            try {
                switch (a) {
                    case "--server" -> {
                        String v = value(args, ++k, a);
                        int colon = v.indexOf(':');
                        server = colon < 0 ? new InetSocketAddress(InetAddress.getByName(v), 67)
                                : new InetSocketAddress(InetAddress.getByName(v.substring(0, colon)),
                                Integer.parseInt(v.substring(colon + 1)));
                    }
                    case "--relay" -> relay = InetAddress.getByName(value(args, ++k, a));
                    case "--rate" -> rate = Integer.parseInt(value(args, ++k, a));
                    case "--seconds" -> seconds = Integer.parseInt(value(args, ++k, a));
                    case "--port" -> port = Integer.parseInt(value(args, ++k, a));
                    case "--first-client" -> firstClient = Integer.parseUnsignedInt(value(args, ++k, a));
                    case "--mac-prefix" -> macPrefix = Integer.parseInt(value(args, ++k, a), 16) & 0xffff;
                    case "--drop-time" -> drop = Long.parseLong(value(args, ++k, a));
                    case "--relay-source-port" -> rsp = true;
                    case "--per-second" -> perSecond = true;
                    case "--nio" -> epoll = false;
                    case "--tick" -> tick = Integer.parseInt(value(args, ++k, a));
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(a + ": not a number: " + e.getMessage());
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException(a + ": not an address: " + e.getMessage());
            }
        }
        if (server == null || relay == null) {
            throw new IllegalArgumentException("--server and --relay are required");
        }
        return new Options(server, relay, port, rsp, rate, seconds, macPrefix, firstClient, drop, perSecond, epoll,
                tick);
    }

    private static String value(String[] args, int k, String option) {
        if (k >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[k];
    }
}
