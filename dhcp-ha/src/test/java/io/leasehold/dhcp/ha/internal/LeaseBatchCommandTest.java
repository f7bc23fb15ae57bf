package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.control.Command;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.ControlResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The receiving side of the batch: order, one answer per operation, what is refused and that nothing runs then. */
class LeaseBatchCommandTest {
    private final CommandRegistry registry = new CommandRegistry();
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void handlers() {
        registry.register("lease4-update", c -> {
            ran.add("update " + c.args().requireString("ip-address") + " from " + c.origin());
            return c.args().requireString("ip-address").equals("10.0.0.9")
                    ? new ControlResult(ControlResult.CONFLICT, "owned elsewhere", null)
                    : ControlResult.success("IPv4 lease updated.");
        });
        registry.register("lease4-del", c -> {
            ran.add("del " + c.args().requireString("ip-address"));
            return ControlResult.empty("IPv4 lease not found.");
        });
        registry.register("shutdown", c -> {
            ran.add("shutdown");
            return ControlResult.success("bye");
        });
        LeaseBatchCommand.register(registry);
    }

    private static Map<String, Object> op(String command, String ip) {
        return Map.of("command", command, "arguments", Map.of("ip-address", ip));
    }

    private ControlResult batch(List<?> ops) {
        return registry.execute(new Command(LeaseBatchCommand.NAME, Map.of("operations", ops), List.of(),
                "ha-listener:0"));
    }

    @Test
    void runsEveryOperationInOrderAndAnswersEachInItsSlot() {
        ControlResult r = batch(List.of(op("lease4-del", "10.0.0.1"), op("lease4-update", "10.0.0.2"),
                op("lease4-update", "10.0.0.9"), op("lease4-del", "10.0.0.2")));
        assertEquals(ControlResult.SUCCESS, r.result());
        assertEquals(List.of("del 10.0.0.1", "update 10.0.0.2 from ha-listener:0", "update 10.0.0.9 from ha-listener:0",
                "del 10.0.0.2"), ran);
        Map<?, ?> args = (Map<?, ?>) r.arguments();
        assertEquals(4L, ((Number) args.get("count")).longValue());
        List<?> failures = (List<?>) args.get("failures");
        assertEquals(1, failures.size(), "only the failure is listed: results 0 and 3 count as success");
        Map<?, ?> f = (Map<?, ?>) failures.get(0);
        assertEquals(2L, ((Number) f.get("index")).longValue());
        assertEquals(4L, ((Number) f.get("result")).longValue());
        assertEquals("owned elsewhere", f.get("text"));
    }

    @Test
    void onlyTheTwoLeaseCommandsRunInside() {
        ControlResult r = batch(List.of(op("shutdown", "10.0.0.1"), op("lease4-update", "10.0.0.2")));
        assertEquals(ControlResult.SUCCESS, r.result());
        assertEquals(List.of("update 10.0.0.2 from ha-listener:0"), ran, "shutdown must not run");
        Map<?, ?> first = (Map<?, ?>) ((List<?>) ((Map<?, ?>) r.arguments()).get("failures")).get(0);
        assertEquals(0L, ((Number) first.get("index")).longValue());
        assertEquals(1L, ((Number) first.get("result")).longValue());
        assertTrue(String.valueOf(first.get("text")).contains("not allowed"), first.toString());
    }

    @Test
    void aMalformedRequestRunsNothing() {
        assertEquals(ControlResult.ERROR, registry.execute(new Command(LeaseBatchCommand.NAME, Map.of(), List.of(),
                "api")).result());
        ControlResult r = batch(List.of(op("lease4-update", "10.0.0.2"), Map.of("command", "lease4-del")));
        assertEquals(ControlResult.ERROR, r.result());
        assertTrue(r.text().contains("operation 1"), r.text());
        assertEquals(ControlResult.ERROR, batch(List.of("lease4-update")).result());
        assertEquals(List.of(), ran, "a malformed operation anywhere refuses the whole batch before any runs");
    }

    @Test
    void tooManyOperationsAreRefusedWhole() {
        List<Object> ops = new ArrayList<>();
        for (int i = 0; i <= LeaseBatchCommand.MAX_OPERATIONS; i++) {
            ops.add(op("lease4-update", "10.0.0.2"));
        }
        ControlResult r = batch(ops);
        assertEquals(ControlResult.ERROR, r.result());
        assertTrue(r.text().contains("at most " + LeaseBatchCommand.MAX_OPERATIONS), r.text());
        assertEquals(List.of(), ran);
    }

    @Test
    void listCommandsAnnouncesIt() {
        ControlResult r = registry.execute(new Command("list-commands", null, List.of(), "api"));
        assertTrue(((List<?>) r.arguments()).contains(LeaseBatchCommand.NAME));
    }
}
