package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.Allocator;
import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.Lifetime;
import io.leasehold.dhcp.config.NetworkSettings;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The inheritable parameters of one level (global, shared network or subnet): what the level sets, else the
 * parent's value. Checks T1/T2 and lifetimes the way Kea does, on the values effective at that level.
 */
final class NetworkSettingsParser {
    private static final Map<String, Allocator> ALLOCATORS = Choices.of(Allocator.class, Allocator::keaName);
    private static final Map<String, boolean[]> RESERVATION_MODES = Map.of(
            "all", new boolean[] {false, true, false},
            "out-of-pool", new boolean[] {false, true, true},
            "global", new boolean[] {true, false, false},
            "disabled", new boolean[] {false, false, false});
    /** Sizes of the BOOTP sname and file fields, less the terminating NUL. */
    private static final int MAX_SNAME = 63;
    private static final int MAX_FILE = 127;

    private NetworkSettingsParser() {
    }

    static NetworkSettings parse(MapReader m, NetworkSettings parent, ParseContext ctx) throws ConfigException {
        Lifetime lifetime = LifetimeParser.parse(m).orElse(parent.lifetime());
        Node renewNode = m.get("renew-timer");
        Node rebindNode = m.get("rebind-timer");
        OptionalLong renew = renewNode == null ? parent.renewTimer()
                : OptionalLong.of(Values.integer(renewNode, 0, Values.UINT32_MAX));
        OptionalLong rebind = rebindNode == null ? parent.rebindTimer()
                : OptionalLong.of(Values.integer(rebindNode, 0, Values.UINT32_MAX));
        if ((renewNode != null || rebindNode != null) && renew.isPresent() && rebind.isPresent()
                && renew.getAsLong() > rebind.getAsLong()) {
            throw (renewNode != null ? renewNode : rebindNode).error("renew-timer " + renew.getAsLong()
                    + " is greater than rebind-timer " + rebind.getAsLong());
        }
        Node calcNode = m.get("calculate-tee-times");
        Node t1Node = m.get("t1-percent");
        Node t2Node = m.get("t2-percent");
        boolean calculate = calcNode == null ? parent.calculateTeeTimes() : Values.bool(calcNode);
        double t1 = t1Node == null ? parent.t1Percent() : Values.decimal(t1Node, 0, Double.MAX_VALUE);
        double t2 = t2Node == null ? parent.t2Percent() : Values.decimal(t2Node, 0, Double.MAX_VALUE);
        if (calculate && (calcNode != null || t1Node != null || t2Node != null)) {
            checkPercents(t1, t2, t1Node != null ? t1Node : t2Node != null ? t2Node : calcNode);
        }
        boolean[] reservations = reservationFlags(m, parent, ctx);
        Node charSet = m.get("hostname-char-set");
        String hostnameCharSet = charSet == null ? parent.hostnameCharSet() : checkRegex(charSet);
        OptionalDouble cacheThreshold = m.optDecimal("cache-threshold", 0, 1);
        OptionalLong cacheMaxAge = m.optInteger("cache-max-age", 0, Values.UINT32_MAX);
        Node nextServer = m.get("next-server");
        return new NetworkSettings(lifetime, renew, rebind, calculate, t1, t2,
                m.bool("match-client-id", parent.matchClientId()),
                m.bool("authoritative", parent.authoritative()),
                nextServer == null ? parent.nextServer() : Values.ipv4(nextServer),
                bounded(m, "server-hostname", parent.serverHostname(), MAX_SNAME),
                bounded(m, "boot-file-name", parent.bootFileName(), MAX_FILE),
                reservations[0], reservations[1], reservations[2],
                cacheThreshold.isPresent() ? cacheThreshold : parent.cacheThreshold(),
                cacheMaxAge.isPresent() ? cacheMaxAge : parent.cacheMaxAge(),
                m.choice("allocator", parent.allocator(), ALLOCATORS),
                m.bool("store-extended-info", parent.storeExtendedInfo()),
                hostnameCharSet,
                m.string("hostname-char-replacement", parent.hostnameCharReplacement()),
                DdnsSettingsParser.parse(m, parent.ddns()));
    }

    private static void checkPercents(double t1, double t2, Node at) throws ConfigException {
        if (t1 <= 0 || t1 >= 1) {
            throw at.error("t1-percent " + t1 + " is invalid, it must be greater than 0 and less than 1");
        }
        if (t2 <= 0 || t2 >= 1) {
            throw at.error("t2-percent " + t2 + " is invalid, it must be greater than 0 and less than 1");
        }
        if (t1 >= t2) {
            throw at.error("t1-percent " + t1 + " is invalid, it must be less than t2-percent " + t2);
        }
    }

    /** reservations-global / -in-subnet / -out-of-pool, or the deprecated reservation-mode. */
    private static boolean[] reservationFlags(MapReader m, NetworkSettings parent, ParseContext ctx)
            throws ConfigException {
        Node mode = m.get("reservation-mode");
        Node global = m.get("reservations-global");
        Node inSubnet = m.get("reservations-in-subnet");
        Node outOfPool = m.get("reservations-out-of-pool");
        if (mode != null) {
            if (global != null || inSubnet != null || outOfPool != null) {
                throw mode.error("the deprecated reservation-mode cannot be combined with reservations-global, "
                        + "reservations-in-subnet or reservations-out-of-pool");
            }
            boolean[] flags = MapReader.choice(mode, RESERVATION_MODES);
            ctx.warn(mode.location(), "reservation-mode is deprecated (removed in Kea 2.6); use "
                    + "reservations-global, reservations-in-subnet and reservations-out-of-pool");
            return flags.clone();
        }
        return new boolean[] {
            global == null ? parent.reservationsGlobal() : Values.bool(global),
            inSubnet == null ? parent.reservationsInSubnet() : Values.bool(inSubnet),
            outOfPool == null ? parent.reservationsOutOfPool() : Values.bool(outOfPool)};
    }

    private static String bounded(MapReader m, String key, String inherited, int maxBytes) throws ConfigException {
        Node n = m.get(key);
        if (n == null) {
            return inherited;
        }
        String value = Values.string(n);
        int length = value.getBytes(StandardCharsets.UTF_8).length;
        if (length > maxBytes) {
            throw n.error(key + " must be at most " + maxBytes + " bytes long, it is " + length + " bytes long");
        }
        return value;
    }

    private static String checkRegex(Node n) throws ConfigException {
        String value = Values.string(n);
        try {
            Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw n.error("'" + value + "' is not a valid regular expression: " + e.getDescription());
        }
        return value;
    }
}
