package io.leasehold.dhcp.server.internal;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.config.Subnet4;
import io.leasehold.dhcp.engine.QueryHook;
import io.leasehold.dhcp.lease.Lease4;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Several {@link QueryHook}s as one: classes added by all, accepted only if all accept, replies wait for all. */
public final class ExtensionHooks {
    private ExtensionHooks() {
    }

    public static QueryHook combine(List<QueryHook> given) {
        // Hooks that do nothing are left out, so that no hook at all is QueryHook.NONE (the pipeline then sends an
        // ACK at once, without copying it out for a hook's answer).
        List<QueryHook> hooks = given.stream().filter(h -> h != QueryHook.NONE).toList();
        if (hooks.isEmpty()) {
            return QueryHook.NONE;
        }
        if (hooks.size() == 1) {
            return hooks.get(0);
        }
        List<QueryHook> all = List.copyOf(hooks);
        return new QueryHook() {
            @Override
            public void classify(DhcpMessage query, Set<String> classes) {
                all.forEach(h -> h.classify(query, classes));
            }

            @Override
            public boolean accept(DhcpMessage query, Subnet4 subnet, Set<String> classes) {
                for (QueryHook h : all) {
                    if (!h.accept(query, subnet, classes)) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public CompletionStage<Boolean> leasesCommitted(DhcpMessage query, List<Lease4> updated,
                                                            List<Lease4> deleted) {
                CompletableFuture<Boolean> result = CompletableFuture.completedFuture(Boolean.TRUE);
                for (QueryHook h : all) {
                    CompletableFuture<Boolean> next = h.leasesCommitted(query, updated, deleted).toCompletableFuture();
                    result = result.thenCombine(next, (a, b) -> a && b);
                }
                return result;
            }
        };
    }
}
