package io.leasehold.dhcp.store.sql;

/**
 * The lease database could not be used: unreachable, lost connection, or an unexpected database error. The message
 * names the database and the operation; the cause is the driver's exception.
 */
public class SqlStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SqlStoreException(String message) {
        super(message);
    }

    public SqlStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
