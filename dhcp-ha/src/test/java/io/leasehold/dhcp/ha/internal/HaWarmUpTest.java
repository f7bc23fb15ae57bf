package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.time.VirtualTime;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HA warm-up on loopback: synthetic lease updates and deletes over real HTTP to a scratch listener, every one
 * answered with success, and nothing left behind; skipped where it cannot run.
 */
class HaWarmUpTest {
    private static KeaConfig config(String tls) throws Exception {
        return KeaConfigLoader.parse("""
                { "Dhcp4": {
                    "lease-database": { "type": "memfile", "persist": false },
                    "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2 },
                    "valid-lifetime": 3600,
                    "hooks-libraries": [ { "library": "libdhcp_lease_cmds.so" }, { "library": "libdhcp_ha.so",
                      "parameters": { "high-availability": [ { "this-server-name": "server1",
                        "mode": "hot-standby" %s,
                        "peers": [ { "name": "server1", "url": "http://127.0.0.1:18001/", "role": "primary" },
                                   { "name": "server2", "url": "http://127.0.0.1:18002/", "role": "standby" } ]
                      } ] } } ],
                    "subnet4": [ { "id": 5, "subnet": "10.9.0.0/16",
                                   "pools": [ { "pool": "10.9.0.10 - 10.9.255.200" } ] } ] } }
                """.formatted(tls), "warmup.json");
    }

    private static long scratchDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("leasehold-ha-warmup-")).count();
        }
    }

    @Test
    void everySyntheticUpdateAndDeleteIsAnsweredAndNothingIsLeftBehind() throws Exception {
        KeaConfig c = config("");
        Relationship rel = new Relationship(0, c.highAvailability().get(0));
        long before = scratchDirs();
        HaWarmUp.Result r = HaWarmUp.run(c, rel, new VirtualTime(), 60_000, 400, () -> false);
        assertNull(r.skipped(), "ran: " + r);
        // 400 lease4-update and one lease4-del per 8 updates, each answered with result 0 by the real commands
        assertEquals(400 + 400 / HaWarmUp.DELETE_EVERY, r.succeeded(), r.toString());
        assertEquals(0, r.failed(), r.toString());
        assertEquals(before, scratchDirs(), "the scratch store's directory is deleted");
    }

    @Test
    void theBudgetEndsIt() throws Exception {
        KeaConfig c = config("");
        HaWarmUp.Result r = HaWarmUp.run(c, new Relationship(0, c.highAvailability().get(0)), new VirtualTime(), 1,
                1_000_000, () -> false);
        assertNull(r.skipped(), r.toString());
        assertTrue(r.succeeded() < 1_000_000, r.toString());
        assertEquals(0, r.failed(), "what was sent was answered before the listener closed: " + r);
    }

    @Test
    void skippedWithoutABudgetOrWhenThePartnerIsReachedOverTls() throws Exception {
        KeaConfig plain = config("");
        HaWarmUp.Result none = HaWarmUp.run(plain, new Relationship(0, plain.highAvailability().get(0)),
                new VirtualTime(), 0, () -> false);
        assertNotNull(none.skipped());
        assertEquals(0, none.succeeded());
        KeaConfig tls = config(", \"trust-anchor\": \"/nonexistent/ca.pem\", \"cert-file\": \"/nonexistent/c.pem\","
                + " \"key-file\": \"/nonexistent/k.pem\"");
        HaWarmUp.Result skipped = HaWarmUp.run(tls, new Relationship(0, tls.highAvailability().get(0)),
                new VirtualTime(), 60_000, () -> false);
        assertTrue(String.valueOf(skipped.skipped()).contains("TLS"), String.valueOf(skipped));
        assertEquals(0, skipped.succeeded());
    }

    /** A restart into a running pair: the partner answers as serving, so this server syncs first, unwarmed. */
    @Test
    void skippedWhenThePartnerAlreadyServes() throws Exception {
        KeaConfig c = config("");
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        long before = scratchDirs();
        HaWarmUp.Result r = HaWarmUp.run(c, new Relationship(0, c.highAvailability().get(0)), new VirtualTime(),
                60_000, 400, () -> asked.incrementAndGet() > 0);
        assertEquals(1, asked.get(), "the partner is asked once");
        assertTrue(String.valueOf(r.skipped()).contains("serving"), String.valueOf(r));
        assertEquals(0, r.succeeded());
        assertEquals(before, scratchDirs(), "nothing was created");
        // and it is not asked when a cheaper check already decides
        HaWarmUp.run(c, new Relationship(0, c.highAvailability().get(0)), new VirtualTime(), 0, 400,
                () -> asked.incrementAndGet() > 0);
        assertEquals(1, asked.get());
    }
}
