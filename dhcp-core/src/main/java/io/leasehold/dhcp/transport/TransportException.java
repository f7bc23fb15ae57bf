package io.leasehold.dhcp.transport;

/**
 * The transport could not start: a missing interface, a port in use, no permission. The message names the
 * interface, address and port and says what to do, as Kea's start-up errors do.
 */
public final class TransportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
