package io.leasehold.dhcp.engine;

import static io.leasehold.dhcp.engine.Queries.base;
import static io.leasehold.dhcp.engine.Queries.mac;
import static io.leasehold.dhcp.engine.Queries.relayed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.ddns.NameChangeRequest;
import io.leasehold.dhcp.ddns.NameChangeRequest.ChangeType;
import io.leasehold.dhcp.ddns.internal.Dhcid;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.InMemoryLeaseStore;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.stats.StatisticsRegistry;
import io.leasehold.dhcp.time.VirtualTime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** When the engine sends name change requests, and what they hold (Kea 2.2's createNameChangeRequests/queueNCR). */
class DdnsNameChangeTest {
    private static final String RELAY = "192.0.2.2";
    private static final int SERVER = Ipv4.parse("192.0.2.1");

    private final VirtualTime time = new VirtualTime();
    private final InMemoryLeaseStore store = new InMemoryLeaseStore();
    private final List<NameChangeRequest> sent = new ArrayList<>();
    private DhcpEngine engine;

    private void start(String extra) {
        if (!extra.contains("valid-lifetime")) {
            extra += " \"valid-lifetime\": 3600,";
        }
        String json = """
                { "Dhcp4": { "dhcp-ddns": { "enable-updates": true },
                  "ddns-qualifying-suffix": "lab.example", %s
                  "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "relay": { "ip-addresses": [ "192.0.2.2" ] },
                                 "pools": [ { "pool": "192.0.2.10 - 192.0.2.99" } ] } ] } }
                """.formatted(extra);
        try {
            engine = DhcpEngine.builder(EngineConfig.from(KeaConfigLoader.parse(json, "t.json")), store).clock(time)
                    .statistics(new StatisticsRegistry(time)).localAddresses(Set.of(SERVER))
                    .nameChangeSink(sent::add).build();
        } catch (io.leasehold.dhcp.config.ConfigException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private DhcpMessage dora(HardwareAddress hw, UnaryOperator<DhcpMessage.Builder> opt) {
        DhcpMessage offer = engine.process(opt.apply(relayed(base(DhcpMessageType.DISCOVER, hw, 1), RELAY)).build(),
                QueryContext.unicast(SERVER, Ipv4.parse(RELAY), 67, 300)).reply();
        assertTrue(sent.isEmpty(), "an OFFER sends nothing");
        return request(hw, offer.yiaddr(), opt);
    }

    private DhcpMessage request(HardwareAddress hw, int address, UnaryOperator<DhcpMessage.Builder> opt) {
        DhcpMessage ack = engine.process(opt.apply(relayed(base(DhcpMessageType.REQUEST, hw, 2), RELAY)
                .requestedAddress(address).serverIdentifier(SERVER)).build(),
                QueryContext.unicast(SERVER, Ipv4.parse(RELAY), 67, 300)).reply();
        assertEquals(DhcpMessageType.ACK, ack.messageType());
        return ack;
    }

    private void release(HardwareAddress hw, int address) {
        engine.process(base(DhcpMessageType.RELEASE, hw, 5).ciaddr(address).build(),
                QueryContext.unicast(SERVER, address, 68, 300));
    }

    private List<NameChangeRequest> take() {
        List<NameChangeRequest> out = List.copyOf(sent);
        sent.clear();
        return out;
    }

    @Test
    void ackAddsReleaseRemovesWithKeasFields() {
        start("");
        HardwareAddress hw = mac(1);
        DhcpMessage ack = dora(hw, b -> b.hostName("host2"));
        Lease4 l = store.get(ack.yiaddr()).orElseThrow();
        List<NameChangeRequest> add = take();
        assertEquals(1, add.size());
        NameChangeRequest n = add.get(0);
        assertEquals(ChangeType.ADD, n.changeType());
        assertTrue(n.forwardChange() && n.reverseChange());
        assertEquals("host2.lab.example.", n.fqdn());
        assertEquals(Ipv4.toString(ack.yiaddr()), n.ipAddress());
        assertEquals(Dhcid.hex(Dhcid.of(null, hw, "host2.lab.example")), n.dhcid(), "type 0: no client id");
        assertEquals(1200, n.leaseLength(), "a third of 3600 s (measured on Kea 2.2)");
        assertEquals(l.cltt() + 1200, n.leaseExpiresOn());
        assertTrue(n.useConflictResolution());

        release(hw, ack.yiaddr());
        List<NameChangeRequest> removed = take();
        assertEquals(1, removed.size());
        assertEquals(ChangeType.REMOVE, removed.get(0).changeType());
        assertEquals(n.fqdn(), removed.get(0).fqdn());
        assertEquals(n.dhcid(), removed.get(0).dhcid());
    }

    @Test
    void renewalSendsNothingUnlessTheNameChangedOrUpdateOnRenew() {
        start("");
        HardwareAddress hw = mac(2);
        int a = dora(hw, b -> b.hostName("same")).yiaddr();
        take();
        time.advance(100_000);
        request(hw, a, b -> b.hostName("same"));
        assertEquals(List.of(), take(), "same name, same flags: no update");
        request(hw, a, b -> b.hostName("renamed"));
        List<NameChangeRequest> changed = take();
        assertEquals(List.of(ChangeType.REMOVE, ChangeType.ADD), changed.stream().map(NameChangeRequest::changeType)
                .toList());
        assertEquals("same.lab.example.", changed.get(0).fqdn());
        assertEquals("renamed.lab.example.", changed.get(1).fqdn());

        start("\"ddns-update-on-renew\": true,");
        HardwareAddress hw2 = mac(3);
        int b2 = dora(hw2, b -> b.hostName("again")).yiaddr();
        take();
        request(hw2, b2, b -> b.hostName("again"));
        assertEquals(List.of(ChangeType.REMOVE, ChangeType.ADD), take().stream().map(NameChangeRequest::changeType)
                .toList());
    }

    @Test
    void declineAndReclamationRemove() {
        start("");
        HardwareAddress hw = mac(4);
        int a = dora(hw, b -> b.hostName("dec")).yiaddr();
        take();
        engine.process(relayed(base(DhcpMessageType.DECLINE, hw, 6), RELAY).requestedAddress(a)
                .serverIdentifier(SERVER).build(), QueryContext.unicast(SERVER, Ipv4.parse(RELAY), 67, 300));
        List<NameChangeRequest> d = take();
        assertEquals(1, d.size());
        assertEquals(ChangeType.REMOVE, d.get(0).changeType());
        assertEquals("dec.lab.example.", d.get(0).fqdn());

        HardwareAddress hw2 = mac(5);
        dora(hw2, b -> b.hostName("exp"));
        take();
        time.advance(3_601_000);
        engine.reclaimExpired(false, 0);
        List<NameChangeRequest> r = take();
        assertEquals(1, r.size(), "the declined lease (no name) sends nothing, the expired one a remove: " + r);
        assertEquals(ChangeType.REMOVE, r.get(0).changeType());
        assertEquals("exp.lab.example.", r.get(0).fqdn());
    }

    @Test
    void noUpdatesWhenDisabledForTheSubnetOrRefusedByTheClient() {
        start("\"ddns-send-updates\": false,");
        HardwareAddress hw = mac(6);
        int a = dora(hw, b -> b.hostName("quiet")).yiaddr();
        assertFalse(store.get(a).orElseThrow().fqdnForward());
        release(hw, a);
        assertEquals(List.of(), take());

        start("");
        int c = dora(mac(7), b -> b.option(81, new byte[] {0x08, 0, 0, 'n', 'o', '.'})).yiaddr();
        assertEquals(List.of(), take(), "N flag: no updates");
        assertEquals("no.", store.get(c).orElseThrow().hostname());
        dora(mac(8), b -> b);
        assertEquals(List.of(), take(), "no name, nothing to send");
    }

    @Test
    void fqdnClientWithClientIdAndConflictResolutionOff() {
        start("\"ddns-use-conflict-resolution\": false,");
        byte[] cid = {1, 2, 0, 0, 0, 0, 9};
        DhcpMessage ack = dora(mac(9), b -> b.clientId(io.leasehold.dhcp.lease.ClientId.of(cid))
                .option(81, new byte[] {0x01, 0, 0, 'l', 'a', 'p', '.', 'o', 'r', 'g', '.'}));
        NameChangeRequest n = take().get(0);
        assertEquals("lap.org.", n.fqdn());
        assertTrue(n.forwardChange() && n.reverseChange());
        assertFalse(n.useConflictResolution());
        assertEquals(Dhcid.hex(Dhcid.of(io.leasehold.dhcp.lease.ClientId.of(cid), mac(9), "lap.org.")), n.dhcid(),
                "type 1 over the client id");
        assertEquals("lap.org.", store.get(ack.yiaddr()).orElseThrow().hostname());
    }

    @Test
    void leasesWrittenOutsidePacketProcessingSendNothingButResendDoes() {
        start("");
        Lease4 l = Lease4.builder(Ipv4.parse("192.0.2.50")).hardwareAddress(mac(10)).validLifetime(3600)
                .cltt(time.currentTimeSeconds()).subnetId(1).hostname("partner.lab.example").fqdnForward(true)
                .fqdnReverse(true).build();
        store.add(l);
        engine.leaseChanged(null, l); // what an HA partner's lease4-update or a lease command does
        assertEquals(List.of(), take(), "only the server that allocated sends");
        assertTrue(engine.ddnsEnabled());
        engine.resendDdns(l);
        List<NameChangeRequest> r = take();
        assertEquals(1, r.size());
        assertEquals(ChangeType.ADD, r.get(0).changeType());
        assertEquals("partner.lab.example.", r.get(0).fqdn());
    }

    @Test
    void shortLeasesGetTenMinutesAndMovesRemoveTheOldAddress() {
        start("\"valid-lifetime\": 900,");
        HardwareAddress hw = mac(11);
        int a = dora(hw, b -> b.hostName("mover")).yiaddr();
        assertEquals(600, take().get(0).leaseLength(), "Kea: at least 600 s");
        int other = a + 5;
        request(hw, other, b -> b.hostName("mover"));
        List<NameChangeRequest> moved = take();
        assertEquals(List.of(ChangeType.REMOVE, ChangeType.ADD), moved.stream().map(NameChangeRequest::changeType)
                .toList(), "the old address leaves DNS");
        assertEquals(Ipv4.toString(a), moved.get(0).ipAddress());
        assertEquals(Ipv4.toString(other), moved.get(1).ipAddress());
    }
}
