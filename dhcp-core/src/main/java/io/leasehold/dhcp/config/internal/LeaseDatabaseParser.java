package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.LeaseDatabase;
import io.leasehold.dhcp.config.SqlSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code lease-database}: memfile, or the SQL types postgresql and mysql with Kea's connection keys (Kea 2.2, plus
 * Kea 2.4's {@code read-timeout}, {@code write-timeout} and {@code tcp-user-timeout}).
 */
final class LeaseDatabaseParser {
    private static final String[] SQL_KEYS = {"user", "password", "host", "port", "connect-timeout", "read-timeout",
        "write-timeout", "tcp-user-timeout", "max-reconnect-tries", "reconnect-wait-time", "on-fail",
        "retry-on-startup", "trust-anchor", "cert-file", "key-file", "cipher-list", "readonly", "tcp-keepalive",
        "tcp-nodelay", "contact-points", "keyspace", "consistency", "serial-consistency", "request-timeout",
        "reconnect-wait-time", "max-statement-tries"};
    private static final String[] CASSANDRA_KEYS = {"contact-points", "keyspace", "consistency", "serial-consistency",
        "request-timeout", "tcp-keepalive", "tcp-nodelay", "max-statement-tries"};
    private static final Map<String, SqlSettings.OnFail> ON_FAIL = new LinkedHashMap<>();

    static {
        for (SqlSettings.OnFail f : SqlSettings.OnFail.values()) {
            ON_FAIL.put(f.keaName(), f);
        }
    }

    private LeaseDatabaseParser() {
    }

    static LeaseDatabase parse(Node node) throws ConfigException {
        MapReader m = MapReader.of(node, "lease-database");
        Node typeNode = m.require("type");
        String type = Values.string(typeNode);
        switch (type) {
            case "memfile":
                return memfile(m, type);
            case LeaseDatabase.MYSQL:
            case LeaseDatabase.POSTGRESQL:
                return sql(m, type);
            default:
                throw typeNode.error("unsupported value '" + type + "', expected one of memfile, mysql, postgresql");
        }
    }

    private static LeaseDatabase memfile(MapReader m, String type) throws ConfigException {
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

    private static LeaseDatabase sql(MapReader m, String type) throws ConfigException {
        for (String key : CASSANDRA_KEYS) {
            m.unsupported(key, "it belongs to the Cassandra lease backend, which Leasehold does not implement");
        }
        m.unsupported("readonly", "it only applies to host databases");
        m.unsupported("retry-on-startup", "the server does not start while the lease database is unreachable,"
                + " as Kea 2.2");
        Node nameNode = m.get("name");
        if (nameNode == null) {
            throw m.error("missing mandatory parameter 'name' (the database name) in lease-database of type '"
                    + type + "'");
        }
        String name = Values.string(nameNode);
        if (name.isEmpty()) {
            throw nameNode.error("name must not be empty");
        }
        String host = m.string("host", SqlSettings.DEFAULT_HOST);
        if (host.isEmpty()) {
            throw m.get("host").error("host must not be empty");
        }
        int max = Integer.MAX_VALUE;
        SqlSettings sql = new SqlSettings(host,
                (int) m.integer("port", 0, 0, 65535),
                m.string("user", ""),
                m.string("password", ""),
                m.integer("connect-timeout", SqlSettings.DEFAULT_CONNECT_TIMEOUT_SECONDS, 1, max),
                m.integer("max-reconnect-tries", 0, 0, max),
                m.uint32("reconnect-wait-time", 0),
                m.choice("on-fail", SqlSettings.OnFail.STOP_RETRY_EXIT, ON_FAIL),
                m.integer("read-timeout", 0, 0, max),
                m.integer("write-timeout", 0, 0, max),
                m.integer("tcp-user-timeout", 0, 0, max),
                m.string("trust-anchor", ""),
                m.string("cert-file", ""),
                m.string("key-file", ""),
                m.string("cipher-list", ""));
        // Kea accepts the memfile keys with the SQL types and ignores them; so does Leasehold.
        LeaseDatabase db = new LeaseDatabase(type,
                m.bool("persist", LeaseDatabase.DEFAULTS.persist()),
                name,
                m.uint32("lfc-interval", LeaseDatabase.DEFAULTS.lfcInterval()),
                m.uint32("max-row-errors", LeaseDatabase.DEFAULTS.maxRowErrors()),
                sql);
        m.finish();
        return db;
    }
}
