package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.config.DdnsSettings;
import io.leasehold.dhcp.ddns.NameChangeRequest;
import io.leasehold.dhcp.ddns.NameChangeRequest.ChangeType;
import io.leasehold.dhcp.ddns.NameChangeSink;
import io.leasehold.dhcp.ddns.internal.Dhcid;
import io.leasehold.dhcp.ddns.internal.DnsName;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Which name change requests a lease change sends, and building them (Kea 2.2's {@code createNameChangeRequests}
 * and {@code queueNCR}). Only lease changes this server makes send anything: an ACK, a RELEASE, a DECLINE, expiry
 * reclamation and {@code lease4-resend-ddns}; leases written by a command or an HA partner send nothing.
 * Nothing is sent unless {@code dhcp-ddns.enable-updates} is true, the lease has a host name and a DNS flag.
 */
public final class NameChanges {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ddns");

    private final NameChangeSink sink;
    private final Supplier<EngineRuntime> runtime;

    NameChanges(NameChangeSink sink, Supplier<EngineRuntime> runtime) {
        this.sink = sink;
        this.runtime = runtime;
    }

    /** Kea's {@code D2ClientMgr::ddnsEnabled}: {@code dhcp-ddns.enable-updates} (and somewhere to send to). */
    public boolean enabled() {
        return sink != NameChangeSink.NONE && runtime.get().config.serverSettings().dhcpDdns().enableUpdates();
    }

    /**
     * An ACK committed {@code lease}. {@code before} was at the address ({@code ownBefore}: it was the client's);
     * {@code moved} are the client's leases on other addresses the ACK deleted.
     *
     * <p>An expired, not yet reclaimed lease at the address is reclaimed first (a remove for it). Then, as Kea: with
     * no previous lease of the client, with {@code ddns-update-on-renew}, or when the name or flags changed, a
     * remove for the previous lease and an add for the new one. A move to another address also counts as a change
     * (Kea 2.2 compares only the names and would leave the old address in DNS).
     */
    void granted(SubnetRuntime s, Lease4 lease, Lease4 before, boolean ownBefore, List<Lease4> moved, long now) {
        if (!enabled()) {
            return;
        }
        Lease4 old = null;
        if (before != null) {
            boolean unreclaimed = before.state() == LeaseState.DEFAULT && before.isExpired(now);
            if (unreclaimed) {
                queue(ChangeType.REMOVE, before);
            }
            if (ownBefore) {
                old = unreclaimed ? before.toBuilder().hostname("").fqdnForward(false).fqdnReverse(false).build()
                        : before;
            }
        }
        for (Lease4 m : moved) {
            old = m;
        }
        DdnsSettings d = s.subnet().settings().ddns();
        if (!d.sendUpdates()) {
            return;
        }
        if (old == null || d.updateOnRenew() || !identicalFqdn(lease, old) || old.address() != lease.address()) {
            if (old != null) {
                queue(ChangeType.REMOVE, old);
            }
            queue(ChangeType.ADD, lease);
        }
    }

    /** RELEASE, DECLINE and reclamation: remove the lease's records, if it had any. */
    void removed(Lease4 lease) {
        if (enabled()) {
            queue(ChangeType.REMOVE, lease);
        }
    }

    /** {@code lease4-resend-ddns}: an add for the lease as it is. */
    public void resend(Lease4 lease) {
        queue(ChangeType.ADD, lease);
    }

    private static boolean identicalFqdn(Lease4 a, Lease4 b) {
        return a.hostname().toLowerCase(Locale.ROOT).equals(b.hostname().toLowerCase(Locale.ROOT))
                && a.fqdnForward() == b.fqdnForward() && a.fqdnReverse() == b.fqdnReverse();
    }

    /** Kea's {@code queueNCR}: skipped without a host name or a DNS flag; the TTL is a third of the lifetime. */
    private void queue(ChangeType type, Lease4 lease) {
        if (lease.hostname().isEmpty() || (!lease.fqdnForward() && !lease.fqdnReverse()) || !enabled()) {
            return;
        }
        try {
            NameChangeRequest n = build(type, lease);
            if (LOG.isDebugEnabled()) {
                LOG.debug("LH_DDNS_NCR_QUEUED {}", n.toJson());
            }
            sink.send(n);
        } catch (RuntimeException e) {
            LOG.error("LH_DDNS_NCR_FAILED no {} request for {} ({}): {}", type == ChangeType.ADD ? "add" : "remove",
                    Ipv4.toString(lease.address()), lease.hostname(), e.getMessage());
        }
    }

    private NameChangeRequest build(ChangeType type, Lease4 lease) {
        SubnetRuntime s = runtime.get().subnet(lease.subnetId());
        boolean conflictResolution = s == null || s.subnet().settings().ddns().useConflictResolution();
        String fqdn = DnsName.parse(lease.hostname()).toText(false);
        String dhcid = Dhcid.hex(Dhcid.of(lease.clientId(), lease.hardwareAddress(), lease.hostname()));
        long ttl = ttl(lease.validLifetime());
        return new NameChangeRequest(type, lease.fqdnForward(), lease.fqdnReverse(), fqdn,
                Ipv4.toString(lease.address()), dhcid, lease.cltt() + ttl, ttl, conflictResolution);
    }

    /** Kea's {@code calculateDdnsTtl} (RFC 4702 §5): a third of the lease lifetime, at least 10 minutes. */
    static long ttl(long validLifetime) {
        return validLifetime < 1800 ? 600 : validLifetime / 3;
    }
}
