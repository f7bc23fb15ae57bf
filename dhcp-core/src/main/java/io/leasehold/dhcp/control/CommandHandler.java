package io.leasehold.dhcp.control;

/** Executes one command. May throw {@link CommandException} to answer with an error. */
@FunctionalInterface
public interface CommandHandler {
    ControlResult handle(Command command);
}
