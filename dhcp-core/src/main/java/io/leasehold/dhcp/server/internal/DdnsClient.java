package io.leasehold.dhcp.server.internal;

import io.leasehold.dhcp.config.ServerSettings.DhcpDdns;
import io.leasehold.dhcp.ddns.NameChangeRequest;
import io.leasehold.dhcp.ddns.NameChangeSink;
import io.leasehold.dhcp.ddns.internal.NcrUdpSender;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The server's connection to kea-dhcp-ddns (Kea's {@code D2ClientMgr}): a UDP sender while
 * {@code dhcp-ddns.enable-updates} is true, replaced when a reconfiguration changes {@code dhcp-ddns}, closed
 * with the server. Requests arriving while updates are off are dropped (the engine does not make any then).
 */
final class DdnsClient implements NameChangeSink, AutoCloseable {
    private volatile NcrUdpSender sender;
    private DhcpDdns current;

    /**
     * Starts, replaces or stops the sender for the settings. On failure the previous sender keeps running.
     *
     * @throws IOException when the sending socket cannot be bound
     */
    synchronized void apply(DhcpDdns next) throws IOException {
        if (Objects.equals(next, current)) {
            return;
        }
        NcrUdpSender old = sender;
        if (!next.enableUpdates()) {
            sender = null;
            current = next;
            if (old != null) {
                old.close();
            }
            return;
        }
        // The same fixed sender port cannot be bound twice: close the old socket first and reopen it on failure.
        boolean sameLocal = old != null && next.senderPort() != 0 && next.senderPort() == current.senderPort()
                && next.senderIp().equals(current.senderIp());
        if (sameLocal) {
            old.close();
        }
        NcrUdpSender opened;
        try {
            opened = open(next);
        } catch (IOException e) {
            if (sameLocal) {
                sender = open(current);
            }
            throw e;
        }
        sender = opened;
        current = next;
        if (old != null && !sameLocal) {
            old.close();
        }
    }

    private static NcrUdpSender open(DhcpDdns c) throws IOException {
        InetSocketAddress from = new InetSocketAddress(InetAddress.getByName(c.senderIp()), (int) c.senderPort());
        InetSocketAddress to = new InetSocketAddress(InetAddress.getByName(c.serverIp()), (int) c.serverPort());
        try {
            return new NcrUdpSender(from, to, c.maxQueueSize());
        } catch (IOException e) {
            throw new IOException("cannot open the DHCP-DDNS sender socket on " + from + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void send(NameChangeRequest ncr) {
        NcrUdpSender s = sender;
        if (s != null) {
            s.send(ncr);
        }
    }

    /** The running sender, or null when updates are off. */
    NcrUdpSender sender() {
        return sender;
    }

    @Override
    public synchronized void close() {
        if (sender != null) {
            sender.close();
            sender = null;
        }
        current = null;
    }
}
