package io.leasehold.dhcp.ddns;

/**
 * Receives the name change requests the engine decides on (Kea's {@code queueNCR}). Called on packet-processing and
 * reclamation threads, so an implementation must not block: queue and return.
 */
@FunctionalInterface
public interface NameChangeSink {
    /** Discards every request. */
    NameChangeSink NONE = ncr -> { };

    void send(NameChangeRequest ncr);
}
