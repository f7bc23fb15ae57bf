package io.leasehold.dhcp.ha.http.internal;

import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.ha.PeerClient.PeerException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;

/** One command on its way to a peer. Mutable state is confined to the client's event loop. */
final class PeerRequest {
    final String command;
    final byte[] body;
    final long timeoutMillis;
    final CompletableFuture<ControlResult> future = new CompletableFuture<>();
    private final Executor callbackExecutor;

    ScheduledFuture<?> timeout;
    /** The connection carrying it, null while it waits. */
    PeerConnection connection;
    /** Times it was handed to a connection. */
    int attempts;
    /** The whole request reached the socket at least once: it must not be sent again. */
    boolean written;
    private boolean finished;

    PeerRequest(String command, byte[] body, long timeoutMillis, Executor callbackExecutor) {
        this.command = command;
        this.body = body;
        this.timeoutMillis = timeoutMillis;
        this.callbackExecutor = callbackExecutor;
    }

    /** Answered, failed, timed out or cancelled by the caller. */
    boolean finished() {
        return finished || future.isDone();
    }

    void succeed(ControlResult result) {
        if (finish()) {
            deliver(() -> future.complete(result));
        }
    }

    void fail(PeerException error) {
        if (finish()) {
            deliver(() -> future.completeExceptionally(error));
        }
    }

    private boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        connection = null;
        if (timeout != null) {
            timeout.cancel(false);
        }
        return true;
    }

    private void deliver(Runnable completion) {
        if (callbackExecutor == null) {
            completion.run();
            return;
        }
        try {
            callbackExecutor.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run();
        }
    }
}
