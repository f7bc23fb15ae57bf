package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.HaRelationship;
import io.leasehold.dhcp.config.HookLibrary;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code hooks-libraries}: Leasehold implements {@code libdhcp_lease_cmds.so}, {@code libdhcp_stat_cmds.so} and
 * {@code libdhcp_ha.so} itself and
 * recognises them by file name; Kea's other hook libraries are rejected as not supported, anything else as unknown.
 */
final class HooksParser {
    private static final Set<String> OTHER_KEA_HOOKS = Set.of("libdhcp_bootp.so", "libdhcp_flex_id.so",
            "libdhcp_flex_option.so", "libdhcp_host_cache.so", "libdhcp_host_cmds.so", "libdhcp_lease_query.so",
            "libdhcp_legal_log.so", "libdhcp_limits.so", "libdhcp_mysql_cb.so", "libdhcp_pgsql_cb.so",
            "libdhcp_cb_cmds.so", "libdhcp_class_cmds.so", "libdhcp_subnet_cmds.so",
            "libdhcp_run_script.so", "libdhcp_radius.so", "libdhcp_ddns_tuning.so", "libdhcp_ping_check.so",
            "libdhcp_perfmon.so", "libdhcp_user_chk.so", "libdhcp_gss_tsig.so", "libdhcp_mysql.so",
            "libdhcp_pgsql.so", "libdhcp_forensic_log.so", "libddns_gss_tsig.so");

    private HooksParser() {
    }

    static List<HookLibrary> parse(List<Node> entries, ParseContext ctx) throws ConfigException {
        List<HookLibrary> out = new ArrayList<>();
        Map<HookLibrary.Kind, Node> seen = new EnumMap<>(HookLibrary.Kind.class);
        for (Node entry : entries) {
            MapReader m = MapReader.of(entry, "hooks-libraries entry");
            Node libraryNode = m.require("library");
            String library = Values.string(libraryNode).trim();
            HookLibrary.Kind kind = kind(libraryNode, library);
            Node previous = seen.putIfAbsent(kind, libraryNode);
            if (previous != null) {
                throw libraryNode.error(kind.fileName() + " is already loaded (at " + previous.path() + ")");
            }
            Node parameters = m.get("parameters");
            List<HaRelationship> ha = List.of();
            if (kind == HookLibrary.Kind.HIGH_AVAILABILITY) {
                if (parameters == null) {
                    throw m.error("libdhcp_ha.so needs parameters with a high-availability list");
                }
                ha = HaParser.parse(parameters, ctx);
            } else if (parameters != null && !Values.map(parameters).members().isEmpty()) {
                throw parameters.error(kind.fileName() + " takes no parameters");
            }
            out.add(new HookLibrary(library, kind, ha, m.userContext()));
            m.finish();
        }
        if (seen.containsKey(HookLibrary.Kind.HIGH_AVAILABILITY) && !seen.containsKey(HookLibrary.Kind.LEASE_CMDS)) {
            ctx.warn(seen.get(HookLibrary.Kind.HIGH_AVAILABILITY).location(), "libdhcp_ha.so is loaded without "
                    + "libdhcp_lease_cmds.so; HA partners need the lease commands to send lease updates here");
        }
        return out;
    }

    private static HookLibrary.Kind kind(Node node, String library) throws ConfigException {
        if (library.isEmpty()) {
            throw node.error("library must not be empty");
        }
        String file = library.substring(library.lastIndexOf('/') + 1);
        for (HookLibrary.Kind kind : HookLibrary.Kind.values()) {
            if (kind.fileName().equals(file)) {
                return kind;
            }
        }
        if (OTHER_KEA_HOOKS.contains(file)) {
            throw node.error("hook library " + file + " is not supported by Leasehold (supported: "
                    + "libdhcp_lease_cmds.so, libdhcp_stat_cmds.so, libdhcp_ha.so)");
        }
        throw node.error("unknown hook library '" + library + "' (Leasehold implements libdhcp_lease_cmds.so, "
                + "libdhcp_stat_cmds.so and libdhcp_ha.so)");
    }
}
