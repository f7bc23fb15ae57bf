package io.leasehold.dhcp.config;

import static io.leasehold.dhcp.config.TestConfigs.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** One file for both peers: this-server-name is overridden at load time. */
class OverridesTest {

    @Test
    void overrideMakesTheSameFileServeThePartner() throws ConfigException {
        KeaConfig server1 = seed("kea-ha-load-balancing-mt-tls.json");
        KeaConfig server2 = seed("kea-ha-load-balancing-mt-tls.json", Overrides.thisServerName("server2"));
        assertEquals("server1", server1.highAvailability().get(0).thisServerName());
        HaRelationship r = server2.highAvailability().get(0);
        assertEquals("server2", r.thisServerName());
        assertEquals(HaRole.SECONDARY, r.thisServer().role());
        assertEquals("server1", r.partner().get().name());
        assertEquals(server1.subnets(), server2.subnets(), "nothing else changes");
    }

    @Test
    void overridesPickRelationshipsByPeerNameOrIndex() throws ConfigException {
        KeaConfig byName = seed("zaldua1zerb1.json",
                Overrides.parseThisServerNames("zaldua1zerb2-zaldua1, zaldua2zerb1-zaldua2"));
        assertEquals(List.of("zaldua1zerb2-zaldua1", "zaldua2zerb1-zaldua2"),
                byName.highAvailability().stream().map(HaRelationship::thisServerName).toList());
        KeaConfig byIndex = seed("zaldua1zerb1.json", Overrides.parseThisServerNames("1=zaldua2zerb1-zaldua2"));
        assertEquals(List.of("zaldua1zerb1-zaldua1", "zaldua2zerb1-zaldua2"),
                byIndex.highAvailability().stream().map(HaRelationship::thisServerName).toList(),
                "relationships without an override keep the file's name");
    }

    @Test
    void badOverridesAreErrorsNamingTheRelationship() {
        String path = "Dhcp4/hooks-libraries[1]/parameters/high-availability";
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> seed("kea-ha-load-balancing-mt-tls.json", Overrides.thisServerName("server9")));
        assertEquals(path, unknown.path());
        assertEquals("this-server-name override 'server9' is not a peer of any high-availability relationship",
                unknown.reason());
        ConfigException index = assertThrows(ConfigException.class,
                () -> seed("kea-ha-load-balancing-mt-tls.json", Overrides.thisServerName(1, "server2")));
        assertTrue(index.reason().contains("names relationship 1, but there is 1 relationship"), index.getMessage());
        ConfigException wrongPeer = assertThrows(ConfigException.class,
                () -> seed("zaldua1zerb1.json", Overrides.thisServerName(0, "zaldua2zerb1-zaldua2")));
        assertEquals(path + "[0]/this-server-name", wrongPeer.path());
        ConfigException twice = assertThrows(ConfigException.class,
                () -> seed("kea-ha-load-balancing-mt-tls.json", Overrides.parseThisServerNames("server1,0=server2")));
        assertTrue(twice.reason().contains("both apply to relationship 0"), twice.getMessage());
        ConfigException noHa = assertThrows(ConfigException.class, () -> KeaConfigLoader.parse("{ \"Dhcp4\": { } }",
                "x.conf", Overrides.thisServerName("server2")));
        assertEquals("Dhcp4", noHa.path());
    }

    @Test
    void parsesTheCommandLineForm() {
        assertEquals(List.of(new Overrides.ServerName(OptionalInt.empty(), "a"),
                new Overrides.ServerName(OptionalInt.of(2), "b")),
                Overrides.parseThisServerNames("a, 2=b").thisServerNames());
        assertThrows(IllegalArgumentException.class, () -> Overrides.parseThisServerNames("x=a"));
        assertThrows(IllegalArgumentException.class, () -> Overrides.parseThisServerNames("a,,b"));
        assertTrue(Overrides.none().isEmpty());
    }
}
