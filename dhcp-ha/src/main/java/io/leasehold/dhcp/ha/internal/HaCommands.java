package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.control.Arguments;
import io.leasehold.dhcp.control.Command;
import io.leasehold.dhcp.control.CommandException;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.server.ServiceState;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The HA hook's commands, registered in the server's {@link CommandRegistry} so that the unix socket, the HTTP
 * control channel, the HA listeners and the Java API all reach them. Commands a peer sends carry the sender's
 * {@code server-name} (Kea 2.5.5+), which picks the relationship; without it the relationship of the HA listener
 * the command came through is used, else the first. {@code ha-maintenance-start}/{@code -cancel} act on all.
 */
public final class HaCommands {
    /** Names registered by {@link #register}. */
    public static final List<String> NAMES = List.of("ha-heartbeat", "ha-reset", "ha-maintenance-notify",
            "ha-sync-complete-notify", "ha-scopes", "ha-continue", "ha-maintenance-start", "ha-maintenance-cancel",
            "ha-sync", LeaseBatchCommand.NAME);
    /** Origin prefix of commands received by the HA listener of relationship i: {@code ha-listener:i}. */
    public static final String LISTENER_ORIGIN = "ha-listener:";
    private static final long NOTIFY_WAIT_MILLIS = PeerCommands.TIMEOUT_MILLIS + 5_000;
    private static final long SYNC_WAIT_MILLIS = 15 * 60_000;

    private final Supplier<List<HaCoordinator>> coordinators;

    public HaCommands(Supplier<List<HaCoordinator>> coordinators) {
        this.coordinators = coordinators;
    }

    public void register(CommandRegistry r) {
        r.register("ha-heartbeat", c -> select(c).heartbeatAnswer());
        r.register("ha-reset", c -> select(c).reset());
        r.register("ha-maintenance-notify", c -> select(c).maintenanceNotify(c.args().requireBoolean("cancel")));
        r.register("ha-sync-complete-notify", c -> select(c).syncCompleteNotified(origins(c, select(c))));
        r.register("ha-scopes", this::scopes);
        r.register("ha-continue", c -> select(c).continueMachine());
        r.register("ha-maintenance-start", c -> await(maintenance(true), NOTIFY_WAIT_MILLIS));
        r.register("ha-maintenance-cancel", c -> await(maintenance(false), NOTIFY_WAIT_MILLIS));
        r.register("ha-sync", this::sync);
        LeaseBatchCommand.register(r);
    }

    public void unregister(CommandRegistry r) {
        NAMES.forEach(r::unregister);
    }

    /** The relationship named by {@code server-name}, else the listener's, else the first. */
    HaCoordinator select(Command c) {
        List<HaCoordinator> all = coordinators.get();
        if (all.isEmpty()) {
            throw new CommandException("HA is not running");
        }
        var name = c.args().optString("server-name");
        if (name.isPresent()) {
            return byPeer(all, name.get());
        }
        String origin = c.origin();
        if (origin != null && origin.startsWith(LISTENER_ORIGIN)) {
            try {
                int i = Integer.parseInt(origin.substring(LISTENER_ORIGIN.length()));
                for (HaCoordinator h : all) {
                    if (h.relationship().index() == i) {
                        return h;
                    }
                }
            } catch (NumberFormatException ignored) {
                // fall through to the first relationship
            }
        }
        return all.get(0);
    }

    /** The relationship that has a peer of this name. */
    public static HaCoordinator byPeer(List<HaCoordinator> all, String name) {
        for (HaCoordinator h : all) {
            if (h.relationship().hasPeer(name)) {
                return h;
            }
        }
        throw new CommandException("server name '" + name + "' is not a peer of any HA relationship");
    }

    /** Origins to lift on ha-sync-complete-notify: the given one, else both Kea 2.2's 2000 and ours. */
    private static Set<Integer> origins(Command c, HaCoordinator h) {
        Arguments a = c.args();
        Set<Integer> out = new TreeSet<>();
        if (a.has("origin-id")) {
            out.add(originValue(a.requireLong("origin-id"), "origin-id"));
        } else if (a.raw().get("origin") instanceof String s) {
            if (!s.equals("ha-partner")) {
                throw new CommandException("invalid value used for 'origin' parameter: " + s);
            }
            out.add(ServiceState.HA_REMOTE_BASE);
        } else if (a.has("origin")) {
            out.add(originValue(a.requireLong("origin"), "origin"));
        }
        if (out.isEmpty()) {
            out.add(ServiceState.HA_REMOTE_BASE);
            out.add(h.relationship().remoteOrigin());
        }
        return out;
    }

    private static int originValue(long v, String key) {
        if (v < 0 || v > 65535) {
            throw new CommandException("invalid value used for '" + key + "' parameter: " + v);
        }
        return (int) v;
    }

    private ControlResult scopes(Command c) {
        List<?> raw = c.args().optList("scopes").orElseThrow(() -> new CommandException(
                "'scopes' is mandatory for the 'ha-scopes' command"));
        List<String> names = new ArrayList<>();
        for (Object o : raw) {
            if (!(o instanceof String s)) {
                throw new CommandException("scope name must be a string in the 'scopes' argument");
            }
            names.add(s);
        }
        return select(c).setScopes(names);
    }

    private ControlResult sync(Command c) {
        Arguments a = c.args();
        String peer = a.requireString("server-name");
        long maxPeriod = 0;
        if (a.has("max-period")) {
            maxPeriod = a.requireLong("max-period");
            if (maxPeriod <= 0 || maxPeriod > 0xffffffffL) {
                throw new CommandException("'max-period' must be a positive integer value");
            }
        }
        HaCoordinator h = byPeer(coordinators.get(), peer);
        return await(h.syncFrom(peer, maxPeriod), SYNC_WAIT_MILLIS);
    }

    /** Starts or cancels maintenance in every relationship; the first failure (or the first answer) is returned. */
    public CompletableFuture<ControlResult> maintenance(boolean start) {
        List<HaCoordinator> all = coordinators.get();
        if (all.isEmpty()) {
            return CompletableFuture.completedFuture(ControlResult.error("HA is not running"));
        }
        List<CompletableFuture<ControlResult>> fs = new ArrayList<>();
        for (HaCoordinator h : all) {
            fs.add(start ? h.maintenanceStart() : h.maintenanceCancel());
        }
        return CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).thenApply(v -> {
            for (CompletableFuture<ControlResult> f : fs) {
                if (f.join().result() != ControlResult.SUCCESS) {
                    return f.join();
                }
            }
            return fs.get(0).join();
        });
    }

    private static ControlResult await(CompletableFuture<ControlResult> f, long millis) {
        try {
            return f.get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ControlResult.error("interrupted while waiting for the HA partner");
        } catch (ExecutionException e) {
            return ControlResult.error(LeaseSynchronizer.describe(null, e.getCause()));
        } catch (TimeoutException e) {
            return ControlResult.error("no answer from the HA partner within " + millis / 1000 + " s");
        }
    }
}
