package io.leasehold.dhcp.control;

import io.leasehold.dhcp.control.internal.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The server's commands by name, shared by every control channel (unix socket, HTTP, the HA listener, the Java
 * API). Unknown commands get result 2; a handler's exception becomes result 1 with its text and never escapes.
 */
public final class CommandRegistry {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.control");

    private final Map<String, CommandHandler> handlers = new ConcurrentSkipListMap<>();

    public CommandRegistry() {
        handlers.put("list-commands", c -> ControlResult.success(null, new ArrayList<>(handlers.keySet())));
    }

    /** Adds or replaces a command. */
    public void register(String name, CommandHandler handler) {
        handlers.put(name, handler);
    }

    public void unregister(String name) {
        handlers.remove(name);
    }

    /** Sorted command names. */
    public List<String> names() {
        return new ArrayList<>(handlers.keySet());
    }

    /** Runs a command. Never throws. */
    public ControlResult execute(Command command) {
        CommandHandler h = handlers.get(command.name());
        if (h == null) {
            return ControlResult.unsupported(command.name());
        }
        try {
            ControlResult r = h.handle(command);
            return r == null ? ControlResult.error("command '" + command.name() + "' returned no answer") : r;
        } catch (CommandException e) {
            return new ControlResult(e.result(), e.getMessage(), null);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warn("LH_COMMAND_FAILED command '{}' from {} failed", command.name(), command.origin(), e);
            return ControlResult.error("Error during command processing: " + e);
        }
    }

    /**
     * Parses a request body, runs it and returns the answer map. Malformed JSON, a body that is not a map or lacks
     * {@code command}, or wrong types get result 1 with Kea's texts.
     */
    public Map<String, Object> executeJson(String body, String origin) {
        Object parsed;
        try {
            parsed = Json.parse(body);
        } catch (Exception e) {
            return ControlResult.error("invalid JSON: " + e.getMessage().split("\n")[0]).toMap();
        }
        return execute(parsed, origin).toMap();
    }

    /** Runs an already-parsed request value. */
    @SuppressWarnings("unchecked")
    public ControlResult execute(Object request, String origin) {
        if (!(request instanceof Map<?, ?> m)) {
            return ControlResult.error("Error during command processing: invalid command: expected a JSON map");
        }
        Object name = m.get("command");
        if (name == null) {
            return ControlResult.error(
                    "Error during command processing: Invalid answer specified, does not contain mandatory 'command'");
        }
        if (!(name instanceof String s)) {
            return ControlResult.error("Error during command processing: 'command' is not a string");
        }
        Object args = m.get("arguments");
        if (args != null && !(args instanceof Map)) {
            return ControlResult.error("Error during command processing: 'arguments' is not a map");
        }
        Object service = m.get("service");
        List<String> services = new ArrayList<>();
        if (service instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof String str)) {
                    return ControlResult.error("Error during command processing: 'service' must be a list of strings");
                }
                services.add(str);
            }
        } else if (service != null) {
            return ControlResult.error("Error during command processing: 'service' must be a list of strings");
        }
        return execute(new Command(s, (Map<String, Object>) args, services, origin));
    }
}
