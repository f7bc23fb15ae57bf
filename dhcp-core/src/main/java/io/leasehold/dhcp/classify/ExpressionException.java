package io.leasehold.dhcp.classify;

/**
 * A classification expression could not be parsed. The message names the problem and the character position (1-based)
 * in the expression text, like {@code "unknown option name 'foo' at position 8"}.
 */
public final class ExpressionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int position;

    public ExpressionException(String message, int position) {
        super(message + " at position " + position);
        this.position = position;
    }

    /** 1-based character position of the problem in the expression text. */
    public int position() {
        return position;
    }
}
