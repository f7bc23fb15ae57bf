package io.leasehold.dhcp.server.internal;

import io.leasehold.dhcp.config.KeaConfigLoader;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.Subnet4;
import io.leasehold.dhcp.config.internal.ConfigRenderer;
import io.leasehold.dhcp.control.CommandException;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.control.internal.Json;
import io.leasehold.dhcp.engine.DhcpEngine;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.server.ServerExtension;
import io.leasehold.dhcp.transport.PacketDispatcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kea's core commands: {@code status-get}, {@code version-get}, {@code build-report}, {@code config-get},
 * {@code config-test}, {@code config-set}, {@code config-reload}, {@code config-write}, {@code shutdown},
 * {@code leases-reclaim}, {@code server-tag-get}.
 */
public final class CoreCommands {
    /** Leasehold's version, as {@code version-get} reports it. */
    public static final String VERSION = "0.1.0";
    private static final JsonFactory LENIENT = JsonFactory.builder().build()
            .enable(JsonParser.Feature.ALLOW_COMMENTS).enable(JsonParser.Feature.ALLOW_YAML_COMMENTS);

    private CoreCommands() {
    }

    public static void register(CommandRegistry r, ServerControl server) {
        r.register("version-get", c -> ControlResult.success(VERSION, Map.of("extended", VERSION
                + "\nLeasehold DHCPv4 server for the JVM\nKea 2.2 compatible configuration, memfile and HA\nJava "
                + Runtime.version())));
        r.register("build-report", c -> ControlResult.success("Leasehold " + VERSION + "\nJava " + Runtime.version()
                + "\nNetty, JCTools, jackson-core, SLF4J"));
        r.register("server-tag-get", c -> ControlResult.success(null,
                Map.of("server-tag", server.config().server().serverTag())));
        r.register("status-get", c -> ControlResult.success(null, status(server)));
        r.register("shutdown", c -> {
            long exit = c.args().optLong("exit-value").orElse(0L);
            server.requestShutdown((int) exit);
            return ControlResult.success("Shutting down.");
        });
        r.register("leases-reclaim", c -> {
            server.reclaimExpiredLeases(c.args().requireBoolean("remove"));
            return ControlResult.success("Reclamation of expired leases is complete.");
        });
        r.register("config-get", c -> ControlResult.success(null, c.args().optBoolean("original").orElse(false)
                ? originalConfig(server) : currentConfig(server)));
        r.register("config-test", c -> {
            parseArguments(c.args().raw(), "<config-test>");
            return ControlResult.success("Configuration seems sane. Control-socket, hook-libraries, and D2 "
                    + "configuration were sanity checked, but not applied.");
        });
        r.register("config-set", c -> {
            KeaConfig next = parseArguments(c.args().raw(), "<config-set>");
            apply(server, next, Json.write(c.args().raw()));
            return ControlResult.success("Configuration successful.");
        });
        r.register("config-reload", c -> {
            if (server.configFile() == null) {
                throw new CommandException("Config reload failed: the server was not started from a file");
            }
            try {
                server.reloadConfig();
            } catch (IOException | ConfigException e) {
                throw new CommandException("Config reload failed: " + e.getMessage());
            }
            return ControlResult.success("Configuration successful.");
        });
        r.register("config-write", c -> {
            Path file = c.args().optString("filename").map(Path::of).orElse(server.configFile());
            if (file == null) {
                throw new CommandException("Unable to determine filename. Please specify valid filename");
            }
            long size;
            try {
                size = writeConfig(server, file);
            } catch (IOException e) {
                throw new CommandException("Unable to write to file " + file + ": " + e.getMessage());
            }
            return ControlResult.success("Configuration written to " + file + " successful",
                    Map.of("filename", file.toString(), "size", size));
        });
    }

