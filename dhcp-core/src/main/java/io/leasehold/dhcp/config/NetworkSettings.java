package io.leasehold.dhcp.config;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The parameters Kea lets every level (global, shared network, subnet) set and inherit. Values held by a
 * {@link Subnet4} or {@link SharedNetwork} are <em>effective</em>: what that level sets, else what its parent
 * sets, else Kea's default.
 *
 * @param lifetime {@code valid-lifetime} with {@code min-}/{@code max-valid-lifetime} (default 7200 for all three)
 * @param renewTimer {@code renew-timer} (T1) in seconds, absent unless configured
 * @param rebindTimer {@code rebind-timer} (T2) in seconds, absent unless configured
 * @param calculateTeeTimes {@code calculate-tee-times} (default false)
 * @param t1Percent {@code t1-percent} (default 0.5)
 * @param t2Percent {@code t2-percent} (default 0.875)
 * @param matchClientId {@code match-client-id} (default true)
 * @param authoritative {@code authoritative} (default false)
 * @param nextServer {@code next-server} as an int address; 0 (0.0.0.0) when not set
 * @param serverHostname {@code server-hostname}; empty when not set
 * @param bootFileName {@code boot-file-name}; empty when not set
 * @param reservationsGlobal {@code reservations-global} (default false)
 * @param reservationsInSubnet {@code reservations-in-subnet} (default true)
 * @param reservationsOutOfPool {@code reservations-out-of-pool} (default false)
 * @param cacheThreshold {@code cache-threshold}, absent unless configured (Kea 2.2 has no default)
 * @param cacheMaxAge {@code cache-max-age} in seconds, absent unless configured
 * @param allocator {@code allocator} (default iterative)
 * @param storeExtendedInfo {@code store-extended-info} (default false)
 * @param hostnameCharSet {@code hostname-char-set} (default {@code [^A-Za-z0-9.-]})
 * @param hostnameCharReplacement {@code hostname-char-replacement} (default empty: invalid characters are removed)
 * @param ddns the {@code ddns-*} parameters
 */
public record NetworkSettings(Lifetime lifetime, OptionalLong renewTimer, OptionalLong rebindTimer,
        boolean calculateTeeTimes, double t1Percent, double t2Percent, boolean matchClientId,
        boolean authoritative, int nextServer, String serverHostname, String bootFileName,
        boolean reservationsGlobal, boolean reservationsInSubnet, boolean reservationsOutOfPool,
        OptionalDouble cacheThreshold, OptionalLong cacheMaxAge, Allocator allocator, boolean storeExtendedInfo,
        String hostnameCharSet, String hostnameCharReplacement, DdnsSettings ddns) {

    /** Kea's global defaults. */
    public static final NetworkSettings DEFAULTS = new NetworkSettings(Lifetime.of(7200), OptionalLong.empty(),
            OptionalLong.empty(), false, 0.5, 0.875, true, false, 0, "", "", false, true, false,
            OptionalDouble.empty(), OptionalLong.empty(), Allocator.ITERATIVE, false, "[^A-Za-z0-9.-]", "",
            DdnsSettings.DEFAULTS);
}
