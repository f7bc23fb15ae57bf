package io.leasehold.dhcp.store.memfile.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Kea's LFC pid file: the decimal pid and a newline. */
public final class PidFile {
    private PidFile() {
    }

    /** The pid in the file; empty when the file is missing or holds no number. */
    public static OptionalLong read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The pid of another live process holding {@code file}, or empty (missing, unreadable, dead or our own). */
    public static OptionalLong runningOther(Path file) throws IOException {
        OptionalLong pid = read(file);
        if (pid.isEmpty() || pid.getAsLong() == ProcessHandle.current().pid()) {
            return OptionalLong.empty();
        }
        boolean alive = ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false);
        return alive ? pid : OptionalLong.empty();
    }

    public static void writeOwn(Path file) throws IOException {
        Files.writeString(file, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
    }
}
