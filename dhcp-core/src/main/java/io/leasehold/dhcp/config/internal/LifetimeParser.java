package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.Lifetime;
import java.util.Optional;

/**
 * Kea's lifetime triplet at one level: {@code valid-lifetime}, {@code min-valid-lifetime}, {@code max-valid-lifetime}.
 * A level that sets none inherits the whole triplet; one that sets some completes it from the others (default only:
 * min = max = default; min or max only: the other two equal it), never from its parent, as Kea does.
 */
final class LifetimeParser {
    private LifetimeParser() {
    }

    static Optional<Lifetime> parse(MapReader m) throws ConfigException {
        Node validNode = m.get("valid-lifetime");
        Node minNode = m.get("min-valid-lifetime");
        Node maxNode = m.get("max-valid-lifetime");
        if (validNode == null && minNode == null && maxNode == null) {
            return Optional.empty();
        }
        Long valid = validNode == null ? null : Values.integer(validNode, 0, Values.UINT32_MAX);
        Long min = minNode == null ? null : Values.integer(minNode, 0, Values.UINT32_MAX);
        Long max = maxNode == null ? null : Values.integer(maxNode, 0, Values.UINT32_MAX);
        if (valid == null) {
            if (min != null && max != null) {
                throw m.error("min-valid-lifetime and max-valid-lifetime are set but valid-lifetime (the default) "
                        + "is not");
            }
            valid = min != null ? min : max;
        }
        if (min == null) {
            min = valid;
        }
        if (max == null) {
            max = valid;
        }
        if (min > max) {
            throw (minNode != null ? minNode : validNode).error("min-valid-lifetime " + min
                    + " is greater than max-valid-lifetime " + max);
        }
        if (valid < min || valid > max) {
            throw (validNode != null ? validNode : minNode).error("valid-lifetime " + valid
                    + " is not between min-valid-lifetime " + min + " and max-valid-lifetime " + max);
        }
        return Optional.of(new Lifetime(min, valid, max));
    }
}
