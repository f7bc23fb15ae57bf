package io.leasehold.dhcp.store.memfile;

import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Lease4;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.file.Path;

/**
 * Child process of {@link DurabilityTest}: writes leases as fast as it can and prints each change to stdout only
 * after the store method returned ({@code a}/{@code d}/{@code u} before a call, {@code A}/{@code D}/{@code U} after
 * it), while cleanups run back to back in another thread, until it is killed. Every 50 leases it writes a byte 1 to
 * stderr so the parent can count progress (stdout goes to a file: the JDK may drop the tail of a pipe it is reading
 * when the child dies).
 *
 * <p>Arguments: lease file, first address index, fsync policy.
 */
public final class KillNineWriter {
    private KillNineWriter() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int first = Integer.parseInt(args[1]);
        MemfileConfig config = MemfileConfig.builder().name(file).lfcIntervalSeconds(0)
                .fsyncPolicy(FsyncPolicy.of(args[2])).build();
        MemfileLeaseStore store = MemfileLeaseStore.open(config);
        FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
        FileOutputStream progress = new FileOutputStream(FileDescriptor.err);
        java.util.function.Consumer<String> out = line -> {
            try {
                stdout.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            } catch (java.io.IOException e) {
                System.err.println("stdout failed: " + e);
                Runtime.getRuntime().halt(3);
            }
        };
        Thread cleaner = new Thread(() -> {
            while (true) {
                store.runLeaseFileCleanup();
            }
        }, "cleaner");
        cleaner.setDaemon(true);
        cleaner.start();
        for (int i = first; ; i++) {
            int a = 0x0A000000 + i;
            out.accept("a " + a);
            store.add(lease(a, TestLeases.NOW));
            out.accept("A " + a);
            if (i % 50 == 0) {
                try {
                    progress.write(1);
                } catch (java.io.IOException e) {
                    Runtime.getRuntime().halt(3);
                }
            }
            if (i % 3 == 0 && i > first) {
                long cltt = TestLeases.NOW + i;
                out.accept("u " + (a - 1) + " " + cltt);
                store.update(lease(a - 1, cltt));
                out.accept("U " + (a - 1) + " " + cltt);
            }
            if (i % 5 == 0 && i - 10 >= first) {
                out.accept("d " + (a - 10));
                store.delete(a - 10);
                out.accept("D " + (a - 10));
            }
        }
    }

    static Lease4 lease(int address, long cltt) {
        return Lease4.builder(address).hardwareAddress(HardwareAddress.ethernet(new byte[] {2, 0, 0, 0,
                (byte) (address >> 8), (byte) address})).validLifetime(3600).cltt(cltt).subnetId(1).build();
    }
}
