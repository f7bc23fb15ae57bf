package io.leasehold.dhcp.store.memfile;

/**
 * A lease file set cannot be opened or used: an invalid header, more bad rows than {@code max-row-errors}, a
 * running {@code kea-lfc}, an I/O error. The message names the file and, where there is one, the line.
 */
public class LeaseFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LeaseFileException(String message) {
        super(message);
    }

    public LeaseFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
