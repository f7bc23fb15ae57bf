package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The intermediate JSON tree: every value remembers where it came from ({@link Location}), so that any later
 * validation error can name file, line, column and JSON path.
 */
public sealed interface Node permits Node.Obj, Node.Arr, Node.Str, Node.Num, Node.Bool, Node.Null {

    Location location();

    /** How the value is described in type errors: "map", "list", "string", "integer", "number", ... */
    String typeName();

    default String path() {
        return location().path();
    }

    default ConfigException error(String reason) {
        return location().error(reason);
    }

    /** A JSON value as it reads in an error message. */
    String describe();

    /** One key of a map, with the position of the key itself (used for unknown-key errors). */
    record Member(String key, Location keyLocation, Node value) {
    }

    /** A JSON object; members keep file order. */
    record Obj(Location location, Map<String, Member> members) implements Node {
        public Obj {
            members = java.util.Collections.unmodifiableMap(members);
        }

        @Override
        public String typeName() {
            return "map";
        }

        @Override
        public String describe() {
            return "a map";
        }
    }

    /** A JSON array. */
    record Arr(Location location, List<Node> elements) implements Node {
        public Arr {
            elements = List.copyOf(elements);
        }

        @Override
        public String typeName() {
            return "list";
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A JSON string. */
    record Str(Location location, String value) implements Node {
        @Override
        public String typeName() {
            return "string";
        }

        @Override
        public String describe() {
            return "string \"" + value + "\"";
        }
    }

    /** A JSON number; {@code integral} is false when it was written with a fraction or exponent. */
    record Num(Location location, BigDecimal value, boolean integral) implements Node {
        @Override
        public String typeName() {
            return integral ? "integer" : "number";
        }

        @Override
        public String describe() {
            return typeName() + " " + value.toPlainString();
        }
    }

    /** A JSON boolean. */
    record Bool(Location location, boolean value) implements Node {
        @Override
        public String typeName() {
            return "boolean";
        }

        @Override
        public String describe() {
            return "boolean " + value;
        }
    }

    /** A JSON null. */
    record Null(Location location) implements Node {
        @Override
        public String typeName() {
            return "null";
        }

        @Override
        public String describe() {
            return "null";
        }
    }
}
