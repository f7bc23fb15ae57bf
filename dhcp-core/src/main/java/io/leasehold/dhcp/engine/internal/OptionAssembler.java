package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.config.ClientClass;
import io.leasehold.dhcp.config.OptionData;
import io.leasehold.dhcp.config.Pool4;
import io.leasehold.dhcp.config.Reservation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the configured options of a reply. Lookup order, first hit wins per option code (Kea §2.10):
 * reservation, pool, subnet, shared network, client classes in assignment order, global. An option goes into the
 * reply when the client requested it (option 55), when it is marked {@code always-send}, or when it is one of the
 * "basic" options 3, 6, 15 that Kea always sends when configured; never when marked {@code never-send}. Options the
 * server computes itself (1, 12, 50-61, 82, 118) are not taken from configuration here.
 */
final class OptionAssembler {
    private static final Set<Integer> COMPUTED = Set.of(1, 12, 50, 51, 52, 53, 54, 55, 57, 58, 59, 61, 82, 118);
    private static final Set<Integer> BASIC = Set.of(3, 6, 15);

    private OptionAssembler() {
    }

    /** Every configured option visible to the client, keyed by code, precedence applied. */
    static Map<Integer, OptionData> visible(Reservation reservation, Pool4 pool, SubnetRuntime subnet,
                                            List<ClientClass> classes, List<OptionData> global) {
        // Most replies have no reservation or class options: then the answer depends only on (subnet, pool), so it
        // is merged once per pool and kept by the subnet (read-only, same insertion order) instead of per packet.
        if (subnet != null && (reservation == null || reservation.optionData().isEmpty()) && noOptions(classes)) {
            return subnet.plainOptions(pool, () -> Collections.unmodifiableMap(merge(null, pool, subnet, classes,
                    global)));
        }
        return merge(reservation, pool, subnet, classes, global);
    }

    /**
     * Merges the subnet's plain options (see {@link #visible}) for every pool and for none now, when the runtime is
     * built, so that the first replies of a new configuration do not each stop to build them.
     */
    static void prime(SubnetRuntime subnet, List<OptionData> global) {
        visible(null, null, subnet, List.of(), global);
        for (Pool4 p : subnet.subnet().pools()) {
            visible(null, p, subnet, List.of(), global);
        }
    }

    private static boolean noOptions(List<ClientClass> classes) {
        for (ClientClass c : classes) {
            if (!c.optionData().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static Map<Integer, OptionData> merge(Reservation reservation, Pool4 pool, SubnetRuntime subnet,
                                                  List<ClientClass> classes, List<OptionData> global) {
        Map<Integer, OptionData> out = new LinkedHashMap<>();
        if (reservation != null) {
            addAll(out, reservation.optionData());
        }
        if (pool != null) {
            addAll(out, pool.optionData());
        }
        if (subnet != null) {
            addAll(out, subnet.subnet().optionData());
            if (subnet.network != null) {
                addAll(out, subnet.network.optionData());
            }
        }
        for (ClientClass c : classes) {
            addAll(out, c.optionData());
        }
        addAll(out, global);
        return out;
    }

    private static void addAll(Map<Integer, OptionData> out, List<OptionData> options) {
        for (OptionData o : options) {
            if (o.space().equals("dhcp4")) {
                out.putIfAbsent(o.code(), o);
            }
        }
    }

    /** The configured options to put in the reply, in the order the client asked for them, then the rest. */
    static List<OptionData> select(DhcpMessage query, Map<Integer, OptionData> visible) {
        List<OptionData> out = new ArrayList<>();
        int[] prl = query.parameterRequestList();
        if (prl != null) {
            for (int code : prl) {
                OptionData o = visible.get(code);
                if (o != null && !o.neverSend() && !COMPUTED.contains(code) && !out.contains(o)) {
                    out.add(o);
                }
            }
        }
        for (OptionData o : visible.values()) {
            if (!out.contains(o) && !o.neverSend() && !COMPUTED.contains(o.code())
                    && (o.alwaysSend() || BASIC.contains(o.code()))) {
                out.add(o);
            }
        }
        return out;
    }
}
