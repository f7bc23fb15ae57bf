package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ControlAuthentication;
import io.leasehold.dhcp.config.ControlSocket;
import io.leasehold.dhcp.config.ExpiredLeasesProcessing;
import io.leasehold.dhcp.config.InterfacesConfig;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.LeaseDatabase;
import io.leasehold.dhcp.config.LoggerConfig;
import io.leasehold.dhcp.config.LoggerOutput;
import io.leasehold.dhcp.config.MultiThreading;
import io.leasehold.dhcp.config.ServerSettings;
import io.leasehold.dhcp.config.SqlSettings;
import io.leasehold.dhcp.lease.Ipv4;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * config-get's server sections: interfaces-config, control socket(s), lease-database, multi-threading,
 * expired-leases-processing, dhcp-queue-control, dhcp-ddns, sanity-checks, compatibility and loggers.
 */
final class ServicesRenderer {
    private ServicesRenderer() {
    }

    static void serverSections(Map<String, Object> m, KeaConfig c) {
        ServerSettings s = c.server();
        m.put("interfaces-config", interfaces(c.interfaces()));
        controlSockets(m, c.controlSockets());
        m.put("lease-database", leaseDatabase(c.leaseDatabase()));
        MultiThreading mt = c.multiThreading();
        Map<String, Object> threads = new LinkedHashMap<>();
        threads.put("enable-multi-threading", mt.enabled());
        threads.put("thread-pool-size", mt.threadPoolSize());
        threads.put("packet-queue-size", mt.packetQueueSize());
        m.put("multi-threading", threads);
        ExpiredLeasesProcessing e = c.expiredLeasesProcessing();
        Map<String, Object> expired = new LinkedHashMap<>();
        expired.put("reclaim-timer-wait-time", e.reclaimTimerWaitTime());
        expired.put("flush-reclaimed-timer-wait-time", e.flushReclaimedTimerWaitTime());
        expired.put("hold-reclaimed-time", e.holdReclaimedTime());
        expired.put("max-reclaim-leases", e.maxReclaimLeases());
        expired.put("max-reclaim-time", e.maxReclaimTime());
        expired.put("unwarned-reclaim-cycles", e.unwarnedReclaimCycles());
        m.put("expired-leases-processing", expired);
        ServerSettings.QueueControl q = s.queueControl();
        Map<String, Object> queue = new LinkedHashMap<>();
        queue.put("enable-queue", q.enableQueue());
        queue.put("queue-type", q.queueType());
        queue.put("capacity", q.capacity());
        m.put("dhcp-queue-control", queue);
        m.put("dhcp-ddns", dhcpDdns(s.dhcpDdns()));
        Map<String, Object> sanity = new LinkedHashMap<>();
        sanity.put("lease-checks", s.leaseChecks().keaName());
        if (!"fix".equals(s.extendedInfoChecks())) { // a Kea 2.4 key: only when not its default
            sanity.put("extended-info-checks", s.extendedInfoChecks());
        }
        m.put("sanity-checks", sanity);
        ServerSettings.Compatibility compat = s.compatibility();
        if (!compat.equals(ServerSettings.Compatibility.DEFAULTS)) { // Kea 2.4+: only when something is set
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("lenient-option-parsing", compat.lenientOptionParsing());
            cm.put("ignore-dhcp-server-identifier", compat.ignoreDhcpServerIdentifier());
            cm.put("ignore-rai-link-selection", compat.ignoreRaiLinkSelection());
            cm.put("exclude-first-last-24", compat.excludeFirstLast24());
            m.put("compatibility", cm);
        }
    }