    /** Writes the configuration in force to {@code file} (config-write); returns the bytes written. */
    public static long writeConfig(ServerControl server, Path file) throws IOException {
        byte[] text = (Json.writePretty(currentConfig(server)) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.write(file, text);
        return text.length;
    }

    /** As Kea: only {@code Dhcp4}, which must be a map. */
    private static KeaConfig parseArguments(Map<String, Object> args, String source) {
        if (!args.containsKey("Dhcp4")) {
            throw new CommandException("Missing mandatory 'Dhcp4' parameter.");
        }
        for (String k : args.keySet()) {
            if (!k.equals("Dhcp4")) {
                throw new CommandException("Unsupported '" + k + "' parameter.");
            }
        }
        if (!(args.get("Dhcp4") instanceof Map)) {
            throw new CommandException("'Dhcp4' parameter expected to be a map.");
        }
        try {
            return KeaConfigLoader.parse(Json.write(args), source);
        } catch (ConfigException e) {
            throw new CommandException(e.getMessage());
        }
    }

    private static void apply(ServerControl server, KeaConfig next, String text) {
        try {
            server.reconfigure(next, text);
        } catch (ConfigException e) {
            throw new CommandException(e.getMessage());
        }
    }

    /**
     * The configuration in force as Kea's config-get and config-write show it: {@code {"Dhcp4": {...}}} rendered from
     * the validated model, with Kea's defaults filled in.
     */
    public static Map<String, Object> currentConfig(ServerControl server) {
        return ConfigRenderer.render(server.config());
    }

    /** The configuration in force as it was given (config-get with {"original": true}; comments dropped). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> originalConfig(ServerControl server) {
        String text = server.configText();
        if (text == null) {
            throw new CommandException("the configuration was given as objects; its JSON text is not available");
        }
        try (JsonParser p = LENIENT.createParser(text)) {
            Object v = Json.readValue(p);
            return (Map<String, Object>) v;
        } catch (IOException e) {
            throw new CommandException("cannot render the configuration: " + e.getMessage());
        }
    }

    public static Map<String, Object> status(ServerControl server) {
        Map<String, Object> m = new LinkedHashMap<>();
        boolean mt = server.config().multiThreading().enabled();
        m.put("multi-threading-enabled", mt);
        m.put("pid", ProcessHandle.current().pid());
        m.put("reload", server.secondsSinceReload());
        m.put("sockets", Map.of("status", "ready"));
        m.put("uptime", server.uptimeSeconds());
        if (mt) {
            long threads = server.config().multiThreading().threadPoolSize();
            m.put("thread-pool-size", threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
            m.put("packet-queue-size", server.config().multiThreading().packetQueueSize());
            PacketDispatcher d = server.dispatcher();
            double depth = d == null ? 0 : d.queueDepth();
            m.put("packet-queue-statistics", List.of(depth, depth, depth));
            // Leasehold's own (Kea 2.2 counts neither): packets the full queue dropped (its oldest, once older than
            // 200 ms), and packets the I/O thread ran itself (the workers idle, or a full queue of fresh packets)
            m.put("packet-queue-full-drops", d == null ? 0 : d.queueFullDrops());
            m.put("packet-inline-runs", d == null ? 0 : d.inlineRuns());
        }
        m.put("send-failures", server.sendFailures());
        m.put("dhcp-state", Map.of("disabled-by-origins", List.copyOf(server.service().disabledBy()),
                "globally-disabled", !server.service().isEnabled()));
        for (ServerExtension e : server.extensions()) {
            e.status(m);
        }
        return m;
    }

    /** Kea's subnet choice for a lease given in a command, with Kea's texts. */
    public static long resolveSubnet(DhcpEngine engine, long requested, int address) {
        if (requested == 0) {
            long id = engine.subnetFor(address);
            if (id == 0) {
                throw new CommandException(4, "subnet-id not specified and failed to find a subnet for address "
                        + Ipv4.toString(address));
            }
            return id;
        }
        Subnet4 s = engine.subnet(requested).orElseThrow(() -> new CommandException(4,
                "Invalid subnet-id: No IPv4 subnet with subnet-id=" + requested + " currently configured."));
        if (!s.contains(address)) {
            throw new CommandException(4, "The address " + Ipv4.toString(address) + " does not belong to subnet "
                    + s.prefix() + ", subnet-id=" + requested);
        }
        return requested;
    }
}
