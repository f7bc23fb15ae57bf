package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.codec.DhcpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Kea's failure detection by traffic analysis (DHCPv4): while communication with the partner is interrupted, every
 * query for a scope this server does not serve is looked at. A client (chaddr + client identifier) whose
 * {@code secs} exceeds {@code max-ack-delay} is "unacked": the partner did not answer it in time. The partner is
 * considered failed when more than {@code max-unacked-clients} distinct clients are unacked. Cleared by the next
 * successful heartbeat. Bounded: at most {@link #MAX_TRACKED} clients are remembered.
 */
final class UnackedClients {
    static final int MAX_TRACKED = 65_536;
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ha");

    private final String server;
    private final Map<String, Boolean> clients = new HashMap<>();
    private int unacked;
    private long analyzed;
    private boolean fullLogged;

    UnackedClients(String server) {
        this.server = server;
    }

    /** Looks at one query directed to the partner. */
    synchronized void analyze(DhcpMessage q, long maxAckDelayMillis, long maxUnacked) {
        analyzed++;
        int secs = q.secs();
        if (secs > 255 && (secs & 0xff) == 0) {
            // Some clients send the field byte-swapped; Kea swaps it back.
            secs = ((secs >> 8) | (secs << 8)) & 0xffff;
        }
        boolean isUnacked = secs * 1000L > maxAckDelayMillis;
        String key = key(q);
        Boolean known = clients.get(key);
        boolean newlyUnacked;
        if (known == null) {
            if (clients.size() >= MAX_TRACKED) {
                if (!fullLogged) {
                    fullLogged = true;
                    LOG.warn("LH_HA_UNACKED_TRACKING_FULL {}: tracking {} clients, ignoring new ones until the partner "
                            + "answers again", server, MAX_TRACKED);
                }
                return;
            }
            clients.put(key, isUnacked);
            newlyUnacked = isUnacked;
            if (!isUnacked) {
                LOG.info("LH_HA_COMMUNICATION_INTERRUPTED_CLIENT {}: new client {} attempting to get a lease from "
                        + "the partner", server, key);
            }
        } else {
            newlyUnacked = !known && isUnacked;
            if (newlyUnacked) {
                clients.put(key, true);
            }
        }
        if (newlyUnacked) {
            unacked++;
            long left = maxUnacked >= unacked ? maxUnacked - unacked + 1 : 0;
            LOG.info("LH_HA_COMMUNICATION_INTERRUPTED_CLIENT_UNACKED {}: partner did not respond to client {}; {} "
                    + "client(s) unacked so far, {} left before failure is declared", server, key, unacked, left);
        }
    }

    /** Kea's {@code failureDetected}: no analysis configured, or more unacked clients than allowed. */
    synchronized boolean failureDetected(long maxUnacked) {
        return maxUnacked == 0 || unacked > maxUnacked;
    }

    synchronized void clear() {
        clients.clear();
        unacked = 0;
        analyzed = 0;
        fullLogged = false;
    }

    synchronized int unacked() {
        return unacked;
    }

    synchronized int connecting() {
        return clients.size();
    }

    synchronized long analyzed() {
        return analyzed;
    }

    private static String key(DhcpMessage q) {
        HexFormat hex = HexFormat.ofDelimiter(":");
        byte[] cid = q.option(61);
        String hw = hex.formatHex(q.hardwareAddress().toByteArray());
        return cid == null ? "hw=" + hw : "hw=" + hw + " cid=" + hex.formatHex(cid);
    }
}
