package io.leasehold.dhcp.control;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A command's answer: Kea's {@code {"result": int, "text": str, "arguments": ...}}. {@code arguments} is a JSON-like
 * value (Map, List, String, Number, Boolean) or {@code null} when absent.
 */
public record ControlResult(int result, String text, Object arguments) {
    /** The command succeeded. */
    public static final int SUCCESS = 0;
    /** The command failed. */
    public static final int ERROR = 1;
    /** The command is not supported. */
    public static final int UNSUPPORTED = 2;
    /** The command succeeded but found or did nothing. */
    public static final int EMPTY = 3;
    /** The command conflicts with the server's state (Kea 2.4+). */
    public static final int CONFLICT = 4;

    public static ControlResult success(String text) {
        return new ControlResult(SUCCESS, text, null);
    }

    public static ControlResult success(String text, Object arguments) {
        return new ControlResult(SUCCESS, text, arguments);
    }

    public static ControlResult error(String text) {
        return new ControlResult(ERROR, text, null);
    }

    public static ControlResult empty(String text) {
        return new ControlResult(EMPTY, text, null);
    }

    public static ControlResult empty(String text, Object arguments) {
        return new ControlResult(EMPTY, text, arguments);
    }

    public static ControlResult unsupported(String command) {
        return new ControlResult(UNSUPPORTED, "'" + command + "' command not supported.", null);
    }

    /** The answer as a JSON-like map, keys in Kea's order of importance. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", result);
        if (text != null) {
            m.put("text", text);
        }
        if (arguments != null) {
            m.put("arguments", arguments);
        }
        return m;
    }
}
