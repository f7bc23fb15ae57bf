package io.leasehold.dhcp.ha.http;

import io.leasehold.dhcp.config.HaMode;
import io.leasehold.dhcp.config.HaMultiThreading;
import io.leasehold.dhcp.config.HaPeer;
import io.leasehold.dhcp.config.HaRelationship;
import io.leasehold.dhcp.config.HaRole;
import io.leasehold.dhcp.config.HaTls;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.ha.PeerClient;
import io.leasehold.dhcp.ha.http.internal.HttpPeerClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** Builds HA configuration objects for client tests and waits for futures with a bound. */
final class TestPeers {
    static final String THIS = "leasehold";
    static final String PARTNER = "partner";

    private TestPeers() {
    }

    static HaPeer peer(String url) {
        return peer(url, null, null, null, HaTls.NONE);
    }

    static HaPeer peer(String url, String user, String password, String passwordFile, HaTls tls) {
        return new HaPeer(PARTNER, URI.create(url), HaRole.STANDBY, true, Optional.ofNullable(user),
                Optional.ofNullable(password), Optional.ofNullable(passwordFile), tls, Optional.empty());
    }

    static HaRelationship relationship(HaPeer partner, HaTls tls, HaMultiThreading mt) {
        HaPeer self = new HaPeer(THIS, URI.create("http://127.0.0.1:1/"), HaRole.PRIMARY, true, Optional.empty(),
                Optional.empty(), Optional.empty(), HaTls.NONE, Optional.empty());
        return new HaRelationship(THIS, HaMode.HOT_STANDBY, 10000, 60000, 10000, 10, 10, 0, true, true, 60000, 10000,
                false, true, false, tls, mt, List.of(self, partner), List.of());
    }

    static HaRelationship relationship(HaPeer partner) {
        return relationship(partner, HaTls.NONE, HaMultiThreading.DEFAULTS);
    }

    static ControlResult ok(CompletableFuture<ControlResult> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    /** Waits for the future to fail and returns its PeerException. */
    static PeerClient.PeerException failure(CompletableFuture<ControlResult> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
        return assertInstanceOf(PeerClient.PeerException.class, e.getCause());
    }

    static int openConnections(PeerClient c) throws Exception {
        return ((HttpPeerClient) c).openConnections().get(5, TimeUnit.SECONDS);
    }

    /** Waits until the client has noticed that its connections closed. */
    static void awaitNoConnections(PeerClient c) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (openConnections(c) != 0) {
            if (System.nanoTime() > deadline) {
                fail("the client still has open connections");
            }
            Thread.sleep(5);
        }
    }

    /** Polls a condition that depends on another thread noticing a socket event; bounded. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }
}
