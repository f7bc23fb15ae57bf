package io.leasehold.dhcp.config;

import java.util.Objects;

/**
 * The connection keys of Kea's {@code lease-database} for the SQL types {@code postgresql} and {@code mysql} (the
 * database name is {@link LeaseDatabase#name()}). Times are in the units Kea uses for each key.
 *
 * @param host {@code host} (default {@code localhost})
 * @param port {@code port}; 0 (the default) means the database's usual port (5432 or 3306)
 * @param user {@code user}, or empty
 * @param password {@code password}, or empty; never printed by {@link #toString()}
 * @param connectTimeoutSeconds {@code connect-timeout} in seconds (default 5, at least 1)
 * @param maxReconnectTries {@code max-reconnect-tries} after a lost connection (default 0: no reconnect attempts)
 * @param reconnectWaitTimeMillis {@code reconnect-wait-time} between attempts, in milliseconds (default 0)
 * @param onFail {@code on-fail}: what the server does while the database is lost (default
 *        {@link OnFail#STOP_RETRY_EXIT})
 * @param readTimeoutSeconds {@code read-timeout} (Kea 2.4+, MySQL only; 0 = the driver's default)
 * @param writeTimeoutSeconds {@code write-timeout} (Kea 2.4+, MySQL only; 0 = the driver's default)
 * @param tcpUserTimeoutSeconds {@code tcp-user-timeout} (Kea 2.4+, PostgreSQL only; 0 = the driver's default)
 * @param trustAnchor {@code trust-anchor}: CA file (or directory for MySQL) to verify the server, or empty
 * @param certFile {@code cert-file}: client certificate, or empty
 * @param keyFile {@code key-file}: client private key, or empty
 * @param cipherList {@code cipher-list}, or empty
 */
public record SqlSettings(String host, int port, String user, String password, long connectTimeoutSeconds,
                          long maxReconnectTries, long reconnectWaitTimeMillis, OnFail onFail,
                          long readTimeoutSeconds, long writeTimeoutSeconds, long tcpUserTimeoutSeconds,
                          String trustAnchor, String certFile, String keyFile, String cipherList) {
    /** Kea's default {@code host}. */
    public static final String DEFAULT_HOST = "localhost";
    /** Kea's default {@code connect-timeout} (seconds), for both SQL types. */
    public static final long DEFAULT_CONNECT_TIMEOUT_SECONDS = 5;

    public SqlSettings {
        Objects.requireNonNull(host);
        Objects.requireNonNull(user);
        Objects.requireNonNull(password);
        Objects.requireNonNull(onFail);
        Objects.requireNonNull(trustAnchor);
        Objects.requireNonNull(certFile);
        Objects.requireNonNull(keyFile);
        Objects.requireNonNull(cipherList);
    }

    /** Whether any TLS key is set (Kea then connects with TLS). */
    public boolean tls() {
        return !trustAnchor.isEmpty() || !certFile.isEmpty() || !keyFile.isEmpty() || !cipherList.isEmpty();
    }

    /** Whether a lost connection is retried ({@code max-reconnect-tries} and {@code reconnect-wait-time} set). */
    public boolean reconnects() {
        return maxReconnectTries > 0 && reconnectWaitTimeMillis > 0;
    }

    @Override
    public String toString() {
        return "SqlSettings[host=" + host + ", port=" + port + ", user=" + user + ", password="
                + (password.isEmpty() ? "" : "*****") + ", connect-timeout=" + connectTimeoutSeconds
                + ", max-reconnect-tries=" + maxReconnectTries + ", reconnect-wait-time=" + reconnectWaitTimeMillis
                + ", on-fail=" + onFail.keaName() + ", read-timeout=" + readTimeoutSeconds + ", write-timeout="
                + writeTimeoutSeconds + ", tcp-user-timeout=" + tcpUserTimeoutSeconds + ", trust-anchor="
                + trustAnchor + ", cert-file=" + certFile + ", key-file=" + keyFile + ", cipher-list=" + cipherList
                + "]";
    }

    /** Kea's {@code on-fail}: what happens while the lease database connection is lost. */
    public enum OnFail {
        /** Stop serving clients while reconnecting; shut down when the tries are used up (Kea's default). */
        STOP_RETRY_EXIT("stop-retry-exit"),
        /** Keep serving (queries needing the database fail) while reconnecting; shut down when the tries are used up. */
        SERVE_RETRY_EXIT("serve-retry-exit"),
        /** Keep serving while reconnecting and after the tries are used up. */
        SERVE_RETRY_CONTINUE("serve-retry-continue");

        private final String keaName;

        OnFail(String keaName) {
            this.keaName = keaName;
        }

        /** The value as written in Kea's configuration. */
        public String keaName() {
            return keaName;
        }

        /** Whether the DHCP service is disabled while the connection is lost. */
        public boolean stopsService() {
            return this == STOP_RETRY_EXIT;
        }

        /** Whether the server shuts down once reconnecting has failed. */
        public boolean exitsOnFailure() {
            return this != SERVE_RETRY_CONTINUE;
        }
    }
}
