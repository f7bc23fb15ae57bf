package io.leasehold.dhcp.config;

/**
 * A configuration that cannot be used: bad JSON, an unknown or unsupported parameter, a wrong type or an
 * inconsistent value. The message names the file, the position and the JSON path of the offending value, e.g.
 * {@code kea.conf:12:15: Dhcp4/subnet4[1]/pools[0]/pool: pool 10.0.0.5 - 10.0.0.1 has start after end}.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final int line;
    private final int column;
    private final String path;
    private final String reason;

    /**
     * @param sourceName file name (or other source label) of the configuration text
     * @param line 1-based line of the offending value, 0 when unknown
     * @param column 1-based column of the offending value, 0 when unknown
     * @param path JSON path such as {@code Dhcp4/subnet4[0]/pools[1]/pool}; empty when the whole file is meant
     * @param reason what is wrong, without the location
     */
    public ConfigException(String sourceName, int line, int column, String path, String reason) {
        super(format(sourceName, line, column, path, reason));
        this.sourceName = sourceName;
        this.line = line;
        this.column = column;
        this.path = path;
        this.reason = reason;
    }

    /** Same, keeping the underlying cause (an I/O error, for example). */
    public ConfigException(String sourceName, int line, int column, String path, String reason, Throwable cause) {
        this(sourceName, line, column, path, reason);
        initCause(cause);
    }

    private static String format(String sourceName, int line, int column, String path, String reason) {
        StringBuilder b = new StringBuilder(sourceName);
        if (line > 0) {
            b.append(':').append(line).append(':').append(column);
        }
        b.append(": ");
        if (!path.isEmpty()) {
            b.append(path).append(": ");
        }
        return b.append(reason).toString();
    }

    /** The file name (or source label) given to the loader. */
    public String sourceName() {
        return sourceName;
    }

    /** 1-based line of the offending value; 0 when not tied to a position (e.g. an unreadable file). */
    public int line() {
        return line;
    }

    /** 1-based column of the offending value; 0 when not tied to a position. */
    public int column() {
        return column;
    }

    /** The JSON path of the offending value, e.g. {@code Dhcp4/subnet4[1]/pools[0]/pool}; may be empty. */
    public String path() {
        return path;
    }

    /** What is wrong, without file, position and path. */
    public String reason() {
        return reason;
    }
}
