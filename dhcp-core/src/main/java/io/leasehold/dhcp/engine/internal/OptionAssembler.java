package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.config.ClientClass;
import io.leasehold.dhcp.config.OptionData;
import io.leasehold.dhcp.config.Pool4;
import io.leasehold.dhcp.config.Reservation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the configured options of a reply. Lookup order, first hit wins per option code (Kea §2.10):
 * reservation, pool, subnet, shared network, client classes in assignment order, global. An option goes into the
 * reply when the client requested it (option 55), when it is marked {@code always-send}, or when it is one of the
 * "basic" options 3, 6, 15 that Kea always sends when configured; never when marked {@code never-send}. Options the
 * server computes itself (1, 12, 50-61, 82, 118) are not taken from configuration here.
 */
final class OptionAssembler {
    /** Codes the server computes itself (1, 12, 50-59 but 56, 61, 82, 118), indexed by code. */
    private static final boolean[] COMPUTED = codes(1, 12, 50, 51, 52, 53, 54, 55, 57, 58, 59, 61, 82, 118);
    /** Kea's "basic" options, sent when configured even if not requested. */
    private static final boolean[] BASIC = codes(3, 6, 15);

    private OptionAssembler() {
    }

    private static boolean[] codes(int... codes) {
        boolean[] t = new boolean[256];
        for (int c : codes) {
            t[c] = true;
        }
        return t;
    }

    /** The configured options a reply may draw from, keyed by code, precedence applied, in merge order. */
    static final class Visible {
        private final Map<Integer, OptionData> byCode;
        /** {@link #byCode}'s values in its order, for loops that must not allocate an iterator. */
        private final OptionData[] ordered;

        private Visible(Map<Integer, OptionData> byCode) {
            this.byCode = byCode;
            this.ordered = byCode.values().toArray(new OptionData[0]);
        }

        OptionData get(int code) {
            return byCode.get(code);
        }
    }

    /** Every configured option visible to the client, keyed by code, precedence applied. */
    static Visible visible(Reservation reservation, Pool4 pool, SubnetRuntime subnet, List<ClientClass> classes,
                           List<OptionData> global) {
        // Most replies have no reservation or class options: then the answer depends only on (subnet, pool), so it
        // is merged once per pool and kept by the subnet (read-only, same insertion order) instead of per packet.
        if (subnet != null && (reservation == null || reservation.optionData().isEmpty()) && noOptions(classes)) {
            Visible cached = subnet.plainOptions(pool);
            if (cached == null) {
                cached = subnet.keepPlainOptions(pool, new Visible(merge(null, pool, subnet, classes, global)));
            }
            return cached;
        }
        return new Visible(merge(reservation, pool, subnet, classes, global));
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
        for (int i = 0; i < classes.size(); i++) {
            if (!classes.get(i).optionData().isEmpty()) {
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
        return Collections.unmodifiableMap(out);
    }

    private static void addAll(Map<Integer, OptionData> out, List<OptionData> options) {
        for (OptionData o : options) {
            if (o.space().equals("dhcp4")) {
                out.putIfAbsent(o.code(), o);
            }
        }
    }

    /**
     * Puts the configured options of the reply into {@code b}: those the client asked for (option 55), in its order,
     * then the rest that are always sent, in precedence order; never a {@code never-send} one or one the server
     * computes. A code the client lists twice is set twice, which the builder turns into one option in its first
     * place; the second loop skips the codes the first one took. Nothing allocated (see {@link #SCRATCH}).
     */
    static void addTo(DhcpMessage.Builder b, DhcpMessage query, Visible visible) {
        byte[] scratch = SCRATCH.get();
        int prlLength = query.optionLength(55);
        if (prlLength > 0) {
            byte[] prl = prlLength <= 255 ? PRL.get() : new byte[prlLength];
            query.copyOption(55, prl, 0);
            for (int i = 0; i < prlLength; i++) {
                OptionData o = visible.get(prl[i] & 0xff);
                if (o != null && sendable(o)) {
                    scratch = put(b, o, scratch);
                }
            }
        }
        for (OptionData o : visible.ordered) {
            if (sendable(o) && (o.alwaysSend() || BASIC[o.code()])
                    && (prlLength < 0 || !query.requestsOption(o.code()))) {
                scratch = put(b, o, scratch);
            }
        }
    }

    /** Sets {@code o} in {@code b} through this thread's scratch array (grown, and kept, for a longer value). */
    private static byte[] put(DhcpMessage.Builder b, OptionData o, byte[] scratch) {
        if (o.payloadLength() > scratch.length) {
            scratch = new byte[o.payloadLength()];
            SCRATCH.set(scratch);
        }
        int n = o.copyPayload(scratch, 0);
        b.option(o.code(), scratch, 0, n);
        return scratch;
    }

    /**
     * Each thread's arrays for a query's option 55 and for the option values on their way into the reply builder,
     * which copies them (a reply is assembled within one call on one thread): no array per reply or per option.
     */
    private static final ThreadLocal<byte[]> PRL = ThreadLocal.withInitial(() -> new byte[255]);
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[255]);

    private static boolean sendable(OptionData o) {
        return !o.neverSend() && !COMPUTED[o.code()];
    }
}
