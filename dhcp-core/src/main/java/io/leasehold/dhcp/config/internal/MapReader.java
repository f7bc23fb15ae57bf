package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the members of one JSON map. Every key a parser asks for is remembered; {@link #finish()} then rejects
 * whatever is left: keys declared {@linkplain #unsupported(String, String) unsupported} (Kea accepts them, Leasehold
 * does not implement them) and unknown keys, with a "did you mean" hint drawn from the keys the parser knows.
 */
public final class MapReader {
    private final Node.Obj obj;
    private final String section;
    private final Set<String> consumed = new HashSet<>();
    private final Set<String> known = new LinkedHashSet<>();
    private final Map<String, String> unsupported = new LinkedHashMap<>();

    private MapReader(Node.Obj obj, String section) {
        this.obj = obj;
        this.section = section;
    }

    /**
     * @param node the map to read (a type error if it is not a map)
     * @param section how the map is named in unknown-key messages, e.g. "Dhcp4" or "subnet4 entry"
     */
    public static MapReader of(Node node, String section) throws ConfigException {
        return new MapReader(Values.map(node), section);
    }

    public Node.Obj node() {
        return obj;
    }

    public Location location() {
        return obj.location();
    }

    public String section() {
        return section;
    }

    public ConfigException error(String reason) {
        return obj.error(reason);
    }

    public boolean has(String key) {
        known.add(key);
        return obj.members().containsKey(key);
    }

    /** The value of {@code key}, or null when absent. */
    public Node get(String key) {
        known.add(key);
        Node.Member m = obj.members().get(key);
        if (m == null) {
            return null;
        }
        consumed.add(key);
        return m.value();
    }

    /** The key's own position, for errors about the key rather than its value. */
    public Location keyLocation(String key) {
        Node.Member m = obj.members().get(key);
        return m == null ? obj.location() : m.keyLocation();
    }

    public Node require(String key) throws ConfigException {
        Node n = get(key);
        if (n == null) {
            throw obj.error("missing mandatory parameter '" + key + "' in " + section);
        }
        return n;
    }

    public boolean bool(String key, boolean defaultValue) throws ConfigException {
        Node n = get(key);
        return n == null ? defaultValue : Values.bool(n);
    }

    public Optional<Boolean> optBool(String key) throws ConfigException {
        Node n = get(key);
        return n == null ? Optional.empty() : Optional.of(Values.bool(n));
    }

    public long uint32(String key, long defaultValue) throws ConfigException {
        return integer(key, defaultValue, 0, Values.UINT32_MAX);
    }

    public long integer(String key, long defaultValue, long min, long max) throws ConfigException {
        Node n = get(key);
        return n == null ? defaultValue : Values.integer(n, min, max);
    }

    public OptionalLong optInteger(String key, long min, long max) throws ConfigException {
        Node n = get(key);
        return n == null ? OptionalLong.empty() : OptionalLong.of(Values.integer(n, min, max));
    }

    public double decimal(String key, double defaultValue, double min, double max) throws ConfigException {
        Node n = get(key);
        return n == null ? defaultValue : Values.decimal(n, min, max);
    }

    public OptionalDouble optDecimal(String key, double min, double max) throws ConfigException {
        Node n = get(key);
        return n == null ? OptionalDouble.empty() : OptionalDouble.of(Values.decimal(n, min, max));
    }

    public String string(String key, String defaultValue) throws ConfigException {
        Node n = get(key);
        return n == null ? defaultValue : Values.string(n);
    }

    public Optional<String> optString(String key) throws ConfigException {
        Node n = get(key);
        return n == null ? Optional.empty() : Optional.of(Values.string(n));
    }

    public String requireString(String key) throws ConfigException {
        return Values.string(require(key));
    }

    /** A string that must be one of {@code choices}. */
    public <E> E choice(String key, E defaultValue, Map<String, E> choices) throws ConfigException {
        Node n = get(key);
        if (n == null) {
            return defaultValue;
        }
        return choice(n, choices);
    }

    public static <E> E choice(Node n, Map<String, E> choices) throws ConfigException {
        String text = Values.string(n);
        E value = choices.get(text);
        if (value == null) {
            throw n.error("unsupported value '" + text + "', expected one of " + String.join(", ", choices.keySet()));
        }
        return value;
    }

    public List<String> stringList(String key) throws ConfigException {
        Node n = get(key);
        return n == null ? List.of() : Values.stringList(n);
    }

    /** The elements of the list under {@code key}, empty when absent. */
    public List<Node> list(String key) throws ConfigException {
        Node n = get(key);
        return n == null ? List.of() : Values.list(n).elements();
    }

    /**
     * Kea's {@code user-context} (a map) merged with {@code comment} (stored in the context under "comment", as Kea
     * does). Empty when neither is present.
     */
    public Map<String, Object> userContext() throws ConfigException {
        Node context = get("user-context");
        Node comment = get("comment");
        if (context == null && comment == null) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (context != null) {
            for (Node.Member m : Values.map(context).members().values()) {
                out.put(m.key(), Values.plain(m.value()));
            }
        }
        if (comment != null) {
            out.put("comment", Values.string(comment));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Declares a key Kea accepts but Leasehold does not implement; {@link #finish()} rejects it if present. */
    public MapReader unsupported(String key, String explanation) {
        unsupported.put(key, explanation);
        return this;
    }

    /** Rejects a present key as not supported, right now (for keys only unsupported with some values). */
    public ConfigException notSupported(String key, String explanation) {
        Node.Member m = obj.members().get(key);
        Location at = m == null ? obj.location() : m.value().location();
        return at.error(notSupportedText(key, explanation));
    }

    /** Fails on the first key nobody read. */
    public void finish() throws ConfigException {
        for (Node.Member m : obj.members().values()) {
            String key = m.key();
            if (consumed.contains(key)) {
                continue;
            }
            if (unsupported.containsKey(key)) {
                throw m.keyLocation().error(notSupportedText(key, unsupported.get(key)));
            }
            Set<String> candidates = new LinkedHashSet<>(known);
            candidates.addAll(unsupported.keySet());
            String hint = KeySuggestions.closest(key, candidates);
            throw m.keyLocation().error("unknown parameter '" + key + "' in " + section
                    + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
        }
    }

    private static String notSupportedText(String key, String explanation) {
        return "parameter '" + key + "' is not supported by Leasehold"
                + (explanation == null || explanation.isEmpty() ? "" : ": " + explanation);
    }
}
