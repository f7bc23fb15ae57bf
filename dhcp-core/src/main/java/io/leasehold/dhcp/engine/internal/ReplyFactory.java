package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.codec.RelayAgentInfo;
import io.leasehold.dhcp.config.ClientClass;
import io.leasehold.dhcp.config.Lifetime;
import io.leasehold.dhcp.config.NetworkSettings;
import io.leasehold.dhcp.config.OptionData;
import io.leasehold.dhcp.config.Pool4;
import io.leasehold.dhcp.config.Reservation;

import java.util.List;

/** Builds OFFER, ACK, NAK and INFORM replies (Kea §2.2, §2.4, §2.7, §2.10). */
final class ReplyFactory {
    private final boolean echoClientId;

    ReplyFactory(boolean echoClientId) {
        this.echoClientId = echoClientId;
    }

    /** The lease lifetime for the client: its classes' triplet if any sets one, else the subnet's; option 51 clamps. */
    static long lifetime(Exchange x, SubnetRuntime s) {
        Lifetime triplet = s.subnet().settings().lifetime();
        List<ClientClass> classes = x.classObjects();
        for (int i = 0; i < classes.size(); i++) { // indexed: no iterator per reply
            ClientClass c = classes.get(i);
            if (c.lifetime().isPresent()) {
                triplet = c.lifetime().get();
                break;
            }
        }
        if (x.query.isBootp()) {
            return io.leasehold.dhcp.lease.Lease4.INFINITE_LIFETIME;
        }
        return triplet.grant(x.query.leaseTime().orElse(0));
    }

    /** The server identifier: configured option 54, else the relay's override (RFC 5107), else our address. */
    static int serverId(Exchange x, OptionAssembler.Visible visible) {
        OptionData sid = visible.get(54);
        if (sid != null && sid.payloadLength() == 4) {
            return sid.payloadInt(0);
        }
        if (x.query.hasRelaySubOption(RelayAgentInfo.SERVER_ID_OVERRIDE)) {
            return x.query.relaySubOptionAddress(RelayAgentInfo.SERVER_ID_OVERRIDE, 0);
        }
        if (x.ctx.localAddress() != 0) {
            return x.ctx.localAddress();
        }
        return x.ctx.interfaceAddresses().length > 0 ? x.ctx.interfaceAddresses()[0] : 0;
    }

    /**
     * Each thread's reply builder, emptied for every reply: a reply is built and {@link DhcpMessage.Builder#build()
     * built} within one call of this class, which never calls itself, so one builder per thread suffices and no reply
     * allocates a builder or its arrays.
     */
    private static final ThreadLocal<DhcpMessage.Builder> BUILDERS = ThreadLocal.withInitial(DhcpMessage::builder);

    private static DhcpMessage.Builder builder(Exchange x) {
        return BUILDERS.get().resetToReplyTo(x.query);
    }

    private static DhcpMessage built(DhcpMessage.Builder b, Exchange x) {
        return x.replies == null ? b.build() : x.replies.build(b);
    }

    /** OFFER or ACK for an address lease. */
    DhcpMessage lease(Exchange x, DhcpMessageType type, SubnetRuntime s, int address, long valid, ClientName name) {
        Pool4 pool = s.poolOf(address);
        Reservation res = x.reservation;
        List<ClientClass> classes = x.classObjects();
        OptionAssembler.Visible visible = OptionAssembler.visible(res, pool, s, classes, x.rt.config.globalOptions());
        DhcpMessage.Builder b = builder(x);
        if (!x.query.isBootp()) {
            b.messageType(type);
        }
        b.yiaddr(address);
        int sid = serverId(x, visible);
        if (!x.query.isBootp()) {
            if (sid != 0) {
                b.serverIdentifier(sid);
            }
            b.leaseTime(valid);
            NetworkSettings st = s.subnet().settings();
            if (valid != io.leasehold.dhcp.lease.Lease4.INFINITE_LIFETIME) {
                long t2 = TeeTimes.t2(valid, st.rebindTimer().orElse(-1), st.calculateTeeTimes(), st.t2Percent());
                long t1 = TeeTimes.t1(valid, st.renewTimer().orElse(-1), st.calculateTeeTimes(), st.t1Percent(), t2);
                if (t1 > 0) {
                    b.renewalTime(t1);
                }
                if (t2 > 0) {
                    b.rebindingTime(t2);
                }
            }
        }
        b.subnetMask(s.subnet().prefix().mask());
        bootFields(b, x, s, classes);
        OptionAssembler.addTo(b, x.query, visible);
        name.addTo(b);
        echo(b, x);
        return built(b, x);
    }

