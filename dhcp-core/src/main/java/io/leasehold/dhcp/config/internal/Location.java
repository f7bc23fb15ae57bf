package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;

/** Where a JSON value sits: source name, 1-based line and column, and its JSON path. */
public record Location(String source, int line, int column, String path) {

    /** An error about the value at this location. */
    public ConfigException error(String reason) {
        return new ConfigException(source, line, column, path, reason);
    }

    /** The location of a member named {@code key} inside the map at this location. */
    Location child(String key, int childLine, int childColumn) {
        return new Location(source, childLine, childColumn, path.isEmpty() ? key : path + "/" + key);
    }

    /** "line:column", for messages that point back at an earlier value. */
    public String position() {
        return line + ":" + column;
    }
}
