package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.ha.internal.SplitPoolCheck;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SplitPoolCheckTest {
    private static List<SplitPoolCheck.SharedPool> shared(String json) throws Exception {
        KeaConfig c = KeaConfigLoader.parse(json, "test.json");
        return SplitPoolCheck.sharedPools(c, c.highAvailability().get(0).mode(), s -> true);
    }

    @Test
    void seed002SplitsEveryPoolThroughClassesThatNameHaClasses() throws Exception {
        assertEquals(List.of(), shared(HaNode.resource("/seeds/kea-ha-load-balancing-mt-tls.json")));
    }

    @Test
    void aPoolWithoutAnHaClassIsReportedInLoadBalancingOnly() throws Exception {
        String lb = config("load-balancing", "secondary", """
                [ { "pool": "10.0.0.10 - 10.0.0.19", "client-class": "HA_server1" },
                  { "pool": "10.0.0.20 - 10.0.0.29", "client-class": "lab_server2" },
                  { "pool": "10.0.0.30 - 10.0.0.39", "client-class": "lab" },
                  { "pool": "10.0.0.40 - 10.0.0.49" } ]""");
        assertEquals(List.of(new SplitPoolCheck.SharedPool(1, "10.0.0.0/24", "10.0.0.30 - 10.0.0.39"),
                new SplitPoolCheck.SharedPool(1, "10.0.0.0/24", "10.0.0.40 - 10.0.0.49")), shared(lb));
        assertEquals(List.of(), shared(config("hot-standby", "standby", "[ { \"pool\": \"10.0.0.40 - 10.0.0.49\" } ]")));
    }

    private static String config(String mode, String role, String pools) {
        return """
                { "Dhcp4": {
                    "client-classes": [ { "name": "lab", "test": "option[60].text == 'lab'" },
                                        { "name": "lab_server2", "test": "member('lab') and member('HA_server2')" } ],
                    "subnet4": [ { "id": 1, "subnet": "10.0.0.0/24", "pools": %s } ],
                    "hooks-libraries": [ { "library": "libdhcp_lease_cmds.so" },
                      { "library": "libdhcp_ha.so", "parameters": { "high-availability": [ {
                        "this-server-name": "server1", "mode": "%s",
                        "peers": [ { "name": "server1", "url": "http://127.0.0.1:8001/", "role": "primary" },
                                   { "name": "server2", "url": "http://127.0.0.1:8002/", "role": "%s" } ] } ] } } ]
                } }
                """.formatted(pools, mode, role);
    }
}
