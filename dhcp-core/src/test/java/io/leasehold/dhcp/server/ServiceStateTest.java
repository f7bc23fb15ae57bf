package io.leasehold.dhcp.server;

import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.time.VirtualTime;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceStateTest {
    private final VirtualTime time = new VirtualTime();
    private final ServiceState state = new ServiceState(time);
    private final CommandRegistry registry = new CommandRegistry();

    {
        state.registerCommands(registry);
    }

    private Map<String, Object> run(String json) {
        return registry.executeJson(json, "test");
    }

    @Test
    void keaTextsForDisableAndEnable() {
        assertEquals(Map.of("result", 0, "text", "DHCPv4 service disabled for 20 seconds"),
                run("{\"command\": \"dhcp-disable\", \"arguments\": {\"max-period\": 20}}"));
        assertFalse(state.isEnabled());
        assertEquals(Map.of("result", 0, "text", "DHCP service successfully enabled"),
                run("{\"command\": \"dhcp-enable\"}"));
        assertTrue(state.isEnabled());
        assertEquals(Map.of("result", 0, "text", "DHCPv4 service disabled"),
                run("{\"command\": \"dhcp-disable\", \"arguments\": {\"origin\": \"user\"}}"));
        assertEquals(Map.of("result", 1, "text", "invalid value used for 'origin' parameter: bogus"),
                run("{\"command\": \"dhcp-enable\", \"arguments\": {\"origin\": \"bogus\"}}"));
        assertEquals(1, run("{\"command\": \"dhcp-disable\", \"arguments\": {\"max-period\": 0}}").get("result"));
        assertEquals(Map.of("result", 1, "text", "'max-period' 9223372036854775807 is larger than 4294967295 seconds"),
                run("{\"command\": \"dhcp-disable\", \"arguments\": {\"max-period\": 9223372036854775807}}"));
    }

    @Test
    void maxPeriodLapsesInVirtualTime() {
        run("{\"command\": \"dhcp-disable\", \"arguments\": {\"max-period\": 30, \"origin\": \"ha-partner\"}}");
        time.advance(29_999);
        assertFalse(state.isEnabled());
        time.advance(1);
        assertTrue(state.isEnabled());
    }

    @Test
    void partnerEnableDoesNotLiftTheLocalHaDisable() {
        state.disable(ServiceState.HA_LOCAL_BASE, 0);
        run("{\"command\": \"dhcp-disable\", \"arguments\": {\"origin\": \"ha-partner\"}}");
        run("{\"command\": \"dhcp-enable\", \"arguments\": {\"origin\": \"ha-partner\"}}");
        assertFalse(state.isEnabled(), "Kea 2.2's shared flag quirk is not reproduced");
        assertEquals(Set.of(ServiceState.HA_LOCAL_BASE), state.disabledBy());
        state.enable(ServiceState.HA_LOCAL_BASE);
        assertTrue(state.isEnabled());
    }

    @Test
    void originIdSelectsTheRelationship() {
        run("{\"command\": \"dhcp-disable\", \"arguments\": {\"origin\": \"ha-partner\", \"origin-id\": 2001}}");
        assertEquals(Set.of(2001), state.disabledBy());
    }
}
