package io.leasehold.dhcp.examples;

import io.leasehold.dhcp.config.HaRelationship;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.Pool4;
import io.leasehold.dhcp.config.Subnet4;
import io.leasehold.dhcp.lease.Ipv4;
import java.util.ArrayList;
import java.util.List;

/** Human-readable lines describing a loaded configuration, for the start-up log. */
final class ConfigSummary {
    private ConfigSummary() {
    }

    static List<String> lines(KeaConfig c) {
        List<String> out = new ArrayList<>();
        out.add("interfaces: " + (c.interfaces().interfaces().isEmpty() ? "none" : c.interfaces().interfaces())
                + ", socket type " + c.interfaces().socketType().keaName());
        if (c.leaseDatabase().isSql()) {
            var sql = c.leaseDatabase().sql();
            out.add("lease database: " + c.leaseDatabase().type() + " '" + c.leaseDatabase().name() + "' on "
                    + sql.host() + (sql.port() == 0 ? "" : ":" + sql.port()) + (sql.tls() ? " with TLS" : ""));
        } else {
            out.add("lease database: memfile " + (c.leaseDatabase().persist() ? c.leaseDatabase().name()
                    : "in memory only (persist false)"));
        }
        out.add(c.subnets().size() + " subnet(s), " + c.sharedNetworks().size() + " shared network(s), "
                + c.clientClasses().size() + " client class(es), " + c.reservations().size()
                + " global reservation(s)");
        for (Subnet4 s : c.subnets()) {
            StringBuilder b = new StringBuilder("subnet ").append(s.id()).append(' ').append(s.prefix());
            s.sharedNetwork().ifPresent(n -> b.append(" in shared network ").append(n));
            b.append(": pools ");
            b.append(s.pools().isEmpty() ? "none" : String.join(", ", s.pools().stream().map(Pool4::rangeText)
                    .toList()));
            b.append(" (").append(s.poolCapacity()).append(" addresses), ").append(s.reservations().size())
                    .append(" reservation(s), valid-lifetime ").append(s.settings().lifetime().valid());
            if (!s.relayAddresses().isEmpty()) {
                b.append(", relays ").append(String.join(", ", s.relayAddresses().stream().map(Ipv4::toString)
                        .toList()));
            }
            s.interfaceName().ifPresent(i -> b.append(", interface ").append(i));
            out.add(b.toString());
        }
        List<HaRelationship> ha = c.highAvailability();
        for (int i = 0; i < ha.size(); i++) {
            HaRelationship r = ha.get(i);
            StringBuilder b = new StringBuilder("HA relationship ").append(i).append(": ").append(r.mode().keaName())
                    .append(", this server ").append(r.thisServerName()).append(" (")
                    .append(r.thisServer().role().keaName()).append(')');
            r.partner().ifPresent(p -> b.append(", partner ").append(p.name()).append(" at ").append(p.url()));
            if (!r.backups().isEmpty()) {
                b.append(", ").append(r.backups().size()).append(" backup(s)");
            }
            out.add(b.toString());
        }
        c.controlSocket().ifPresent(s -> out.add("control socket: " + s.socketName()));
        return out;
    }
}
