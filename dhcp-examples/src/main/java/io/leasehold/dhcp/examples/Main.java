package io.leasehold.dhcp.examples;

/**
 * The standalone server, with kea-dhcp4's command line. (Bootstrap version: prints its version.)
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("leasehold-dhcp4 0.1.0-SNAPSHOT");
    }
}
