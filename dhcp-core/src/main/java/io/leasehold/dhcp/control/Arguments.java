package io.leasehold.dhcp.control;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads command arguments, failing with a {@link CommandException} (result 1) whose text names the parameter and
 * what was wrong, e.g. {@code missing parameter 'ip-address'} or {@code 'valid-lft' is not an integer}.
 */
public final class Arguments {
    private final String command;
    private final Map<String, Object> map;

    public Arguments(String command, Map<String, Object> map) {
        this.command = command;
        this.map = map;
    }

    public boolean has(String key) {
        return map.containsKey(key);
    }

    public Map<String, Object> raw() {
        return map;
    }

    /** Fails unless every key is one of {@code allowed}. */
    public void onlyKeys(String... allowed) {
        for (String k : map.keySet()) {
            boolean ok = false;
            for (String a : allowed) {
                if (a.equals(k)) {
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                throw new CommandException("unsupported parameter '" + k + "' for command '" + command + "'");
            }
        }
    }

    public String requireString(String key) {
        return optString(key).orElseThrow(() -> missing(key));
    }

    public Optional<String> optString(String key) {
        Object v = map.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new CommandException("'" + key + "' is not a string");
        }
        return Optional.of(s);
    }

    public long requireLong(String key) {
        return optLong(key).orElseThrow(() -> missing(key));
    }

    public Optional<Long> optLong(String key) {
        Object v = map.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Long l) {
            return Optional.of(l);
        }
        if (v instanceof Integer i) {
            return Optional.of(i.longValue());
        }
        if (v instanceof BigInteger) {
            throw new CommandException("'" + key + "' is out of range");
        }
        throw new CommandException("'" + key + "' is not an integer");
    }

    /** An unsigned 32-bit integer parameter. */
    public Optional<Long> optUint32(String key) {
        Optional<Long> v = optLong(key);
        if (v.isPresent() && (v.get() < 0 || v.get() > 0xffffffffL)) {
            throw new CommandException("'" + key + "' value " + v.get() + " is out of range 0..4294967295");
        }
        return v;
    }

    public boolean requireBoolean(String key) {
        return optBoolean(key).orElseThrow(() -> missing(key));
    }

    public Optional<Boolean> optBoolean(String key) {
        Object v = map.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Boolean b)) {
            throw new CommandException("'" + key + "' is not a boolean");
        }
        return Optional.of(b);
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> optMap(String key) {
        Object v = map.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Map)) {
            throw new CommandException("'" + key + "' is not a map");
        }
        return Optional.of((Map<String, Object>) v);
    }

    public Optional<List<?>> optList(String key) {
        Object v = map.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof List<?> l)) {
            throw new CommandException("'" + key + "' is not a list");
        }
        return Optional.of(l);
    }

    private static CommandException missing(String key) {
        return new CommandException("missing parameter '" + key + "'");
    }
}
