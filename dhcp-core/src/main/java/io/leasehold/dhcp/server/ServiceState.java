package io.leasehold.dhcp.server;

import io.leasehold.dhcp.control.Arguments;
import io.leasehold.dhcp.control.CommandException;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.time.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether the DHCP service answers clients, as Kea's network state: the service is disabled while at least one
 * origin holds it disabled. Origins are numbered as Kea 2.5.8+ does: {@link #USER} (1), local HA relationship
 * {@code i} ({@code 1000 + i}), the HA partner of relationship {@code i} ({@code 2000 + i}). Unlike Kea 2.2, which
 * shares one flag between local HA and the partner, each origin is tracked separately so a partner's
 * {@code dhcp-enable} cannot undo a disable the local HA state machine holds. A disable may carry a
 * {@code max-period}, after which that origin's disable lapses by itself.
 */
public final class ServiceState {
    public static final int USER = 1;
    public static final int HA_LOCAL_BASE = 1000;
    public static final int HA_REMOTE_BASE = 2000;
    /** Longest {@code max-period} accepted (Kea's uint32 seconds). */
    public static final long MAX_PERIOD_SECONDS = 0xffffffffL;
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.server");

    private final Scheduler scheduler;
    private final Map<Integer, Scheduler.Cancellable> timers = new HashMap<>();
    private final Set<Integer> disabledBy = new TreeSet<>();
    private volatile boolean enabled = true;

    public ServiceState(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Whether packets are served. One volatile read: cheap enough for every packet. */
    public boolean isEnabled() {
        return enabled;
    }

    /** Disables for {@code origin}; with {@code maxPeriodSeconds > 0} the disable lapses after that time. */
    public synchronized void disable(int origin, long maxPeriodSeconds) {
        if (maxPeriodSeconds > MAX_PERIOD_SECONDS) {
            throw new IllegalArgumentException("maxPeriodSeconds " + maxPeriodSeconds + " is larger than "
                    + MAX_PERIOD_SECONDS);
        }
        cancelTimer(origin);
        disabledBy.add(origin);
        if (maxPeriodSeconds > 0) {
            timers.put(origin, scheduler.schedule(() -> {
                LOG.info("LH_SERVICE_MAX_PERIOD_EXPIRED disable by origin {} lapsed after {} s", origin,
                        maxPeriodSeconds);
                enable(origin);
            }, maxPeriodSeconds * 1000));
        }
        update();
    }

    /** Lifts the disable of {@code origin}. */
    public synchronized void enable(int origin) {
        cancelTimer(origin);
        disabledBy.remove(origin);
        update();
    }

    /** Origins currently holding the service disabled. */
    public synchronized Set<Integer> disabledBy() {
        return new TreeSet<>(disabledBy);
    }

    private void cancelTimer(int origin) {
        Scheduler.Cancellable t = timers.remove(origin);
        if (t != null) {
            t.cancel();
        }
    }

    private void update() {
        boolean now = disabledBy.isEmpty();
        if (now != enabled) {
            enabled = now;
            if (now) {
                LOG.info("LH_SERVICE_ENABLED DHCPv4 service enabled");
            } else {
                LOG.info("LH_SERVICE_DISABLED DHCPv4 service disabled by origin(s) {}", disabledBy);
            }
        }
    }

    /** Registers {@code dhcp-disable} and {@code dhcp-enable} with Kea's arguments and texts. */
    public void registerCommands(CommandRegistry registry) {
        registry.register("dhcp-disable", c -> {
            Arguments a = c.args();
            int origin = origin(a);
            long max = 0;
            if (a.has("max-period")) {
                max = a.requireLong("max-period");
                if (max <= 0) {
                    throw new CommandException("'max-period' must be positive integer");
                }
                if (max > MAX_PERIOD_SECONDS) {
                    throw new CommandException("'max-period' " + max + " is larger than " + MAX_PERIOD_SECONDS
                            + " seconds");
                }
            }
            disable(origin, max);
            return ControlResult.success(max > 0 ? "DHCPv4 service disabled for " + max + " seconds"
                    : "DHCPv4 service disabled");
        });
        registry.register("dhcp-enable", c -> {
            enable(origin(c.args()));
            return ControlResult.success("DHCP service successfully enabled");
        });
    }

    /** Kea 2.5.8+ {@code origin-id}, else the 2.2 strings {@code user} / {@code ha-partner}. */
    static int origin(Arguments a) {
        if (a.has("origin-id")) {
            long id = a.requireLong("origin-id");
            if (id < 0 || id > 65535) {
                throw new CommandException("invalid value used for 'origin-id' parameter: " + id);
            }
            return (int) id;
        }
        if (!a.has("origin")) {
            return USER;
        }
        Object o = a.raw().get("origin");
        if (o instanceof Long l && l >= 0 && l <= 65535) {
            return l.intValue();
        }
        if (o instanceof String s) {
            switch (s) {
                case "user":
                    return USER;
                case "ha-partner":
                    return HA_REMOTE_BASE;
                default:
                    break;
            }
        }
        throw new CommandException("invalid value used for 'origin' parameter: " + o);
    }
}
