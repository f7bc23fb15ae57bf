package io.leasehold.dhcp.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Values that replace parts of the file at load time, so that one configuration file can serve every node.
 *
 * <p>Today: the HA {@code this-server-name}. An override names the peer this server is, either
 * <ul>
 *   <li>by name alone ({@code server2}): it applies to the relationship that has a peer of that name (peer names
 *       are unique across relationships), or</li>
 *   <li>by relationship index ({@code 1=server4}): it applies to the {@code high-availability} entry at that
 *       0-based index, and the name must be a peer there.</li>
 * </ul>
 * Relationships without an override keep the file's value. Two overrides for one relationship, an index out of
 * range, a name that is no peer, or an override for a configuration without HA are errors.
 */
public final class Overrides {
    private static final Overrides NONE = new Overrides(List.of());

    private final List<ServerName> thisServerNames;

    private Overrides(List<ServerName> thisServerNames) {
        this.thisServerNames = List.copyOf(thisServerNames);
    }

    /** No overrides. */
    public static Overrides none() {
        return NONE;
    }

    /** This server is the peer named {@code name} (in whichever relationship has that peer). */
    public static Overrides thisServerName(String name) {
        return new Overrides(List.of(new ServerName(OptionalInt.empty(), name)));
    }

    /** This server is the peer named {@code name} in relationship {@code relationshipIndex} (0-based). */
    public static Overrides thisServerName(int relationshipIndex, String name) {
        return new Overrides(List.of(new ServerName(OptionalInt.of(relationshipIndex), name)));
    }

    /**
     * Parses the command line / environment form: comma-separated entries, each {@code NAME} or {@code INDEX=NAME},
     * e.g. {@code server2} or {@code 0=hub-a,1=hub-b}.
     *
     * @throws IllegalArgumentException when an entry is empty or its index is not a number
     */
    public static Overrides parseThisServerNames(String spec) {
        List<ServerName> out = new ArrayList<>();
        for (String entry : spec.split(",", -1)) {
            String e = entry.trim();
            int eq = e.indexOf('=');
            String name = eq < 0 ? e : e.substring(eq + 1).trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty server name in '" + spec + "'");
            }
            if (eq < 0) {
                out.add(new ServerName(OptionalInt.empty(), name));
                continue;
            }
            try {
                int index = Integer.parseInt(e.substring(0, eq).trim());
                out.add(new ServerName(OptionalInt.of(index), name));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("'" + e + "' is not NAME or INDEX=NAME");
            }
        }
        return new Overrides(out);
    }

    /** These overrides followed by {@code other}'s. */
    public Overrides and(Overrides other) {
        List<ServerName> all = new ArrayList<>(thisServerNames);
        all.addAll(other.thisServerNames);
        return new Overrides(all);
    }

    public List<ServerName> thisServerNames() {
        return thisServerNames;
    }

    public boolean isEmpty() {
        return thisServerNames.isEmpty();
    }

    @Override
    public String toString() {
        return "Overrides" + thisServerNames;
    }

    /**
     * One {@code this-server-name} override.
     *
     * @param relationship the relationship index, or empty to find it by peer name
     * @param name the peer name
     */
    public record ServerName(OptionalInt relationship, String name) {
        public ServerName {
            Objects.requireNonNull(name, "name");
            if (relationship.isPresent() && relationship.getAsInt() < 0) {
                throw new IllegalArgumentException("relationship index must not be negative");
            }
        }

        @Override
        public String toString() {
            return relationship.isPresent() ? relationship.getAsInt() + "=" + name : name;
        }
    }
}
