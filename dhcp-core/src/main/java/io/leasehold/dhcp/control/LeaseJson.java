package io.leasehold.dhcp.control;

import io.leasehold.dhcp.control.internal.Json;
import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Kea's JSON form of a DHCPv4 lease, as the lease commands answer it ({@code cltt}) and as HA lease updates send
 * it ({@code expire} instead of {@code cltt}). Keys in Kea's (alphabetical) order.
 */
public final class LeaseJson {
    private LeaseJson() {
    }

    /** The lease as {@code lease4-get} shows it (with {@code cltt}). */
    public static Map<String, Object> toMap(Lease4 l) {
        return toMap(l, false);
    }

    /** The lease as an HA {@code lease4-update} carries it ({@code expire} in place of {@code cltt}). */
    public static Map<String, Object> toUpdateMap(Lease4 l) {
        return toMap(l, true);
    }

    private static Map<String, Object> toMap(Lease4 l, boolean expire) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (l.clientId() != null) {
            m.put("client-id", l.clientId().toString());
        }
        if (!expire) {
            m.put("cltt", l.cltt());
        }
        if (expire) {
            m.put("expire", l.expire());
        }
        m.put("fqdn-fwd", l.fqdnForward());
        m.put("fqdn-rev", l.fqdnReverse());
        m.put("hostname", l.hostname());
        m.put("hw-address", l.hardwareAddress() == null ? "" : l.hardwareAddress().toString());
        m.put("ip-address", Ipv4.toString(l.address()));
        if (l.poolId() != 0) {
            m.put("pool-id", l.poolId());
        }
        m.put("state", l.state());
        m.put("subnet-id", l.subnetId());
        if (l.userContext() != null) {
            m.put("user-context", new Json.RawJson(l.userContext()));
        }
        m.put("valid-lft", l.validLifetime());
        return m;
    }

    /**
     * Builds a lease from {@code lease4-add}/{@code lease4-update} arguments (also what a Kea HA partner sends).
     *
     * @param subnetFor       resolves the subnet: given the requested subnet id (0 when absent) and the address,
     *                        returns the subnet id to use, or throws {@link CommandException} with Kea's text
     * @param defaultValidLft valid lifetime of a subnet when {@code valid-lft} is absent
     * @param nowSeconds      the current time, for {@code cltt} when {@code expire} is absent
     */
    public static Lease4 fromArguments(Arguments a, SubnetResolver subnetFor, LongFunction<Long> defaultValidLft,
                                       long nowSeconds) {
        String ip = a.requireString("ip-address");
        int address;
        try {
            address = Ipv4.parse(ip);
        } catch (IllegalArgumentException e) {
            throw new CommandException("'" + ip + "' is not a valid IPv4 address");
        }
        long requestedSubnet = a.optUint32("subnet-id").orElse(0L);
        long subnetId = subnetFor.resolve(requestedSubnet, address);
        Lease4.Builder b = Lease4.builder(address).subnetId(subnetId);
        String hw = a.requireString("hw-address");
        if (!hw.isEmpty()) {
            try {
                b.hardwareAddress(HardwareAddress.parse(hw));
            } catch (IllegalArgumentException e) {
                throw new CommandException("invalid hw-address '" + hw + "'");
            }
        }
        a.optString("client-id").filter(s -> !s.isEmpty()).ifPresent(s -> {
            try {
                b.clientId(ClientId.parse(s));
            } catch (IllegalArgumentException e) {
                throw new CommandException("invalid client-id '" + s + "'");
            }
        });
        long valid = a.optUint32("valid-lft").orElseGet(() -> defaultValidLft.apply(subnetId));
        b.validLifetime(valid);
        if (a.has("expire")) {
            long expire = a.requireLong("expire");
            if (expire <= 0) {
                throw new CommandException("expiration time must be positive for address " + ip);
            }
            if (expire < valid) {
                throw new CommandException("expiration time must be greater than valid lifetime for address " + ip);
            }
            b.cltt(expire - valid);
        } else if (a.has("cltt")) {
            b.cltt(a.requireLong("cltt"));
        } else {
            b.cltt(nowSeconds);
        }
        b.fqdnForward(a.optBoolean("fqdn-fwd").orElse(false));
        b.fqdnReverse(a.optBoolean("fqdn-rev").orElse(false));
        b.hostname(a.optString("hostname").orElse("").toLowerCase(java.util.Locale.ROOT));
        long state = a.optLong("state").orElse(0L);
        if (state < 0 || state > 4) {
            throw new CommandException("invalid state " + state + ": must be 0 (default), 1 (declined), "
                    + "2 (expired-reclaimed), 3 (released) or 4 (registered)");
        }
        b.state((int) state);
        if (hw.isEmpty() && state != 1) {
            throw new CommandException("hw-address must not be empty unless the lease is declined (state 1)");
        }
        Map<String, Object> ctx = a.optMap("user-context").map(LinkedHashMap::new).orElse(null);
        String comment = a.optString("comment").orElse(null);
        if (comment != null) {
            if (ctx == null) {
                ctx = new LinkedHashMap<>();
            }
            ctx.put("comment", comment);
        }
        if (ctx != null) {
            b.userContext(Json.write(ctx));
        }
        a.optUint32("pool-id").ifPresent(b::poolId);
        return b.build();
    }

    /** Parses a lease's user-context text back into a value, or returns it raw if it is not valid JSON. */
    public static Object userContextValue(String text) {
        try {
            return Json.parse(text);
        } catch (IOException e) {
            return text;
        }
    }

    /** Chooses the subnet of a lease given in a command. */
    @FunctionalInterface
    public interface SubnetResolver {
        /**
         * @param requestedSubnetId the {@code subnet-id} argument, 0 when absent
         * @return the subnet id to store
         * @throws CommandException with Kea's text when no subnet fits
         */
        long resolve(long requestedSubnetId, int address);
    }
}
