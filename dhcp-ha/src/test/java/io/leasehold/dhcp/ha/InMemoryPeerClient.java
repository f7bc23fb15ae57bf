package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.control.internal.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A {@link PeerClient} that hands the command, serialised to JSON as the HTTP client would, to another server's
 * command registry in the same JVM and parses the JSON-array answer back. A peer that is not reachable (the
 * supplier returns null or {@code reachable} is false) fails like a refused connection. Every request is recorded.
 */
final class InMemoryPeerClient implements PeerClient {
    private final Supplier<CommandRegistry> target;
    private final BooleanSupplier reachable;
    private final Executor delivery;
    private final AtomicInteger inFlight;
    final List<Map<String, Object>> sent = Collections.synchronizedList(new ArrayList<>());

    InMemoryPeerClient(Supplier<CommandRegistry> target, BooleanSupplier reachable, Executor delivery) {
        this(target, reachable, delivery, new AtomicInteger());
    }

    /** {@code inFlight} counts requests whose answer has not been handed over yet. */
    InMemoryPeerClient(Supplier<CommandRegistry> target, BooleanSupplier reachable, Executor delivery,
                       AtomicInteger inFlight) {
        this.target = target;
        this.reachable = reachable;
        this.delivery = delivery;
        this.inFlight = inFlight;
    }

    @Override
    public CompletableFuture<ControlResult> send(String command, Map<String, Object> arguments, long timeoutMillis) {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("command", command);
        req.put("service", List.of("dhcp4"));
        if (arguments != null) {
            req.put("arguments", arguments);
        }
        String body = Json.write(req);
        sent.add(parse(body));
        CompletableFuture<ControlResult> f = new CompletableFuture<>();
        inFlight.incrementAndGet();
        delivery.execute(() -> {
            try {
                CommandRegistry r = target.get();
                if (r == null || !reachable.getAsBoolean()) {
                    f.completeExceptionally(new PeerException("Connection refused"));
                    return;
                }
                f.complete(answer(Json.write(List.of(r.executeJson(body, "in-memory")))));
            } catch (RuntimeException e) {
                f.completeExceptionally(new PeerException(e.toString(), e));
            } finally {
                inFlight.decrementAndGet();
            }
        });
        return f;
    }

    /** Reads an HTTP answer body as Kea does: a JSON array whose first element is the answer map. */
    @SuppressWarnings("unchecked")
    static ControlResult answer(String body) {
        Object v = parse(body);
        if (!(v instanceof List<?> l) || l.isEmpty() || !(l.get(0) instanceof Map<?, ?> m0)) {
            throw new PeerException("answer is not a JSON array of maps: " + body);
        }
        Map<String, Object> m = (Map<String, Object>) m0;
        if (!(m.get("result") instanceof Long result)) {
            throw new PeerException("answer has no integer result: " + body);
        }
        return new ControlResult(result.intValue(), (String) m.get("text"), m.get("arguments"));
    }

    @SuppressWarnings("unchecked")
    static <T> T parse(String json) {
        try {
            return (T) Json.parse(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Requests sent with this command name, as parsed JSON maps. */
    List<Map<String, Object>> sent(String command) {
        List<Map<String, Object>> out = new ArrayList<>();
        synchronized (sent) {
            for (Map<String, Object> m : sent) {
                if (command.equals(m.get("command"))) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
    }
}
