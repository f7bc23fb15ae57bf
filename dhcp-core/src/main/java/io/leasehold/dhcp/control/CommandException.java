package io.leasehold.dhcp.control;

/** Thrown by a command handler to answer with an error result; the message is the answer's text. */
public final class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int result;

    public CommandException(String text) {
        this(ControlResult.ERROR, text);
    }

    public CommandException(int result, String text) {
        super(text, null, false, false);
        this.result = result;
    }

    public int result() {
        return result;
    }
}
