package io.leasehold.dhcp.config;

/**
 * One {@code state-machine.states} entry: whether the HA state machine pauses when it enters {@code state}.
 *
 * @param state an HA state name, e.g. {@code waiting}
 * @param pause {@code pause}
 */
public record HaStatePause(String state, Pause pause) {

    /** {@code pause} values. */
    public enum Pause {
        ALWAYS("always"), ONCE("once"), NEVER("never");

        private final String keaName;

        Pause(String keaName) {
            this.keaName = keaName;
        }

        public String keaName() {
            return keaName;
        }
    }
}
