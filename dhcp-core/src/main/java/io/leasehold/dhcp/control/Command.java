package io.leasehold.dhcp.control;

import java.util.List;
import java.util.Map;

/**
 * A control command as received: Kea's {@code {"command": ..., "service": [...], "arguments": {...}}}.
 *
 * @param name      the command name
 * @param arguments the arguments map (empty when absent)
 * @param service   the {@code service} list, or empty
 * @param origin    where it came from, for logs: {@code unix}, {@code http}, {@code ha-listener}, {@code api}
 */
public record Command(String name, Map<String, Object> arguments, List<String> service, String origin) {
    public Command {
        arguments = arguments == null ? Map.of() : arguments;
        service = service == null ? List.of() : List.copyOf(service);
    }

    /** Typed access to the arguments with Kea-style errors. */
    public Arguments args() {
        return new Arguments(name, arguments);
    }
}
