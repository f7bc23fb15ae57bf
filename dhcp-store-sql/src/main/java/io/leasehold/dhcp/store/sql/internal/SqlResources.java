package io.leasehold.dhcp.store.sql.internal;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.leasehold.dhcp.config.LeaseDatabase;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one open store holds: the connection pool, the TLS files made for the driver, the connection monitor, and
 * how the database is named in messages. Closed together.
 */
record SqlResources(LeaseDatabase settings, String label, HikariDataSource pool, TlsMaterial tls,
                    ConnectionMonitor monitor, Jdbc jdbc, String schemaVersion) {

    Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", settings.type());
        m.put("name", settings.name());
        m.put("host", settings.sql().host());
        m.put("port", settings.sql().port());
        m.put("schema-version", schemaVersion);
        m.putAll(monitor.status());
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        if (bean != null) {
            m.put("connections-active", bean.getActiveConnections());
            m.put("connections-idle", bean.getIdleConnections());
        }
        m.put("connections-max", pool.getMaximumPoolSize());
        return m;
    }

    void close() {
        monitor.close();
        pool.close();
        tls.close();
    }
}
