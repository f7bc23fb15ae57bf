package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.ha.PeerClient;
import io.leasehold.dhcp.ha.PeerClient.PeerException;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.time.VirtualTime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Building blocks for unit tests of the coordinator's parts: a relationship from a small configuration, a scripted
 * peer, queries, and the scheduler hop on a {@link VirtualTime} (answers run when the test lets time run).
 */
final class HaTestKit {
    private HaTestKit() {
    }

    /**
     * The relationship of {@code self} in a two-server relationship ({@code server1} primary, {@code server2}
     * standby in hot-standby, secondary in load-balancing), heartbeat-delay 1 s, max-response-delay 3 s,
     * max-ack-delay 2 s, max-unacked-clients 2, plus {@code extra} HA parameters (JSON members, or null).
     */
    static Relationship relationship(String self, String mode, String extra) {
        String second = mode.equals("load-balancing") ? "secondary" : "standby";
        String text = """
                { "Dhcp4": {
                    "valid-lifetime": 3600,
                    "hooks-libraries": [ { "library": "libdhcp_lease_cmds.so" }, { "library": "libdhcp_ha.so",
                      "parameters": { "high-availability": [ { "this-server-name": "%s", "mode": "%s",
                        "heartbeat-delay": 1000, "max-response-delay": 3000, "max-ack-delay": 2000,
                        "max-unacked-clients": 2 %s,
                        "peers": [ { "name": "server1", "url": "http://127.0.0.1:18001/", "role": "primary" },
                                   { "name": "server2", "url": "http://127.0.0.1:18002/", "role": "%s" } ] } ] } } ],
                    "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24",
                                   "pools": [ { "pool": "192.0.2.100 - 192.0.2.199" } ] } ]
                } }
                """.formatted(self, mode, extra == null ? "" : ", " + extra, second);
        try {
            return new Relationship(0, KeaConfigLoader.parse(text, self).highAvailability().get(0));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Runs tasks on the virtual scheduler, as the coordinator's hop does. */
    static Executor hop(VirtualTime time) {
        return r -> time.schedule(r, 0);
    }

    static HardwareAddress mac(int n) {
        return HardwareAddress.ethernet(new byte[] {0x02, 0x0a, 0, 0, (byte) (n >> 8), (byte) n});
    }

    /** A relayed DISCOVER from client {@code n} that has been trying for {@code secs} seconds. */
    static DhcpMessage discover(int n, int secs) {
        HardwareAddress hw = mac(n);
        return DhcpMessage.builder().xid(0x1000 + n).hardwareAddress(hw).messageType(DhcpMessageType.DISCOVER)
                .giaddr(Ipv4.parse("192.0.2.1")).hops(1).secs(secs).build();
    }

    /** A successful {@code ha-heartbeat} answer. */
    static ControlResult heartbeat(String state, long dateTimeMillis, List<String> scopes, long unsent) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("date-time", HttpDate.format(dateTimeMillis));
        args.put("scopes", scopes);
        args.put("state", state);
        args.put("unsent-update-count", unsent);
        return ControlResult.success("HA peer status returned.", args);
    }

    /**
     * A peer that answers from a script: per command a function from the arguments to the answer future.
     * Unscripted commands fail like a refused connection. Every request is recorded, with whether the test's monitor
     * was held by the sending thread.
     */
    static final class FakePeer implements PeerClient {
        private final Map<String, Function<Map<String, Object>, CompletableFuture<ControlResult>>> script =
                new ConcurrentHashMap<>();
        final List<String> commands = Collections.synchronizedList(new ArrayList<>());
        final List<Map<String, Object>> arguments = Collections.synchronizedList(new ArrayList<>());
        private final Object monitor;
        volatile boolean sentWhileHoldingMonitor;

        /** @param monitor the lock no request may be sent under */
        FakePeer(Object monitor) {
            this.monitor = monitor;
        }

        FakePeer on(String command, Function<Map<String, Object>, CompletableFuture<ControlResult>> answer) {
            script.put(command, answer);
            return this;
        }

        FakePeer answer(String command, ControlResult r) {
            return on(command, a -> CompletableFuture.completedFuture(r));
        }

        FakePeer refuse(String command) {
            script.remove(command);
            return this;
        }

        @Override
        public CompletableFuture<ControlResult> send(String command, Map<String, Object> args, long timeoutMillis) {
            if (Thread.holdsLock(monitor)) {
                sentWhileHoldingMonitor = true;
            }
            commands.add(command);
            arguments.add(args == null ? Map.of() : args);
            Function<Map<String, Object>, CompletableFuture<ControlResult>> f = script.get(command);
            return f == null ? CompletableFuture.failedFuture(new PeerException("Connection refused"))
                    : f.apply(args == null ? Map.of() : args);
        }

        long count(String command) {
            synchronized (commands) {
                return commands.stream().filter(command::equals).count();
            }
        }

        @Override
        public void close() {
        }
    }
}
