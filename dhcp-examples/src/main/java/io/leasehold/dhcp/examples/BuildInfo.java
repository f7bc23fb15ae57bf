package io.leasehold.dhcp.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Version and build report, for {@code -v}, {@code -V} and {@code -W}. */
final class BuildInfo {
    private static final Properties BUILD = load();

    private BuildInfo() {
    }

    static String version() {
        return BUILD.getProperty("version", "unknown");
    }

    /** Like kea-dhcp4 -V: version, then what it runs on and is linked with. */
    static String extendedVersion() {
        return version() + "\n"
                + "linked with:\n"
                + "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")\n"
                + "Netty " + BUILD.getProperty("netty") + "\n"
                + "jackson-core " + BUILD.getProperty("jackson") + "\n"
                + "SLF4J " + BUILD.getProperty("slf4j") + ", logback " + BUILD.getProperty("logback") + "\n"
                + "lease database:\n"
                + "Memfile backend (Kea CSV, 11 columns as Kea 2.2)\n";
    }

    /** Like kea-dhcp4 -W: what this build is and supports. */
    static String buildReport() {
        return """
                Leasehold DHCPv4 server build report
                -=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-
                 Package:
                   Name:              leasehold-dhcp4
                   Version:           %s
                 Runtime:
                   Java:              %s (%s)
                   OS:                %s %s (%s)
                 Configuration:
                   Format:            Kea DHCPv4 (Dhcp4 section of kea-dhcp4.conf)
                   Lease database:    memfile
                   Hook libraries:    libdhcp_lease_cmds.so, libdhcp_ha.so (built in)
                   HA identity:       --this-server-name or LEASEHOLD_THIS_SERVER_NAME
                """.formatted(version(), System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"));
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
