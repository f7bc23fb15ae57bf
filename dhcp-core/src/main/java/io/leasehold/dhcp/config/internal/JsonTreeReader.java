package io.leasehold.dhcp.config.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.leasehold.dhcp.config.ConfigException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Kea's JSON dialect with jackson-core's streaming parser into a {@link Node} tree. Kea accepts {@code //},
 * {@code /* *}{@code /} and {@code #} comments and (with a warning) a trailing comma; so does this reader. Duplicate
 * keys are an error, as in Kea.
 */
public final class JsonTreeReader {
    /** Larger configuration texts are refused rather than read (Kea configurations are kilobytes to megabytes). */
    public static final int MAX_TEXT_LENGTH = 64 * 1024 * 1024;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_YAML_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private final String source;
    private JsonParser parser;
    private String currentPath = "";

    private JsonTreeReader(String source) {
        this.source = source;
    }

    /** Parses {@code text}; the root must be a JSON object. */
    public static Node.Obj read(String text, String source) throws ConfigException {
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new ConfigException(source, 0, 0, "", "configuration is larger than " + MAX_TEXT_LENGTH
                    + " characters");
        }
        return new JsonTreeReader(source).readRoot(text);
    }

    private Node.Obj readRoot(String text) throws ConfigException {
        try (JsonParser p = FACTORY.createParser(text)) {
            parser = p;
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new ConfigException(source, 0, 0, "", "configuration is empty: expected a JSON map with Dhcp4");
            }
            Location rootLocation = here("");
            if (first != JsonToken.START_OBJECT) {
                throw rootLocation.error("syntax error: the configuration must be a JSON map, got "
                        + describeToken(first));
            }
            Node.Obj root = readObject(rootLocation);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw here("").error("syntax error: unexpected " + describeToken(extra)
                        + " after the end of the top-level map");
            }
            return root;
        } catch (StreamReadException e) {
            throw syntaxError(e, text);
        } catch (IOException e) {
            throw new ConfigException(source, 0, 0, currentPath, "cannot read configuration: " + e.getMessage(), e);
        }
    }

    private Node readValue(Location at) throws IOException, ConfigException {
        currentPath = at.path();
        JsonToken t = parser.currentToken();
        switch (t) {
            case START_OBJECT:
                return readObject(at);
            case START_ARRAY:
                return readArray(at);
            case VALUE_STRING:
                return new Node.Str(at, parser.getText());
            case VALUE_NUMBER_INT:
                return new Node.Num(at, new java.math.BigDecimal(parser.getBigIntegerValue()), true);
            case VALUE_NUMBER_FLOAT:
                return new Node.Num(at, parser.getDecimalValue(), false);
            case VALUE_TRUE:
                return new Node.Bool(at, true);
            case VALUE_FALSE:
                return new Node.Bool(at, false);
            case VALUE_NULL:
                return new Node.Null(at);
            default:
                throw at.error("syntax error: unexpected " + describeToken(t));
        }
    }

    private Node.Obj readObject(Location at) throws IOException, ConfigException {
        Map<String, Node.Member> members = new LinkedHashMap<>();
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonLocation keyPos = parser.currentTokenLocation();
            Location keyLocation = at.child(key, keyPos.getLineNr(), keyPos.getColumnNr());
            currentPath = keyLocation.path();
            Node.Member previous = members.get(key);
            if (previous != null) {
                throw keyLocation.error("duplicate key '" + key + "' (previous at "
                        + previous.keyLocation().position() + ")");
            }
            parser.nextToken();
            JsonLocation valuePos = parser.currentTokenLocation();
            Location valueLocation = at.child(key, valuePos.getLineNr(), valuePos.getColumnNr());
            members.put(key, new Node.Member(key, keyLocation, readValue(valueLocation)));
            currentPath = at.path();
        }
        if (t != JsonToken.END_OBJECT) {
            throw here(at.path()).error("syntax error: unexpected " + describeToken(t));
        }
        currentPath = at.path();
        return new Node.Obj(at, members);
    }

    private Node.Arr readArray(Location at) throws IOException, ConfigException {
        List<Node> elements = new ArrayList<>();
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw here(at.path()).error("syntax error: unexpected end of input in a list");
            }
            JsonLocation pos = parser.currentTokenLocation();
            String path = at.path() + "[" + elements.size() + "]";
            elements.add(readValue(new Location(source, pos.getLineNr(), pos.getColumnNr(), path)));
            currentPath = at.path();
        }
        currentPath = at.path();
        return new Node.Arr(at, elements);
    }

    private Location here(String path) {
        JsonLocation pos = parser.currentTokenLocation();
        return new Location(source, pos.getLineNr(), pos.getColumnNr(), path);
    }

    private ConfigException syntaxError(StreamReadException e, String text) {
        JsonLocation pos = e.getLocation();
        int line = pos == null ? 0 : pos.getLineNr();
        int column = pos == null ? 0 : pos.getColumnNr();
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        if (newline > 0) {
            message = message.substring(0, newline);
        }
        if (text.contains("<?include")) {
            message += " (Kea's <?include?> directive is not supported; merge the included file)";
        }
        return new ConfigException(source, Math.max(line, 0), Math.max(column, 0), currentPath,
                "syntax error: " + message, e);
    }

    private static String describeToken(JsonToken t) {
        if (t == null) {
            return "end of input";
        }
        switch (t) {
            case START_OBJECT:
                return "'{'";
            case END_OBJECT:
                return "'}'";
            case START_ARRAY:
                return "'['";
            case END_ARRAY:
                return "']'";
            default:
                return t.asString() == null ? t.name().toLowerCase(java.util.Locale.ROOT) : t.asString();
        }
    }
}
