package io.leasehold.dhcp.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Unmodifiable copies of user-context maps (which may hold JSON nulls, so {@link Map#copyOf} will not do). */
final class ModelMaps {
    private ModelMaps() {
    }

    static java.util.Optional<String> haServerName(Map<String, Object> userContext) {
        Object v = userContext.get("ha-server-name");
        return v instanceof String s ? java.util.Optional.of(s) : java.util.Optional.empty();
    }

    static Map<String, Object> copy(Map<String, Object> map) {
        if (map.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
