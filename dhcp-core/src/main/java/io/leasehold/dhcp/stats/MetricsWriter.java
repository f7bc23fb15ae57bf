package io.leasehold.dhcp.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects samples and renders them in the Prometheus text exposition format 0.0.4: one {@code # HELP} and
 * {@code # TYPE} line per metric family, then its samples, families in the order first used. Names and label names
 * are sanitised to Prometheus' character set (anything else becomes {@code _}); label values are escaped. A family
 * keeps the type it was first used with; a later sample of the same name with another type is refused.
 */
public final class MetricsWriter {
    /** Content type of the rendered text. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** Adds a gauge sample (a value that goes up and down). */
    public MetricsWriter gauge(String name, String help, Map<String, String> labels, double value) {
        return add("gauge", name, help, labels, value);
    }

    /** Adds a counter sample; by convention its name ends in {@code _total}. */
    public MetricsWriter counter(String name, String help, Map<String, String> labels, double value) {
        return add("counter", name, help, labels, value);
    }

    private MetricsWriter add(String type, String name, String help, Map<String, String> labels, double value) {
        String n = sanitize(name);
        Family f = families.computeIfAbsent(n, k -> new Family(type, help == null ? "" : help));
        if (!f.type.equals(type)) {
            throw new IllegalArgumentException("metric " + n + " is a " + f.type + ", not a " + type);
        }
        f.samples.add(new Sample(new TreeMap<>(labels), value));
        return this;
    }

    /** The exposition text. */
    public String render() {
        StringBuilder b = new StringBuilder(4096);
        for (Map.Entry<String, Family> e : families.entrySet()) {
            Family f = e.getValue();
            b.append("# HELP ").append(e.getKey()).append(' ').append(escapeHelp(f.help)).append('\n');
            b.append("# TYPE ").append(e.getKey()).append(' ').append(f.type).append('\n');
            for (Sample s : f.samples) {
                b.append(e.getKey());
                if (!s.labels.isEmpty()) {
                    b.append('{');
                    boolean first = true;
                    for (Map.Entry<String, String> l : s.labels.entrySet()) {
                        if (!first) {
                            b.append(',');
                        }
                        first = false;
                        b.append(sanitizeLabel(l.getKey())).append("=\"").append(escapeLabel(l.getValue()))
                                .append('"');
                    }
                    b.append('}');
                }
                b.append(' ').append(format(s.value)).append('\n');
            }
        }
        return b.toString();
    }

    /** A metric name in Prometheus' alphabet {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
    public static String sanitize(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':'
                    || c >= '0' && c <= '9' && i > 0;
            b.append(ok ? c : '_');
        }
        return b.length() == 0 ? "_" : b.toString();
    }

    private static String sanitizeLabel(String name) {
        return sanitize(name).replace(':', '_');
    }

    private static String escapeLabel(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private record Family(String type, String help, List<Sample> samples) {
        Family(String type, String help) {
            this(type, help, new ArrayList<>());
        }
    }

    private record Sample(Map<String, String> labels, double value) {
    }
}
