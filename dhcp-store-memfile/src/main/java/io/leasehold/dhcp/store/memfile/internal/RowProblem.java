package io.leasehold.dhcp.store.memfile.internal;

import java.nio.file.Path;

/** A lease-file row that was skipped: file, 1-based line number (header and blank lines count) and why. */
public record RowProblem(Path file, long line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
