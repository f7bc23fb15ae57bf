package io.leasehold.dhcp.config;

/**
 * Kea's {@code lease-database}: the {@code memfile} type (Kea's CSV lease file) or one of the SQL types
 * {@code postgresql} and {@code mysql}, which use Kea's own database schema.
 *
 * @param type {@code type}: {@code memfile}, {@code postgresql} or {@code mysql}
 * @param persist {@code persist} (default true; false keeps memfile leases in memory only; Kea ignores it for the
 *        SQL types and so does Leasehold)
 * @param name {@code name}: the lease file for memfile ({@link #DEFAULT_NAME} when not configured), the database
 *        name for the SQL types (mandatory there)
 * @param lfcInterval {@code lfc-interval} in seconds (3600 when absent; 0 disables lease file cleanup; memfile only)
 * @param maxRowErrors {@code max-row-errors} (default 0 = unlimited bad rows tolerated on load; memfile only)
 * @param sql the connection settings of the SQL types; {@code null} for memfile
 */
public record LeaseDatabase(String type, boolean persist, String name, long lfcInterval, long maxRowErrors,
                            SqlSettings sql) {
    /** Kea's lease file location on Debian when {@code name} is absent. */
    public static final String DEFAULT_NAME = "/var/lib/kea/kea-leases4.csv";

    /** memfile, persisted to {@link #DEFAULT_NAME}, cleanup hourly. */
    public static final LeaseDatabase DEFAULTS = new LeaseDatabase("memfile", true, DEFAULT_NAME, 3600, 0);

    /** The {@code postgresql} type. */
    public static final String POSTGRESQL = "postgresql";
    /** The {@code mysql} type (MySQL and MariaDB). */
    public static final String MYSQL = "mysql";

    /** A memfile lease database (no SQL settings): the constructor of earlier versions. */
    public LeaseDatabase(String type, boolean persist, String name, long lfcInterval, long maxRowErrors) {
        this(type, persist, name, lfcInterval, maxRowErrors, null);
    }

    /** Whether this is one of the SQL types ({@link #sql()} is then not null). */
    public boolean isSql() {
        return sql != null;
    }
}
