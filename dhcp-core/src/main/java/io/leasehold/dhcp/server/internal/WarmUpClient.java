package io.leasehold.dhcp.server.internal;

import io.leasehold.dhcp.transport.InboundPacket;
import io.leasehold.dhcp.transport.PacketHandler;
import io.leasehold.dhcp.transport.ReplyDestination;
import io.leasehold.dhcp.transport.Responder;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * One thread's share of the {@link WarmUp}: synthetic clients one after the other, each a short conversation with
 * the private pipeline, until the {@link WarmUpProgress} says enough or the deadline passes. Thread 0 measures.
 */
final class WarmUpClient implements Runnable {
    /** Clients in a row without an OFFER after which a target is left out. */
    static final int GIVE_UP = 8;
    /** Consecutive client numbers a thread takes before the next thread's block. */
    private static final int BLOCK = 64;

    private final PacketPipeline pipeline;
    private final WarmUpTraffic traffic;
    private final int index;
    private final int threads;
    private final WarmUpProgress progress;
    private final long deadline;
    private final Reply[] responders = {new ReplyA(), new ReplyB(), new ReplyC()};
    private int queries;
    private int replies;
    private int clients;

    /**
     * Thread {@code index} of {@code threads} takes every {@code threads}-th block of client numbers, so the threads'
     * clients never collide.
     */
    WarmUpClient(PacketPipeline pipeline, WarmUpTraffic traffic, int index, int threads, WarmUpProgress progress,
                 long deadline) {
        this.pipeline = pipeline;
        this.traffic = traffic;
        this.index = index;
        this.threads = threads;
        this.progress = progress;
        this.deadline = deadline;
    }

    int queries() {
        return queries;
    }

    int replies() {
        return replies;
    }

    int clients() {
        return clients;
    }

    /** The client number of this thread's {@code n}-th client (from 0). */
    private int clientNumber(int n) {
        return (n / BLOCK * threads + index) * BLOCK + n % BLOCK + 1;
    }

    /**
     * Clients one after the other, over the targets in a scrambled order, until the progress says enough or the
     * deadline passes. A target that gave no OFFER to {@link #GIVE_UP} clients in a row (a pool for certain client
     * classes only) leaves the rotation, so the run is not spent on drops.
     */
    @Override
    public void run() {
        List<WarmUpTraffic.Target> targets = new ArrayList<>(traffic.targets());
        int[] misses = new int[targets.size()];
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            active.add(i);
        }
        int nextRound = WarmUpProgress.ROUND;
        while (!progress.done()) {
            if (active.isEmpty()) {
                progress.finish(WarmUpProgress.End.NO_TARGET);
                break;
            }
            if ((clients & 15) == 0 && System.nanoTime() - deadline > 0) {
                progress.finish(WarmUpProgress.End.BUDGET);
                break;
            }
            if (index == 0 && queries >= nextRound) {
                nextRound = queries + WarmUpProgress.ROUND;
                progress.round();
            }
            int client = clientNumber(clients++);
            // a scrambled choice, so that the client number's residues (they pick the kinds of query) reach every
            // target
            int i = active.get((int) (((client * 0x9E3779B97F4A7C15L) >>> 33) % active.size()));
            if (conversation(client, targets.get(i))) {
                misses[i] = 0;
            } else if (++misses[i] >= GIVE_UP) {
                active.remove(Integer.valueOf(i));
            }
        }
    }

    /**
     * One client: DISCOVER and REQUEST, depending on the client number a second DISCOVER before the REQUEST (a
     * retransmission), a renewal, a rebinding, an INIT-REBOOT (for another address: a NAK), an INFORM; then a
     * RELEASE: always in a small pool, so that it never fills up, one client in four in a large one, whose store
     * then grows as a real server's does. Returns whether the client got an OFFER.
     */
    private boolean conversation(int c, WarmUpTraffic.Target t) {
        Reply offer = send(traffic.discover(c, t));
        if (offer == null) {
            return false;
        }
        int a = offer.yiaddr;
        if (c % 16 == 5) {
            send(traffic.discover(c, t));
        }
        if (send(traffic.select(c, t, a)) == null) {
            return true;
        }
        if (c % 2 == 0) {
            send(traffic.renew(c, t, a));
        }
        if (c % 4 == 1) {
            send(traffic.rebind(c, t, a));
        }
        if (c % 8 == 3) {
            send(traffic.reboot(c, t, a));
        }
        if (c % 32 == 7) {
            send(traffic.reboot(c, t, a + 1));
        }
        if (c % 64 == 9 && !t.relayed()) {
            send(traffic.inform(c, t, a));
        }
        if (!t.largePool() || c % 4 == 3) {
            send(traffic.release(c, t, a));
        }
        return true;
    }

    /** Runs one query through the pipeline; the reply, or null when there was none. */
    private Reply send(InboundPacket p) {
        Reply r = responders[queries % responders.length];
        r.got = false;
        queries++;
        progress.counted();
        deliver(IDLE_A, p, r);
        deliver(IDLE_B, p, r);
        deliver(pipeline, p, r);
        if (r.got) {
            replies++;
            return r;
        }
        return null;
    }

    /**
     * Hands a packet to a handler through one call site that sees three handler classes (the pipeline and two that
     * do nothing), a megamorphic call the JIT does not inline. Inlined into this warm-up code, the pipeline's
     * {@code handle} would never be compiled on its own (its counters stop once its caller is compiled), and the
     * server's real callers (the I/O thread, the workers) would start from the interpreter again; called for real, it
     * gets its own compiled code, which those callers then call (too big to inline, it is not compiled a second
     * time into each of them).
     */
    private static void deliver(PacketHandler handler, InboundPacket p, Responder r) {
        handler.handle(p, r);
    }

    /** Does nothing with the packet (the pipeline, called after it, owns and releases it). */
    private static final PacketHandler IDLE_A = new PacketHandler() {
        @Override
        public void handle(InboundPacket packet, Responder responder) {
        }
    };

    /** As {@link #IDLE_A}, another class. */
    private static final PacketHandler IDLE_B = new PacketHandler() {
        @Override
        public void handle(InboundPacket packet, Responder responder) {
        }
    };

    /**
     * Takes the reply's {@code yiaddr} and releases it. Three classes, used in turn, so that the JIT's profile of
     * the pipeline's {@code Responder.send} call is megamorphic: compiled for one warm-up class only, that call
     * would send the compiled code back to the interpreter (a deoptimisation) on the first real reply.
     */
    private abstract static class Reply implements Responder {
        boolean got;
        int yiaddr;

        final void take(ByteBuf payload) {
            got = true;
            yiaddr = payload.getInt(payload.readerIndex() + 16);
            payload.release();
        }
    }

    private static final class ReplyA extends Reply {
        @Override
        public void send(ByteBuf payload, ReplyDestination destination) {
            take(payload);
        }
    }

    private static final class ReplyB extends Reply {
        @Override
        public void send(ByteBuf payload, ReplyDestination destination) {
            take(payload);
        }
    }

    private static final class ReplyC extends Reply {
        @Override
        public void send(ByteBuf payload, ReplyDestination destination) {
            take(payload);
        }
    }
}
