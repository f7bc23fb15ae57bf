package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.ExpiredLeasesProcessing;
import io.leasehold.dhcp.config.MultiThreading;

/** The small service maps: {@code multi-threading} and {@code expired-leases-processing}. */
final class ServiceSectionsParser {
    private ServiceSectionsParser() {
    }

    // Kea 2.2 defaulted enable-multi-threading to false; 2.3.5+/2.4 default to true, and so does Leasehold.
    static MultiThreading multiThreading(Node node) throws ConfigException {
        MapReader m = MapReader.of(node, "multi-threading");
        MultiThreading d = MultiThreading.DEFAULTS;
        MultiThreading mt = new MultiThreading(m.bool("enable-multi-threading", d.enabled()),
                m.integer("thread-pool-size", d.threadPoolSize(), 0, 65535),
                m.uint32("packet-queue-size", d.packetQueueSize()));
        m.userContext();
        m.finish();
        return mt;
    }

    static ExpiredLeasesProcessing expiredLeases(Node node) throws ConfigException {
        MapReader m = MapReader.of(node, "expired-leases-processing");
        ExpiredLeasesProcessing d = ExpiredLeasesProcessing.DEFAULTS;
        ExpiredLeasesProcessing e = new ExpiredLeasesProcessing(
                m.uint32("reclaim-timer-wait-time", d.reclaimTimerWaitTime()),
                m.uint32("flush-reclaimed-timer-wait-time", d.flushReclaimedTimerWaitTime()),
                m.uint32("hold-reclaimed-time", d.holdReclaimedTime()),
                m.uint32("max-reclaim-leases", d.maxReclaimLeases()),
                m.uint32("max-reclaim-time", d.maxReclaimTime()),
                m.uint32("unwarned-reclaim-cycles", d.unwarnedReclaimCycles()));
        m.finish();
        return e;
    }
}