    /** As Kea's CfgIface: dhcp-socket-type and the service-sockets keys only when not their defaults. */
    static Map<String, Object> interfaces(InterfacesConfig i) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> names = new ArrayList<>();
        for (InterfacesConfig.InterfaceSpec spec : i.interfaces()) {
            names.add(spec.toString());
        }
        m.put("interfaces", names);
        if (i.socketType() != InterfacesConfig.SocketType.RAW) {
            m.put("dhcp-socket-type", i.socketType().keaName());
        }
        if (i.outboundInterface() != InterfacesConfig.OutboundInterface.SAME_AS_INBOUND) {
            m.put("outbound-interface", i.outboundInterface().keaName());
        }
        if (i.serviceSocketsRequireAll()) {
            m.put("service-sockets-require-all", true);
        }
        if (i.serviceSocketsMaxRetries() != 0) {
            m.put("service-sockets-max-retries", i.serviceSocketsMaxRetries());
            m.put("service-sockets-retry-wait-time", i.serviceSocketsRetryWaitTime());
        }
        m.put("re-detect", i.reDetect());
        ConfigRenderer.userContext(m, i.userContext());
        return m;
    }

    /** Kea 2.2's single UNIX {@code control-socket}; Kea 3.0's {@code control-sockets} list when there is more. */
    private static void controlSockets(Map<String, Object> m, List<ControlSocket> sockets) {
        if (sockets.isEmpty()) {
            return;
        }
        if (sockets.size() == 1 && sockets.get(0).isUnix()) {
            m.put("control-socket", controlSocket(sockets.get(0)));
            return;
        }
        List<Object> all = new ArrayList<>();
        for (ControlSocket s : sockets) {
            all.add(controlSocket(s));
        }
        m.put("control-sockets", all);
    }

    private static Map<String, Object> controlSocket(ControlSocket s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("socket-type", s.socketType());
        if (s.isUnix()) {
            m.put("socket-name", s.socketName());
        } else {
            m.put("socket-address", s.socketAddress());
            m.put("socket-port", s.socketPort());
            if (s.tls()) {
                m.put("trust-anchor", s.trustAnchor());
                m.put("cert-file", s.certFile());
                m.put("key-file", s.keyFile());
                m.put("cert-required", s.certRequired());
            }
            s.authentication().ifPresent(a -> m.put("authentication", authentication(a)));
            if (!s.httpHeaders().isEmpty()) {
                List<Object> headers = new ArrayList<>();
                for (ControlSocket.HttpHeader h : s.httpHeaders()) {
                    Map<String, Object> hm = new LinkedHashMap<>();
                    hm.put("name", h.name());
                    hm.put("value", h.value());
                    headers.add(hm);
                }
                m.put("http-headers", headers);
            }
        }
        ConfigRenderer.userContext(m, s.userContext());
        return m;
    }

    private static Map<String, Object> authentication(ControlAuthentication a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", a.type());
        m.put("realm", a.realm());
        if (!a.directory().isEmpty()) {
            m.put("directory", a.directory());
        }
        List<Object> clients = new ArrayList<>();
        for (ControlAuthentication.Client client : a.clients()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            // secrets read from files stay in their files: show the file names, as Kea does
            if (client.userFile() != null) {
                cm.put("user-file", client.userFile());
            } else if (!client.userInPasswordFile()) {
                cm.put("user", client.user());
            }
            if (client.passwordFile() != null) {
                cm.put("password-file", client.passwordFile());
            } else {
                cm.put("password", client.password());
            }
            ConfigRenderer.userContext(cm, client.userContext());
            clients.add(cm);
        }
        m.put("clients", clients);
        return m;
    }

    /** Kea prints the lease database's parameters; Leasehold prints them with their defaults. */
    static Map<String, Object> leaseDatabase(LeaseDatabase db) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", db.type());
        m.put("name", db.name());
        if (db.maxRowErrors() != 0) {
            m.put("max-row-errors", db.maxRowErrors());
        }
        SqlSettings sql = db.sql();
        if (sql == null) {
            m.put("persist", db.persist());
            m.put("lfc-interval", db.lfcInterval());
            return m;
        }
        m.put("host", sql.host());
        if (sql.port() != 0) {
            m.put("port", sql.port());
        }
        m.put("user", sql.user());
        m.put("password", sql.password());
        m.put("connect-timeout", sql.connectTimeoutSeconds());
        m.put("max-reconnect-tries", sql.maxReconnectTries());
        m.put("reconnect-wait-time", sql.reconnectWaitTimeMillis());
        m.put("on-fail", sql.onFail().keaName());
        putIfNotZero(m, "read-timeout", sql.readTimeoutSeconds());
        putIfNotZero(m, "write-timeout", sql.writeTimeoutSeconds());
        putIfNotZero(m, "tcp-user-timeout", sql.tcpUserTimeoutSeconds());
        putIfNotEmpty(m, "trust-anchor", sql.trustAnchor());
        putIfNotEmpty(m, "cert-file", sql.certFile());
        putIfNotEmpty(m, "key-file", sql.keyFile());
        putIfNotEmpty(m, "cipher-list", sql.cipherList());
        return m;
    }

    private static Map<String, Object> dhcpDdns(ServerSettings.DhcpDdns d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enable-updates", d.enableUpdates());
        m.put("server-ip", d.serverIp());
        m.put("server-port", d.serverPort());
        m.put("sender-ip", d.senderIp());
        m.put("sender-port", d.senderPort());
        m.put("max-queue-size", d.maxQueueSize());
        m.put("ncr-protocol", d.ncrProtocol());
        m.put("ncr-format", d.ncrFormat());
        return m;
    }

    /** As Kea: output_options (Kea 2.2's spelling) with flush, maxsize, maxver and pattern filled in. */
    static List<Object> loggers(List<LoggerConfig> loggers) {
        List<Object> out = new ArrayList<>();
        for (LoggerConfig l : loggers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", l.name());
            m.put("severity", l.severity().name().toUpperCase(Locale.ROOT));
            m.put("debuglevel", l.debugLevel());
            List<Object> outputs = new ArrayList<>();
            for (LoggerOutput o : l.outputs()) {
                Map<String, Object> om = new LinkedHashMap<>();
                om.put("output", o.output());
                om.put("flush", o.flush());
                om.put("maxsize", o.maxSize());
                om.put("maxver", o.maxVer());
                om.put("pattern", o.pattern());
                outputs.add(om);
            }
            m.put("output_options", outputs);
            ConfigRenderer.userContext(m, l.userContext());
            out.add(m);
        }
        return out;
    }

    static String ip(int address) {
        return Ipv4.toString(address);
    }

    private static void putIfNotZero(Map<String, Object> m, String key, long value) {
        if (value != 0) {
            m.put(key, value);
        }
    }

    private static void putIfNotEmpty(Map<String, Object> m, String key, String value) {
        if (!value.isEmpty()) {
            m.put(key, value);
        }
    }
}
