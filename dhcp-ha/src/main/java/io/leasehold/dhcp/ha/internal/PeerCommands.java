package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.control.LeaseJson;
import io.leasehold.dhcp.ha.HaState;
import io.leasehold.dhcp.lease.Lease4;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The commands one HA peer sends another (Kea's command creator): names and argument maps as Kea 2.2 sends them,
 * plus the fields later Kea versions add and Kea 2.2 is known to ignore ({@code server-name}, {@code origin-id},
 * {@code origin: "ha-partner"} on lease commands). Also reads the answers.
 */
public final class PeerCommands {
    public static final String HEARTBEAT = "ha-heartbeat";
    public static final String LEASE_UPDATE = "lease4-update";
    public static final String LEASE_DELETE = "lease4-del";
    public static final String GET_PAGE = "lease4-get-page";
    public static final String DHCP_DISABLE = "dhcp-disable";
    public static final String DHCP_ENABLE = "dhcp-enable";
    public static final String SYNC_COMPLETE_NOTIFY = "ha-sync-complete-notify";
    public static final String MAINTENANCE_NOTIFY = "ha-maintenance-notify";
    public static final String RESET = "ha-reset";
    /** Kea's fixed timeout of every peer command except {@code lease4-get-page}. */
    public static final long TIMEOUT_MILLIS = 10_000;

    private PeerCommands() {
    }

    /** Arguments carrying the sender's name (Kea 2.5.5+), used by heartbeat, reset, notifications. */
    public static Map<String, Object> serverName(String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server-name", name);
        return m;
    }

    /** {@code lease4-update}: the lease with {@code expire} and {@code force-create: true}. */
    public static Map<String, Object> leaseUpdate(Lease4 lease) {
        Map<String, Object> m = LeaseJson.toUpdateMap(lease);
        m.put("force-create", true);
        m.put("origin", "ha-partner");
        return m;
    }

    /** {@code lease4-del}: the same lease JSON without {@code force-create}. */
    public static Map<String, Object> leaseDelete(Lease4 lease) {
        Map<String, Object> m = LeaseJson.toUpdateMap(lease);
        m.put("origin", "ha-partner");
        return m;
    }

    /** {@code lease4-get-page} after {@code from} (null = "start"). */
    public static Map<String, Object> getPage(String from, long limit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from == null ? "start" : from);
        m.put("limit", limit);
        return m;
    }

    /** {@code dhcp-disable} by the HA partner; {@code maxPeriodSeconds} 0 omits {@code max-period}. */
    public static Map<String, Object> dhcpDisable(long maxPeriodSeconds, int originId) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (maxPeriodSeconds > 0) {
            m.put("max-period", maxPeriodSeconds);
        }
        m.put("origin", "ha-partner");
        m.put("origin-id", (long) originId);
        return m;
    }

    public static Map<String, Object> dhcpEnable(int originId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("origin", "ha-partner");
        m.put("origin-id", (long) originId);
        return m;
    }

    public static Map<String, Object> syncCompleteNotify(String serverName, int originId) {
        Map<String, Object> m = serverName(serverName);
        m.put("origin-id", (long) originId);
        return m;
    }

    public static Map<String, Object> maintenanceNotify(boolean cancel, String serverName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cancel", cancel);
        m.put("server-name", serverName);
        return m;
    }

    /** Results 0 and 3 count as success, as Kea counts them. */
    public static boolean isSuccess(ControlResult r) {
        return r.result() == ControlResult.SUCCESS || r.result() == ControlResult.EMPTY;
    }

    /** What a heartbeat answer says about the partner. */
    public record HeartbeatAnswer(HaState state, long dateTimeSeconds, List<String> scopes, long unsentUpdateCount) {

        /**
         * Reads an answer as Kea does: result 0 or 3, {@code state} one of the 12 state names and {@code date-time}
         * are mandatory; missing or malformed {@code scopes} are tolerated; {@code unsent-update-count} is optional
         * but must be an integer.
         *
         * @throws IllegalArgumentException saying what was wrong
         */
        public static HeartbeatAnswer parse(ControlResult r) {
            if (!isSuccess(r)) {
                throw new IllegalArgumentException("result " + r.result() + ": " + r.text());
            }
            if (!(r.arguments() instanceof Map<?, ?> args)) {
                throw new IllegalArgumentException("no arguments in the heartbeat answer");
            }
            if (!(args.get("state") instanceof String stateName)) {
                throw new IllegalArgumentException("'state' is missing or not a string");
            }
            HaState state = HaState.fromWireName(stateName);
            if (state == null) {
                throw new IllegalArgumentException("unknown partner state '" + stateName + "'");
            }
            if (!(args.get("date-time") instanceof String dt)) {
                throw new IllegalArgumentException("'date-time' is missing or not a string");
            }
            long seconds = HttpDate.parseSeconds(dt);
            List<String> scopes = new ArrayList<>();
            if (args.get("scopes") instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof String s) {
                        scopes.add(s);
                    }
                }
            }
            long unsent = 0;
            Object u = args.get("unsent-update-count");
            if (u != null) {
                if (!(u instanceof Number n) || u instanceof Double || u instanceof Float) {
                    throw new IllegalArgumentException("'unsent-update-count' is not an integer");
                }
                unsent = n.longValue();
            }
            return new HeartbeatAnswer(state, seconds, List.copyOf(scopes), unsent);
        }
    }
}
