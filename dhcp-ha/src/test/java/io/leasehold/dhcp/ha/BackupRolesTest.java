package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.codec.DhcpMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Passive-backup mode and backup servers: no heartbeats, updates to backups, wait-backup-ack. */
class BackupRolesTest {
    static final String GIADDR = "192.0.2.1";
    private final HaNet net = new HaNet();

    static String config(String self, String mode, String extra, String... peers) {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < peers.length; i += 2) {
            if (p.length() > 0) {
                p.append(", ");
            }
            p.append("{ \"name\": \"").append(peers[i]).append("\", \"url\": \"http://127.0.0.1:")
                    .append(18000 + i).append("/\", \"role\": \"").append(peers[i + 1]).append("\" }");
        }
        return """
                { "Dhcp4": {
                    "valid-lifetime": 3600,
                    "hooks-libraries": [ { "library": "libdhcp_lease_cmds.so" }, { "library": "libdhcp_ha.so",
                      "parameters": { "high-availability": [ { "this-server-name": "%s", "mode": "%s",
                        "heartbeat-delay": 1000, "max-response-delay": 3000 %s, "peers": [ %s ] } ] } } ],
                    "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "pools": [ { "pool": "192.0.2.100 - 192.0.2.199" } ] } ]
                } }
                """.formatted(self, mode, extra == null ? "" : ", " + extra, p);
    }

    @AfterEach
    void stop() {
        net.close();
    }

    private HaNode[] passiveBackup(boolean waitAck) {
        String extra = "\"wait-backup-ack\": " + waitAck;
        String[] peers = {"server1", "primary", "backup1", "backup", "backup2", "backup"};
        return new HaNode[] {
            net.start("server1", config("server1", "passive-backup", extra, peers), "192.0.2.10"),
            net.start("backup1", config("backup1", "passive-backup", extra, peers), "192.0.2.11"),
            net.start("backup2", config("backup2", "passive-backup", extra, peers), "192.0.2.12")};
    }

    @Test
    void passiveBackupPrimaryServesAtOnceAndReplicatesToEveryBackupWithoutHeartbeats() {
        HaNode[] n = passiveBackup(false);
        net.advance(10);
        assertEquals(HaState.PASSIVE_BACKUP, n[0].state());
        assertEquals(HaState.BACKUP, n[1].state());
        assertEquals(HaState.BACKUP, n[2].state());
        assertTrue(n[0].service.isEnabled());
        assertFalse(n[1].service.isEnabled());
        assertEquals(List.of("server1"), n[0].ha.status().scopes());
        DhcpMessage ack = n[0].dora(Queries.mac(1), GIADDR);
        assertNotNull(ack);
        assertNotNull(n[1].store.get(ack.yiaddr()).orElse(null));
        assertNotNull(n[2].store.get(ack.yiaddr()).orElse(null));
        n[2].kill();
        assertNotNull(n[0].dora(Queries.mac(2), GIADDR), "without wait-backup-ack a dead backup does not matter");
        net.advance(30_000);
        assertEquals(HaState.PASSIVE_BACKUP, n[0].state(), "no failover in passive-backup");
        for (String c : List.of("server1->backup1", "server1->backup2", "backup1->server1")) {
            InMemoryPeerClient client = net.clients.get(c);
            assertTrue(client == null || client.sent("ha-heartbeat").isEmpty(), c + " sent no heartbeat");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> ha = ((List<Map<String, Object>>) ((Map<String, Object>) n[0].command("status-get", null)
                .arguments()).get("high-availability")).get(0);
        assertFalse(((Map<?, ?>) ha.get("ha-servers")).containsKey("remote"), "no remote in passive-backup");
    }

    /**
     * A passive-backup primary has no failover partner, so its freeze guard is never started; it must not take the
     * guard's stale start time for a freeze and drop every query once max-response-delay - heartbeat-delay passed.
     */
    @Test
    void passiveBackupPrimaryStillServesLongAfterItsStart() {
        HaNode[] n = passiveBackup(false);
        net.advance(10);
        assertNotNull(n[0].dora(Queries.mac(1), GIADDR));
        net.advance(60_000);
        assertEquals(HaState.PASSIVE_BACKUP, n[0].state());
        assertNotNull(n[0].dora(Queries.mac(2), GIADDR), "a passive-backup primary stopped answering after 60 s");
    }

    @Test
    void waitBackupAckHoldsTheReplyUntilEveryBackupHasTheLease() {
        HaNode[] n = passiveBackup(true);
        net.advance(10);
        assertNotNull(n[0].dora(Queries.mac(1), GIADDR));
        n[1].kill();
        assertNull(n[0].dora(Queries.mac(2), GIADDR), "a backup did not acknowledge: no ACK");
        assertEquals(HaState.PASSIVE_BACKUP, n[0].state());
    }

    @Test
    void backupOfAHotStandbyPairGetsEveryUpdateEvenInPartnerDownAndIsNeverPolled() {
        String[] peers = {"server1", "primary", "server2", "standby", "server3", "backup"};
        HaNode p = net.start("server1", config("server1", "hot-standby", null, peers), "192.0.2.10");
        HaNode s = net.start("server2", config("server2", "hot-standby", null, peers), "192.0.2.11");
        HaNode b = net.start("server3", config("server3", "hot-standby", null, peers), "192.0.2.12");
        net.advanceUntil(() -> p.state() == HaState.HOT_STANDBY && s.state() == HaState.HOT_STANDBY, 20_000, "HS");
        assertEquals(HaState.BACKUP, b.state());
        assertFalse(b.service.isEnabled());
        DhcpMessage first = p.dora(Queries.mac(1), GIADDR);
        assertNotNull(b.store.get(first.yiaddr()).orElse(null));
        s.kill();
        net.advanceUntil(() -> p.state() == HaState.PARTNER_DOWN, 10_000, "partner-down");
        DhcpMessage second = p.dora(Queries.mac(2), GIADDR);
        assertNotNull(second);
        assertNotNull(b.store.get(second.yiaddr()).orElse(null), "backups get updates in partner-down too");
        assertEquals(1L, p.ha.status().unsentUpdateCount(), "only the partner missed it");
        assertTrue(net.client("server1", "server3").sent("ha-heartbeat").isEmpty(), "nobody polls a backup");
        assertTrue(net.client("server3", "server1").sent.isEmpty(), "a backup sends nothing");
        assertEquals(0, b.command("ha-scopes", Map.of("scopes", List.of("server1"))).result());
        assertEquals(List.of("server1"), b.ha.status().scopes());
        assertEquals(1001, b.command("ha-maintenance-notify", Map.of("cancel", false)).result());
        @SuppressWarnings("unchecked")
        Map<String, Object> ha = ((List<Map<String, Object>>) ((Map<String, Object>) b.command("status-get", null)
                .arguments()).get("high-availability")).get(0);
        assertFalse(((Map<?, ?>) ha.get("ha-servers")).containsKey("remote"), "no remote on a backup");
    }
}
