package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.LeaseDatabase;

/** {@code lease-database}: only memfile is implemented; the SQL backends and their keys are rejected. */
final class LeaseDatabaseParser {
    private static final String[] SQL_KEYS = {"user", "password", "host", "port", "connect-timeout", "read-timeout",
        "write-timeout", "tcp-user-timeout", "max-reconnect-tries", "reconnect-wait-time", "on-fail",
        "retry-on-startup", "trust-anchor", "cert-file", "key-file", "cipher-list", "readonly", "tcp-keepalive",
        "tcp-nodelay", "contact-points", "keyspace", "consistency", "serial-consistency", "request-timeout",
        "reconnect-wait-time", "max-statement-tries"};

    private LeaseDatabaseParser() {
    }

    static LeaseDatabase parse(Node node) throws ConfigException {
        MapReader m = MapReader.of(node, "lease-database");
        Node typeNode = m.require("type");
        String type = Values.string(typeNode);
        switch (type) {
            case "memfile":
                break;
            case "mysql":
            case "postgresql":
                throw typeNode.error("lease-database type '" + type + "' is not supported by Leasehold; use memfile");
            default:
                throw typeNode.error("unsupported value '" + type + "', expected one of memfile, mysql, postgresql");
        }
        for (String key : SQL_KEYS) {
            m.unsupported(key, "it only applies to the SQL lease databases, not to memfile");
        }
        Node nameNode = m.get("name");
        String name = nameNode == null ? LeaseDatabase.DEFAULT_NAME : Values.string(nameNode);
        if (name.isEmpty()) {
            throw nameNode.error("name must not be empty");
        }
        LeaseDatabase db = new LeaseDatabase(type,
                m.bool("persist", LeaseDatabase.DEFAULTS.persist()),
                name,
                m.uint32("lfc-interval", LeaseDatabase.DEFAULTS.lfcInterval()),
                m.uint32("max-row-errors", LeaseDatabase.DEFAULTS.maxRowErrors()));
        m.finish();
        return db;
    }
}
