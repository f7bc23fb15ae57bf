package io.leasehold.dhcp.store.sql.internal;

import io.leasehold.dhcp.config.SqlSettings;
import io.leasehold.dhcp.store.sql.SqlLeaseStore.ConnectionListener;
import io.leasehold.dhcp.store.sql.SqlLeaseStore.ConnectionState;
import io.leasehold.dhcp.store.sql.SqlStoreException;
import io.leasehold.dhcp.time.Scheduler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kea's database reconnect control for one store: when a call finds the connection lost, the state becomes
 * {@link ConnectionState#LOST} and, with {@code max-reconnect-tries} and {@code reconnect-wait-time} set, a probe
 * runs every {@code reconnect-wait-time} ms until it succeeds ({@link ConnectionState#CONNECTED}) or the tries are
 * used up ({@link ConnectionState#FAILED}). While the probes run, calls fail at once instead of waiting for the
 * connect timeout. Without probes (or after they failed, with {@code serve-retry-continue}) calls still try the
 * database, and the first that succeeds restores the state. The probe runs on its own thread, never on the
 * scheduler's.
 */
final class ConnectionMonitor {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.store.sql");

    private final String label;
    private final SqlSettings settings;
    private final Scheduler scheduler;
    private final Supplier<String> probe;
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService prober;
    private volatile ConnectionState state = ConnectionState.CONNECTED;
    private volatile boolean probing;
    private volatile String lastError = "";
    private int attempts;
    private long lostCount;
    private Scheduler.Cancellable timer;

    /**
     * @param label how the database is named in logs, e.g. {@code postgresql 'kea' on db:5432}
     * @param probe opens a connection and runs a trivial query; null when the database answers, else the error
     */
    ConnectionMonitor(String label, SqlSettings settings, Scheduler scheduler, Supplier<String> probe) {
        this.label = label;
        this.settings = settings;
        this.scheduler = scheduler;
        this.probe = probe;
        this.prober = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "leasehold-sql-reconnect");
            t.setDaemon(true);
            return t;
        });
    }

    ConnectionState state() {
        return state;
    }

    void addListener(ConnectionListener l) {
        listeners.add(l);
    }

    /** Before a call: fails at once while reconnect probes run (or have failed for good). */
    void checkUsable(String operation) {
        ConnectionState s = state;
        if (s == ConnectionState.CONNECTED) {
            return;
        }
        if (s == ConnectionState.CLOSED) {
            throw new IllegalStateException("the lease store is closed");
        }
        if (probing || s == ConnectionState.FAILED && settings.onFail().exitsOnFailure()) {
            throw new SqlStoreException(label + ": " + operation + " refused, the database connection is lost ("
                    + lastError + ")");
        }
    }

    /** A call reached the database. */
    void succeeded() {
        if (state != ConnectionState.CONNECTED) {
            restored("a call succeeded");
        }
    }

    /** A call found the connection lost. */
    void failed(Exception cause) {
        ConnectionState previous;
        synchronized (this) {
            lastError = String.valueOf(cause.getMessage());
            if (state != ConnectionState.CONNECTED) {
                return;
            }
            previous = state;
            state = ConnectionState.LOST;
            lostCount++;
            attempts = 0;
            probing = settings.reconnects();
        }
        LOG.error("LH_SQL_CONNECTION_LOST lease database {} connection lost: {} (on-fail {})", label, lastError,
                settings.onFail().keaName());
        notifyListeners(previous, ConnectionState.LOST);
        if (settings.reconnects()) {
            scheduleProbe();
        } else {
            LOG.warn("LH_SQL_RECONNECT_DISABLED lease database {}: max-reconnect-tries {} and reconnect-wait-time {}"
                    + " ms, so no reconnect attempts", label, settings.maxReconnectTries(),
                    settings.reconnectWaitTimeMillis());
            if (settings.onFail().exitsOnFailure()) {
                gaveUp();
            }
        }
    }

    private synchronized void scheduleProbe() {
        if (state != ConnectionState.LOST) {
            return;
        }
        LOG.info("LH_SQL_RECONNECT_SCHEDULED lease database {}: reconnect attempt {} of {} in {} ms", label,
                attempts + 1, settings.maxReconnectTries(), settings.reconnectWaitTimeMillis());
        timer = scheduler.schedule(() -> {
            try {
                prober.execute(this::attempt);
            } catch (RejectedExecutionException closed) {
                // closed meanwhile
            }
        }, settings.reconnectWaitTimeMillis());
    }

    private void attempt() {
        if (state != ConnectionState.LOST) {
            return;
        }
        String error = probe.get();
        if (error == null) {
            restored("reconnect attempt " + (attempts + 1) + " succeeded");
            return;
        }
        boolean exhausted;
        synchronized (this) {
            lastError = error;
            attempts++;
            exhausted = attempts >= settings.maxReconnectTries();
        }
        LOG.warn("LH_SQL_RECONNECT_ATTEMPT_FAILED lease database {}: reconnect attempt {} of {} failed: {}", label,
                attempts, settings.maxReconnectTries(), lastError);
        if (exhausted) {
            gaveUp();
        } else {
            scheduleProbe();
        }
    }

    private void gaveUp() {
        ConnectionState previous;
        synchronized (this) {
            if (state != ConnectionState.LOST) {
                return;
            }
            previous = state;
            state = ConnectionState.FAILED;
            probing = false;
        }
        LOG.error("LH_SQL_RECONNECT_FAILED lease database {}: giving up after {} reconnect attempt(s) (on-fail {})",
                label, attempts, settings.onFail().keaName());
        notifyListeners(previous, ConnectionState.FAILED);
    }

    private void restored(String how) {
        ConnectionState previous;
        synchronized (this) {
            previous = state;
            if (previous == ConnectionState.CONNECTED || previous == ConnectionState.CLOSED) {
                return;
            }
            state = ConnectionState.CONNECTED;
            probing = false;
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
        }
        LOG.info("LH_SQL_CONNECTION_RESTORED lease database {} answers again ({})", label, how);
        notifyListeners(previous, ConnectionState.CONNECTED);
    }

    synchronized Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state.text());
        m.put("connection-losses", lostCount);
        if (state == ConnectionState.LOST || state == ConnectionState.FAILED) {
            m.put("reconnect-attempts", attempts);
            m.put("max-reconnect-tries", settings.maxReconnectTries());
            m.put("last-error", lastError);
        }
        return m;
    }

    void close() {
        ConnectionState previous;
        synchronized (this) {
            previous = state;
            state = ConnectionState.CLOSED;
            probing = false;
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
        }
        prober.shutdownNow();
        if (previous != ConnectionState.CLOSED) {
            notifyListeners(previous, ConnectionState.CLOSED);
        }
    }

    private void notifyListeners(ConnectionState previous, ConnectionState current) {
        for (ConnectionListener l : listeners) {
            try {
                l.stateChanged(previous, current);
            } catch (RuntimeException e) {
                LOG.warn("LH_SQL_LISTENER_FAILED lease database {}: connection listener failed", label, e);
            }
        }
    }
}
