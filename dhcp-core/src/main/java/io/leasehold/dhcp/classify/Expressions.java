package io.leasehold.dhcp.classify;

import io.leasehold.dhcp.classify.internal.ExpressionParser;

import java.util.function.ToIntFunction;

/**
 * Compiles Kea's classification expressions into {@link Expression}s. Kept apart from the interface so that the
 * interface does not know its parser.
 */
public final class Expressions {
    private Expressions() {
    }

    /**
     * Compiles a boolean expression.
     *
     * @param optionCodes maps an option name (as in {@code option[host-name]}) to its code, or -1 when unknown
     * @throws ExpressionException naming the problem and its position
     */
    public static Expression parse(String text, ToIntFunction<String> optionCodes) {
        return ExpressionParser.parseBoolean(text, optionCodes);
    }
}