    /** DHCPNAK: yiaddr 0, server identifier, echoed client-id and relay information. */
    DhcpMessage nak(Exchange x) {
        DhcpMessage.Builder b = builder(x).messageType(DhcpMessageType.NAK);
        OptionAssembler.Visible visible = OptionAssembler.visible(null, null, x.subnet, x.classObjects(),
                x.rt.config.globalOptions());
        int sid = serverId(x, visible);
        if (sid != 0) {
            b.serverIdentifier(sid);
        }
        echo(b, x);
        return built(b, x);
    }

    /** DHCPACK to an INFORM: options only, ciaddr copied, no address, no lease times. */
    DhcpMessage inform(Exchange x) {
        SubnetRuntime s = x.subnet;
        OptionAssembler.Visible visible = OptionAssembler.visible(x.reservation, null, s, x.classObjects(),
                x.rt.config.globalOptions());
        DhcpMessage.Builder b = builder(x).messageType(DhcpMessageType.ACK).ciaddr(x.query.ciaddr());
        if (x.query.giaddr() != 0 && x.query.ciaddr() == 0) {
            b.broadcast(true);
        }
        int sid = serverId(x, visible);
        if (sid != 0) {
            b.serverIdentifier(sid);
        }
        b.subnetMask(s.subnet().prefix().mask());
        bootFields(b, x, s, x.classObjects());
        OptionAssembler.addTo(b, x.query, visible);
        echo(b, x);
        return built(b, x);
    }

    /** siaddr, sname and file: reservation, then classes, then subnet. */
    private static void bootFields(DhcpMessage.Builder b, Exchange x, SubnetRuntime s, List<ClientClass> classes) {
        Reservation r = x.reservation;
        int next = r != null && r.nextServer() != 0 ? r.nextServer() : 0;
        String sname = r != null ? r.serverHostname() : "";
        String file = r != null ? r.bootFileName() : "";
        for (int i = 0; i < classes.size(); i++) {
            ClientClass c = classes.get(i);
            if (next == 0) {
                next = c.nextServer();
            }
            if (sname.isEmpty()) {
                sname = c.serverHostname();
            }
            if (file.isEmpty()) {
                file = c.bootFileName();
            }
        }
        NetworkSettings st = s.subnet().settings();
        if (next == 0) {
            next = st.nextServer();
        }
        if (sname.isEmpty()) {
            sname = st.serverHostname();
        }
        if (file.isEmpty()) {
            file = st.bootFileName();
        }
        if (next != 0) {
            b.siaddr(next);
        }
        if (!sname.isEmpty()) {
            b.serverName(sname);
        }
        if (!file.isEmpty()) {
            b.bootFileName(file);
        }
    }

    /** Echoes client-id (RFC 6842), relay agent information to relayed queries, and subnet-selection. */
    private void echo(DhcpMessage.Builder b, Exchange x) {
        if (echoClientId && x.query.hasOption(61)) {
            b.copyOption(x.query, 61);
        }
        if (x.query.giaddr() != 0 && x.query.hasOption(82)) {
            b.copyOption(x.query, 82);
        }
        if (x.query.hasOption(118)) {
            b.copyOption(x.query, 118);
        }
    }
}
