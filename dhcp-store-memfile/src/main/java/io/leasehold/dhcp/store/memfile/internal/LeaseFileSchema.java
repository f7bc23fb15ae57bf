package io.leasehold.dhcp.store.memfile.internal;

import java.nio.charset.StandardCharsets;

/**
 * The columns of Kea's DHCPv4 lease file and what one file's header says about them. Leasehold writes the Kea 2.4+
 * schema (12 columns, {@code pool_id} last). Like Kea's versioned CSV file, a header must name the known columns in
 * order up to at least {@code hostname}; fewer columns "need upgrade" (defaults fill the rest), more "need
 * downgrade" (the extra ones are ignored).
 */
public final class LeaseFileSchema {
    public static final String[] COLUMNS = {"address", "hwaddr", "client_id", "valid_lifetime", "expire",
        "subnet_id", "fqdn_fwd", "fqdn_rev", "hostname", "state", "user_context", "pool_id"};
    /** Column count of Kea 2.2's files. */
    public static final int KEA_2_2_COLUMNS = 11;
    /** A header must contain at least {@code address .. hostname}. */
    public static final int MIN_VALID = 9;
    /** The header line Leasehold writes. */
    public static final byte[] HEADER_LINE = (String.join(",", COLUMNS) + "\n").getBytes(StandardCharsets.US_ASCII);

    public static final LeaseFileSchema CURRENT = new LeaseFileSchema(COLUMNS.length, COLUMNS.length);

    private final int inputColumns;
    private final int validColumns;

    private LeaseFileSchema(int inputColumns, int validColumns) {
        this.inputColumns = inputColumns;
        this.validColumns = validColumns;
    }

    /**
     * Reads a header line.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static LeaseFileSchema parse(byte[] b, int start, int end) {
        String[] names = new String(b, start, end - start, StandardCharsets.ISO_8859_1).split(",", -1);
        int i = 0;
        for (; i < names.length && i < COLUMNS.length; i++) {
            if (!COLUMNS[i].equals(names[i])) {
                throw new IllegalArgumentException("header contains an invalid column '" + names[i] + "' at position "
                        + (i + 1) + " (expected '" + COLUMNS[i] + "')");
            }
        }
        if (i < MIN_VALID) {
            throw new IllegalArgumentException("header has only " + i + " valid column(s), it must have at least "
                    + MIN_VALID + " (address .. hostname)");
        }
        return new LeaseFileSchema(names.length, i);
    }

    /** Columns named in the header. */
    public int inputColumns() {
        return inputColumns;
    }

    /** Header columns that Leasehold knows (a prefix of {@link #COLUMNS}). */
    public int validColumns() {
        return validColumns;
    }

    public boolean needsUpgrade() {
        return validColumns < COLUMNS.length;
    }

    public boolean needsDowngrade() {
        return inputColumns > COLUMNS.length;
    }

    public boolean needsConversion() {
        return needsUpgrade() || needsDowngrade();
    }

    /** Fewest values a row may have. */
    int minValues() {
        return needsDowngrade() ? COLUMNS.length : validColumns;
    }

    /** Most values a row may have. */
    int maxValues() {
        return needsDowngrade() ? inputColumns : COLUMNS.length;
    }

    @Override
    public String toString() {
        return needsUpgrade() ? inputColumns + " columns (older schema, needs upgrade)"
                : needsDowngrade() ? inputColumns + " columns (newer schema, extra columns ignored)"
                : inputColumns + " columns (current)";
    }
}
