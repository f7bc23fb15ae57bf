package io.leasehold.dhcp.testing;

import io.leasehold.dhcp.control.Command;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.control.HttpCommandServer;
import io.leasehold.dhcp.control.LeaseJson;
import io.leasehold.dhcp.lease.InMemoryLeaseStore;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A scriptable stand-in for a Kea HA partner on loopback: it answers {@code ha-heartbeat} with the state and scopes
 * you set, applies and records {@code lease4-update}/{@code lease4-del} in its own lease store, serves
 * {@code lease4-get-page} from that store, and accepts {@code dhcp-disable}, {@code dhcp-enable},
 * {@code ha-sync-complete-notify}, {@code ha-reset} and {@code ha-maintenance-notify}. Any command's answer can be
 * replaced by a script (e.g. answer lease updates with result 4, or fail heartbeats) to test failure handling.
 * Answers use Kea's HTTP framing (a JSON array), so it can also stand in for Kea in front of a real peer.
 */
public final class FakeHaPartner implements AutoCloseable {
    private final CommandRegistry registry = new CommandRegistry();
    private final HttpCommandServer http;
    private final InMemoryLeaseStore store = new InMemoryLeaseStore();
    private final List<Command> received = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Command, ControlResult>> scripts = new ConcurrentHashMap<>();
    private volatile String state = "waiting";
    private volatile List<String> scopes = List.of();
    private volatile long unsentUpdateCount;

    private FakeHaPartner(InetSocketAddress address) throws IOException {
        register("ha-heartbeat", c -> {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("date-time", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
            args.put("scopes", scopes);
            args.put("state", state);
            args.put("unsent-update-count", unsentUpdateCount);
            return ControlResult.success("HA peer status returned.", args);
        });
        register("lease4-update", c -> {
            Lease4 l = LeaseJson.fromArguments(c.args(), (req, a) -> req == 0 ? 1 : req, id -> 3600L,
                    System.currentTimeMillis() / 1000);
            boolean existed = store.get(l.address()).isPresent();
            if (existed) {
                store.update(l);
            } else {
                store.add(l);
            }
            return ControlResult.success(existed ? "IPv4 lease updated." : "IPv4 lease added.");
        });
        register("lease4-del", c -> store.delete(Ipv4.parse(c.args().requireString("ip-address"))).isPresent()
                ? ControlResult.success("IPv4 lease deleted.") : ControlResult.empty("IPv4 lease not found."));
        register("lease4-get-page", c -> {
            String from = c.args().requireString("from");
            int after = from.equals("start") ? 0 : Ipv4.parse(from);
            List<Object> page = new ArrayList<>();
            for (Lease4 l : store.getPage(after, (int) c.args().requireLong("limit"))) {
                page.add(LeaseJson.toMap(l));
            }
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("count", (long) page.size());
            args.put("leases", page);
            String text = page.size() + " IPv4 lease(s) found.";
            return page.isEmpty() ? ControlResult.empty(text, args) : ControlResult.success(text, args);
        });
        register("dhcp-disable", c -> ControlResult.success("DHCPv4 service disabled"));
        register("dhcp-enable", c -> ControlResult.success("DHCP service successfully enabled"));
        register("ha-sync-complete-notify",
                c -> ControlResult.success("Server successfully notified about the synchronization completion."));
        register("ha-reset", c -> {
            state = "waiting";
            return ControlResult.success("HA state machine reset.");
        });
        register("ha-maintenance-notify", c -> c.args().requireBoolean("cancel")
                ? ControlResult.success("Server maintenance canceled.")
                : ControlResult.success("Server is in-maintenance state."));
        http = HttpCommandServer.builder(registry).address(address).name("fake-ha-partner").origin("ha-listener")
                .build().start();
    }

    private void register(String name, Function<Command, ControlResult> standard) {
        registry.register(name, c -> {
            received.add(c);
            Function<Command, ControlResult> s = scripts.get(name);
            return s != null ? s.apply(c) : standard.apply(c);
        });
    }

    /** A partner listening on 127.0.0.1 and an ephemeral port. */
    public static FakeHaPartner start() {
        return start(new InetSocketAddress("127.0.0.1", 0));
    }

    public static FakeHaPartner start(InetSocketAddress address) {
        try {
            return new FakeHaPartner(address);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL to put in the peer's {@code url}. */
    public String url() {
        InetSocketAddress a = http.localAddress();
        return "http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/";
    }

    /** The state heartbeats report (Kea's name, e.g. {@code hot-standby}). */
    public FakeHaPartner state(String v) {
        this.state = v;
        return this;
    }

    public FakeHaPartner scopes(List<String> v) {
        this.scopes = List.copyOf(v);
        return this;
    }

    public FakeHaPartner unsentUpdateCount(long v) {
        this.unsentUpdateCount = v;
        return this;
    }

    /** Replaces the answer to a command (null restores the standard behaviour). */
    public FakeHaPartner script(String command, Function<Command, ControlResult> answer) {
        if (answer == null) {
            scripts.remove(command);
        } else {
            scripts.put(command, answer);
        }
        return this;
    }

    /** The partner's lease store (what lease updates wrote; what sync pages serve). */
    public InMemoryLeaseStore leases() {
        return store;
    }

    /** Every command received, in order. */
    public List<Command> received() {
        return List.copyOf(received);
    }

    /** Commands received with this name. */
    public List<Command> received(String name) {
        return received.stream().filter(c -> c.name().equals(name)).toList();
    }

    /** Waits (bounded) until {@code count} commands named {@code name} arrived; returns whether they did. */
    public boolean await(String name, int count, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (received(name).size() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5); // the peer under test talks to us over real sockets
        }
        return true;
    }

    @Override
    public void close() {
        http.close();
        store.close();
    }
}
