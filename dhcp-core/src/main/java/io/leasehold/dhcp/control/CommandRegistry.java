package io.leasehold.dhcp.control;

import io.leasehold.dhcp.control.internal.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The server's commands by name, shared by every control channel (unix socket, HTTP, the HA listener, the Java
 * API). Unknown commands get result 2; a handler's exception becomes result 1 with its text and never escapes.
 */
public final class CommandRegistry {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.control");

    /** The service name this server answers for in a {@code service} list. */
    public static final String SERVICE = "dhcp4";
    /** Longest {@code service} list accepted (each entry runs the command once). */
    public static final int MAX_SERVICES = 8;
    /** Keys Kea accepts at the top level of a command; anything else is refused. */
    private static final Set<String> TOP_LEVEL_KEYS = Set.of("command", "arguments", "service", "remote-address");

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
     * {@code command}, or wrong types get result 1 with Kea's texts. The {@code service} list is ignored, as the Kea
     * server ignores it on its unix socket.
     */
    public Map<String, Object> executeJson(String body, String origin) {
        Object parsed;
        try {
            parsed = Json.parse(body);
        } catch (Exception e) {
            return invalidJson(e).toMap();
        }
        return execute(parsed, origin).toMap();
    }

    /**
     * Runs a request as Kea's Control Agent answers it over HTTP: the answer is a list. Without {@code service}
     * (or with an empty list) the command runs once, here (Leasehold is the DHCPv4 server itself; Kea's agent would
     * instead refuse commands it does not implement itself, a quirk not reproduced). With a {@code service} list
     * there is one answer per entry, in order: {@code dhcp4} runs the command, any other service answers result 1
     * "forwarding socket is not configured for the server type ...", as the agent does for a service it has no
     * socket for.
     */
    public List<Map<String, Object>> executeForServices(String body, String origin) {
        Object parsed;
        try {
            parsed = Json.parse(body);
        } catch (Exception e) {
            return List.of(invalidJson(e).toMap());
        }
        if (!(parsed instanceof Map<?, ?> m) || !(m.get("service") instanceof List<?> services)
                || services.isEmpty()) {
            return List.of(execute(parsed, origin).toMap());
        }
        if (services.size() > MAX_SERVICES) {
            return List.of(ControlResult.error("Error during command processing: 'service' lists "
                    + services.size() + " services, at most " + MAX_SERVICES + " are accepted").toMap());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object service : services) {
            if (!(service instanceof String name)) {
                return List.of(ControlResult.error("Error during command processing: 'service' must be a list of"
                        + " strings").toMap());
            }
            out.add(name.equals(SERVICE) ? execute(parsed, origin).toMap()
                    : ControlResult.error("forwarding socket is not configured for the server type " + name).toMap());
        }
        return out;
    }

    private static ControlResult invalidJson(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return ControlResult.error("invalid JSON: " + m.split("\n")[0]);
    }

    /** Runs an already-parsed request value. */
    @SuppressWarnings("unchecked")
    public ControlResult execute(Object request, String origin) {
        if (!(request instanceof Map<?, ?> m)) {
            return ControlResult.error("Error during command processing: invalid command: expected a JSON map");
        }
        for (Object key : m.keySet()) {
            if (!TOP_LEVEL_KEYS.contains(key)) {
                return ControlResult.error("Error during command processing: Received command contains unsupported"
                        + " parameter '" + key + "'");
            }
        }
        Object name = m.get("command");
        if (name == null) {
            return ControlResult.error(
                    "Error during command processing: Invalid answer specified, does not contain mandatory 'command'");
        }
        if (!(name instanceof String s)) {
            return ControlResult.error("Error during command processing: 'command' element in command message is not"
                    + " a string");
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
