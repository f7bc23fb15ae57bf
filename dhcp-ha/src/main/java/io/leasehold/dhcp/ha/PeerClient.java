package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.control.ControlResult;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends HA commands to one peer, as Kea does: {@code POST /} with {@code Content-Type: application/json}, body
 * {@code {"command": ..., "service": ["dhcp4"], "arguments": {...}}}, over a keep-alive connection (optionally TLS
 * with a client certificate, optionally basic auth). Never blocks the caller.
 */
public interface PeerClient extends AutoCloseable {

    /**
     * Sends one command.
     *
     * @param arguments     the arguments map, or null for none
     * @param timeoutMillis how long to wait for the answer (Kea: 10 s; {@code sync-timeout} for lease4-get-page)
     * @return completes with the first answer of the peer's JSON array (results 0 and 3 are both answers; the
     *         caller decides what is success); completes exceptionally with {@link PeerException} on a connection
     *         error, timeout, non-200 status, or a body that is not a JSON array of answer maps (Kea treats a bare
     *         map as a failure, and so do we)
     */
    CompletableFuture<ControlResult> send(String command, Map<String, Object> arguments, long timeoutMillis);

    /** Closes connections; pending sends fail. */
    @Override
    void close();

    /** Why a command to a peer got no usable answer. */
    final class PeerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public PeerException(String message) {
            super(message);
        }

        public PeerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
