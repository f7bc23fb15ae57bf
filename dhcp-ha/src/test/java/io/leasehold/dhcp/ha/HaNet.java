package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.config.HaRelationship;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.time.VirtualTime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Several {@link HaNode}s in one JVM on one virtual clock, wired by {@link InMemoryPeerClient}s: a node reaches the
 * node that currently owns a peer name, unless it is dead or the link between the two is cut.
 */
final class HaNet implements AutoCloseable {
    final VirtualTime time = new VirtualTime();
    private final Map<String, HaNode> byPeer = new ConcurrentHashMap<>();
    private final Set<String> cut = ConcurrentHashMap.newKeySet();
    final Map<String, InMemoryPeerClient> clients = new ConcurrentHashMap<>();
    private final List<HaNode> nodes = new ArrayList<>();
    private final Executor delivery;
    private final AtomicInteger inFlight = new AtomicInteger();

    /** Daemon threads delivering answers for {@link #async()} nets. */
    private static final Executor POOL = java.util.concurrent.Executors.newFixedThreadPool(3, r -> {
        Thread t = new Thread(r, "ha-test-network");
        t.setDaemon(true);
        return t;
    });

    HaNet() {
        this(Runnable::run);
    }

    /** A net whose answers arrive on other threads, as from a network client. */
    static HaNet async() {
        return new HaNet(POOL);
    }

    HaNet(Executor delivery) {
        this.delivery = delivery;
    }

    /** Creates and starts a node; it takes over every peer name it is {@code this-server-name} of. */
    HaNode start(String label, KeaConfig config, String serverAddress) {
        HaNode node = new HaNode(label, config, time, peer -> {
            BooleanSupplier up = () -> {
                HaNode target = byPeer.get(peer.name());
                return target != null && target.alive && !cut.contains(pair(label, target.label));
            };
            InMemoryPeerClient c = new InMemoryPeerClient(() -> {
                HaNode target = byPeer.get(peer.name());
                return target == null || !target.alive ? null : target.commands;
            }, up, delivery, inFlight);
            clients.put(label + "->" + peer.name(), c);
            return c;
        }, serverAddress);
        for (HaRelationship r : config.highAvailability()) {
            byPeer.put(r.thisServerName(), node);
        }
        nodes.add(node);
        return node.start();
    }

    HaNode start(String label, String configText, String serverAddress) {
        return start(label, HaNode.config(configText, label), serverAddress);
    }

    InMemoryPeerClient client(String fromLabel, String toPeer) {
        return clients.get(fromLabel + "->" + toPeer);
    }

    void cut(String a, String b) {
        cut.add(pair(a, b));
    }

    void heal(String a, String b) {
        cut.remove(pair(a, b));
    }

    private static String pair(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    /**
     * Moves the clock. With asynchronous delivery, first lets every request in flight be answered (bounded by one
     * second of real time) so the network never falls behind the virtual clock.
     */
    void advance(long millis) {
        quiesce();
        time.advance(millis);
        quiesce();
    }

    private void quiesce() {
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (true) {
            time.runDue();
            if (inFlight.get() == 0 || System.nanoTime() > deadline) {
                time.runDue();
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** Advances in steps until the condition holds; fails after {@code maxMillis} of virtual time. */
    void advanceUntil(BooleanSupplier condition, long maxMillis, String what) {
        long done = 0;
        while (!condition.getAsBoolean()) {
            if (done >= maxMillis) {
                throw new AssertionError("not reached within " + maxMillis + " ms: " + what);
            }
            advance(100);
            done += 100;
        }
    }

    @Override
    public void close() {
        nodes.forEach(HaNode::close);
    }
}
