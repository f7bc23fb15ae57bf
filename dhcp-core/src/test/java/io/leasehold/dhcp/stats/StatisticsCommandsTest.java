package io.leasehold.dhcp.stats;

import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.time.VirtualTime;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatisticsCommandsTest {
    private final VirtualTime time = new VirtualTime(1_795_000_000_123L);
    private final StatisticsRegistry stats = new StatisticsRegistry(time);
    private final CommandRegistry r = new CommandRegistry();

    {
        StatisticsCommands.register(r, stats);
    }

    @Test
    void getShowsKeaSampleFormatAndUnknownIsAnEmptyMap() {
        stats.statistic("pkt4-received").add(24);
        assertEquals(Map.of("result", 0, "arguments",
                        Map.of("pkt4-received", List.of(List.of(24L, "2026-11-18 11:06:40.123000")))),
                r.executeJson("{\"command\": \"statistic-get\", \"arguments\": {\"name\": \"pkt4-received\"}}", "t"));
        assertEquals(Map.of("result", 0, "arguments", Map.of()),
                r.executeJson("{\"command\": \"statistic-get\", \"arguments\": {\"name\": \"no-such-stat\"}}", "t"));
    }

    @Test
    void resetRemoveAndTheirTexts() {
        stats.statistic("pkt4-received").add(5);
        stats.statistic(StatisticsRegistry.subnetStat(1, "assigned-addresses")).add(3);
        assertEquals(Map.of("result", 0, "text", "Statistic 'pkt4-received' reset."),
                r.executeJson("{\"command\": \"statistic-reset\", \"arguments\": {\"name\": \"pkt4-received\"}}", "t"));
        assertEquals(0, stats.statistic("pkt4-received").get());
        assertEquals(Map.of("result", 0, "text", "All statistics reset to neutral values."),
                r.executeJson("{\"command\": \"statistic-reset-all\"}", "t"));
        assertEquals(0, stats.statistic("subnet[1].assigned-addresses").get());
        assertEquals(Map.of("result", 0, "text", "Statistic 'pkt4-received' removed."),
                r.executeJson("{\"command\": \"statistic-remove\", \"arguments\": {\"name\": \"pkt4-received\"}}", "t"));
        assertTrue(stats.find("pkt4-received").isEmpty());
        assertEquals(1, r.executeJson("{\"command\": \"statistic-reset\", \"arguments\": {\"name\": \"nope\"}}", "t")
                .get("result"));
        assertEquals(1, r.executeJson("{\"command\": \"statistic-get\", \"arguments\": {\"name\": 3}}", "t")
                .get("result"));
    }
}
