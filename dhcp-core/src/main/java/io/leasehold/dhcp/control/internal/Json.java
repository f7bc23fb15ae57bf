package io.leasehold.dhcp.control.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text to and from plain Java values (LinkedHashMap, ArrayList, String, Long/BigInteger, Double, Boolean,
 * {@code null}) with jackson-core's streaming API. Used for control commands, whose bodies are small.
 */
public final class Json {
    /** Deepest nesting accepted; protects the stack from hostile input. */
    public static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(1 << 24).build())
            .build();

    private Json() {
    }

    public static JsonFactory factory() {
        return FACTORY;
    }

    /** Parses exactly one JSON value. */
    public static Object parse(String text) throws IOException {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IOException("no JSON value");
            }
            Object v = read(p, t);
            if (p.nextToken() != null) {
                throw new IOException("unexpected data after the JSON value at column " + p.currentLocation().getColumnNr());
            }
            return v;
        }
    }

    /** Reads the next value of a parser positioned before it. */
    public static Object readValue(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new IOException("no JSON value");
        }
        return read(p, t);
    }

    static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    m.put(name, read(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(read(p, e));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected JSON token " + t);
        }
    }

    /** Serialises a value tree (maps, lists, strings, numbers, booleans, null). */
    /** Kea's one-line layout for a generator of one's own (keys are sorted by {@link #write(JsonGenerator, Object)}). */
    public static com.fasterxml.jackson.core.PrettyPrinter keaLayout() {
        return KeaJsonFormat.INSTANCE;
    }

    /** One line in Kea's layout ({@code { "key": value }}, keys sorted), as Kea's commands answer. */
    public static String write(Object value) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.setPrettyPrinter(KeaJsonFormat.INSTANCE);
            write(g, value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    /** Pretty form, for config-get and config-write. */
    public static String writePretty(Object value) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            write(g, value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    @SuppressWarnings("unchecked")
    public static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            // Kea's maps are sorted by key
            Map<String, Object> sorted = m instanceof java.util.SortedMap<?, ?> ? (Map<String, Object>) m
                    : new java.util.TreeMap<>((Map<String, Object>) m);
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof RawJson r) {
            g.writeRawValue(r.text());
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
        }
    }

    /** Already-serialised JSON embedded as is (e.g. a lease's user-context). */
    public record RawJson(String text) {
    }
}
