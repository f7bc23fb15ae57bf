package io.leasehold.dhcp.store.sql;

import io.leasehold.dhcp.lease.LeaseStore;
import java.util.Map;

/**
 * A {@link LeaseStore} in Kea's SQL schema. Besides the store contract it tells the state of its database
 * connection, so a server can stop serving while the database is lost (Kea's {@code on-fail}).
 *
 * <p>Every method throws {@link SqlStoreException} when the database cannot be used; the change was then not made
 * (or, for a lost connection during a commit, its outcome is unknown and the caller must not answer the client).
 */
public interface SqlLeaseStore extends LeaseStore {

    /** Kea's {@code lease-database.type}: {@code postgresql} or {@code mysql}. */
    String type();

    /** The schema version found at open, e.g. {@code 13.0}. */
    String schemaVersion();

    /** The state of the database connection. */
    ConnectionState connectionState();

    /** Adds a listener told about every change of {@link #connectionState()} (on the thread that saw it). */
    void addConnectionListener(ConnectionListener listener);

    /** What {@code status-get} shows about the lease database: type, name, state, reconnect attempts. */
    Map<String, Object> status();

    /** The state of the connection to the lease database. */
    enum ConnectionState {
        /** The database answers. */
        CONNECTED,
        /** The database stopped answering; reconnect attempts are running (or, without them, calls retry it). */
        LOST,
        /** Every reconnect attempt failed ({@code max-reconnect-tries} used up). */
        FAILED,
        /** The store was closed. */
        CLOSED;

        /** The name shown by {@code status-get}. */
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Told about connection state changes. */
    @FunctionalInterface
    interface ConnectionListener {
        /** The state went from {@code previous} to {@code current}. Must not block. */
        void stateChanged(ConnectionState previous, ConnectionState current);
    }
}
