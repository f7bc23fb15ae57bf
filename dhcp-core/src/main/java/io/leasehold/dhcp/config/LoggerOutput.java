package io.leasehold.dhcp.config;

/**
 * One {@code output_options} (or {@code output-options}) entry of a logger.
 *
 * @param output {@code output}: {@code stdout}, {@code stderr}, {@code syslog}, {@code syslog:NAME} or a file path
 * @param flush {@code flush} (default true)
 * @param maxSize {@code maxsize} in bytes before a file is rotated (default 10240000; 0 = never)
 * @param maxVer {@code maxver}, rotated files kept (default 1)
 * @param pattern {@code pattern} (log4cplus layout; default empty = Kea's layout)
 */
public record LoggerOutput(String output, boolean flush, long maxSize, long maxVer, String pattern) {
    public static final long DEFAULT_MAX_SIZE = 10240000;

    /** Output to {@code output} with Kea's defaults. */
    public static LoggerOutput of(String output) {
        return new LoggerOutput(output, true, DEFAULT_MAX_SIZE, 1, "");
    }

    /** A file path (not stdout, stderr or syslog). */
    public boolean isFile() {
        return !output.equals("stdout") && !output.equals("stderr") && !output.equals("syslog")
                && !output.startsWith("syslog:");
    }
}
