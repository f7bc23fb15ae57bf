package io.leasehold.dhcp.server.internal;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.leasehold.dhcp.engine.QueryHook;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hooks that do nothing are left out of the combination, so that a server whose extensions add no hook has
 * {@link QueryHook#NONE}, which lets the pipeline send an ACK at once instead of copying it out to wait for a hook.
 */
class ExtensionHooksTest {
    @Test
    void hooksThatDoNothingAreLeftOut() {
        QueryHook real = new QueryHook() {
        };
        assertSame(QueryHook.NONE, ExtensionHooks.combine(List.of()));
        assertSame(QueryHook.NONE, ExtensionHooks.combine(List.of(QueryHook.NONE, QueryHook.NONE)));
        assertSame(real, ExtensionHooks.combine(List.of(QueryHook.NONE, real, QueryHook.NONE)));
    }
}
