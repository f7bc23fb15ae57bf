package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.control.Command;
import io.leasehold.dhcp.control.CommandException;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.ControlResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@value #NAME}: a Leasehold extension, not a Kea command. One request carries the {@code lease4-update} and
 * {@code lease4-del} commands of many DHCP transactions, so a busy pair of Leasehold servers pays one HTTP exchange
 * for many leases instead of one per lease. A server sends it only to a partner whose {@code list-commands} names
 * it (a Kea partner never does, and would answer result 2, after which the sender goes back to single commands).
 *
 * <p>Request arguments: {@code {"operations": [{"command": "lease4-update", "arguments": {...}}, ...]}}. The
 * operations run in order, each exactly as the same command arriving alone would (same checks, same conflict
 * rule, same store write), so a batch changes the cost of an update and nothing else. Answer: result 0 once every
 * operation has run, whatever their own results, with {@code {"count": n, "failures": [...]}}: {@code count} the
 * operations run, {@code failures} one entry per operation whose own answer was neither 0 nor 3 (the results
 * a peer counts as success), its answer map plus {@code index}, the operation's position from 0. Listing only the
 * failures keeps the answer small: in a healthy pair it is the same few bytes for 1 or 300 leases. Result 1, with
 * no operation run, when the request itself is malformed or holds more than {@value #MAX_OPERATIONS} operations.
 * Only the two lease commands may appear inside: anything else fails with result 1 in its own entry.
 */
public final class LeaseBatchCommand {
    /** The command name; the {@code leasehold-} prefix keeps it apart from any command Kea may add. */
    public static final String NAME = "leasehold-lease4-batch";
    /** Most operations one request may carry (the sender closes a batch at {@link UpdateBatcher#BATCH_OPERATIONS}). */
    public static final int MAX_OPERATIONS = 1024;
    private static final Set<String> ALLOWED = Set.of(PeerCommands.LEASE_UPDATE, PeerCommands.LEASE_DELETE);

    private LeaseBatchCommand() {
    }

    /** Registers the command; its operations run through {@code registry}, as the same commands arriving alone. */
    public static void register(CommandRegistry registry) {
        registry.register(NAME, c -> run(registry, c));
    }

    static ControlResult run(CommandRegistry registry, Command c) {
        List<?> ops = c.args().optList("operations").orElseThrow(() -> new CommandException(
                "'operations' is mandatory for the '" + NAME + "' command"));
        if (ops.size() > MAX_OPERATIONS) {
            throw new CommandException("'" + NAME + "' carries " + ops.size() + " operations, at most "
                    + MAX_OPERATIONS + " are accepted");
        }
        List<Command> commands = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            commands.add(operation(ops.get(i), i, c.origin()));
        }
        List<Map<String, Object>> failures = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            Command op = commands.get(i);
            ControlResult r = ALLOWED.contains(op.name()) ? registry.execute(op)
                    : ControlResult.error("'" + op.name() + "' is not allowed in '" + NAME + "'");
            if (r.result() != ControlResult.SUCCESS && r.result() != ControlResult.EMPTY) {
                Map<String, Object> m = new LinkedHashMap<>(r.toMap());
                m.put("index", (long) i);
                failures.add(m);
            }
        }
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("count", (long) commands.size());
        args.put("failures", failures);
        return ControlResult.success(commands.size() + " operations run, " + failures.size() + " failed", args);
    }

    /** Checks one operation's shape; a malformed one refuses the whole request before anything runs. */
    @SuppressWarnings("unchecked")
    private static Command operation(Object o, int i, String origin) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new CommandException("operation " + i + " of '" + NAME + "' is not a map");
        }
        if (!(m.get("command") instanceof String name)) {
            throw new CommandException("operation " + i + " of '" + NAME + "' has no 'command' string");
        }
        Object args = m.get("arguments");
        if (!(args instanceof Map)) {
            throw new CommandException("operation " + i + " of '" + NAME + "' has no 'arguments' map");
        }
        return new Command(name, (Map<String, Object>) args, List.of(), origin);
    }
}
