package io.leasehold.dhcp.config.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Maps from Kea's spelling to enum constants, for {@link MapReader#choice}. */
final class Choices {
    private Choices() {
    }

    static <E extends Enum<E>> Map<String, E> of(Class<E> type, Function<E, String> keaName) {
        Map<String, E> out = new LinkedHashMap<>();
        for (E e : type.getEnumConstants()) {
            out.put(keaName.apply(e), e);
        }
        return out;
    }

    static Map<String, String> strings(String... values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : values) {
            out.put(v, v);
        }
        return out;
    }
}
