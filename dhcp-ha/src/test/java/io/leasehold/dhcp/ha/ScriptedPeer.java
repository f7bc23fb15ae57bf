package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.control.internal.Json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A partner that answers from a script: per command a function from the request's arguments to the raw JSON body
 * of the answer (as a Kea peer would write it), or null to fail like a refused connection. Unscripted commands get
 * Kea's "not supported". Requests are recorded in order.
 */
final class ScriptedPeer implements PeerClient {
    private final Map<String, Function<Map<String, Object>, String>> script = new ConcurrentHashMap<>();
    final List<Map<String, Object>> requests = Collections.synchronizedList(new ArrayList<>());
    volatile boolean down;

    ScriptedPeer on(String command, Function<Map<String, Object>, String> answer) {
        script.put(command, answer);
        return this;
    }

    ScriptedPeer answer(String command, String body) {
        return on(command, a -> body);
    }

    @Override
    public CompletableFuture<ControlResult> send(String command, Map<String, Object> arguments, long timeoutMillis) {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("command", command);
        if (arguments != null) {
            req.put("arguments", arguments);
        }
        requests.add(InMemoryPeerClient.parse(Json.write(req)));
        if (down) {
            return CompletableFuture.failedFuture(new PeerException("Connection refused"));
        }
        Function<Map<String, Object>, String> f = script.get(command);
        String body = f == null ? "[ { \"result\": 2, \"text\": \"'" + command + "' command not supported.\" } ]"
                : f.apply(arguments == null ? Map.of() : arguments);
        if (body == null) {
            return CompletableFuture.failedFuture(new PeerException("Connection refused"));
        }
        try {
            return CompletableFuture.completedFuture(InMemoryPeerClient.answer(body));
        } catch (PeerException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    List<String> commands() {
        List<String> out = new ArrayList<>();
        synchronized (requests) {
            requests.forEach(r -> out.add((String) r.get("command")));
        }
        return out;
    }

    @Override
    public void close() {
    }
}
