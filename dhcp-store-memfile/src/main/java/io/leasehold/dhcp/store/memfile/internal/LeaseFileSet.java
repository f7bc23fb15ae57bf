package io.leasehold.dhcp.store.memfile.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Kea's file names for lease file {@code F}: {@code F} (live, appended to), {@code F.1} (input: the rotated live
 * file), {@code F.2} (previous cleanup result), {@code F.output} (cleanup output being written),
 * {@code F.completed} (finished output) and {@code F.pid} (pid of the running cleanup).
 */
public record LeaseFileSet(Path live, Path input, Path previous, Path output, Path completed, Path pid) {

    public static LeaseFileSet of(Path name) {
        Path f = name.toAbsolutePath().normalize();
        return new LeaseFileSet(f, suffixed(f, ".1"), suffixed(f, ".2"), suffixed(f, ".output"),
                suffixed(f, ".completed"), suffixed(f, ".pid"));
    }

    private static Path suffixed(Path f, String suffix) {
        return f.resolveSibling(f.getFileName().toString() + suffix);
    }

    public Path directory() {
        return live.getParent();
    }

    /** Whether an earlier cleanup did not finish ({@code F.completed} or {@code F.1} is there). */
    public boolean cleanupPending() {
        return Files.exists(completed) || Files.exists(input);
    }

    /** fsyncs the directory so that renames, creations and deletions in it survive a power loss. */
    public void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
