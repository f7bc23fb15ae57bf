package io.leasehold.dhcp.codec;

import static io.leasehold.dhcp.codec.DhcpMessage.HEADER_LENGTH;

import java.util.Arrays;

/**
 * Where a builder keeps what it has been given: one array holding the 236-byte header followed by the option values
 * as they were set, and a table with one row per option (code, value offset, value length) in the options' order.
 * A value of the same length as the one it replaces is written in place; any other is written at the end and its row
 * pointed there (the old bytes left unused). When the array is full, and before a message is made, it is repacked
 * (header and live values only, in row order) rather than grown, so a builder that keeps replacing values stays the
 * size of what it holds. Not thread-safe.
 */
abstract class MessageArea {
    /** The header, then option values from {@link DhcpMessage#HEADER_LENGTH} up to {@link #end}. */
    byte[] header = new byte[HEADER_LENGTH + 320];
    /** Rows of code, value offset in {@link #header}, value length; {@code count} of them. */
    private int[] table = new int[3 * 16];
    private int count;
    private int end = HEADER_LENGTH;

    /** Drops every option (the header is the caller's). */
    final void clearOptions() {
        count = 0;
        end = HEADER_LENGTH;
    }

    /** Removes the row of {@code code}, if any. */
    final void removeRow(int code) {
        for (int i = 0; i < count; i++) {
            if (table[3 * i] == code) {
                System.arraycopy(table, 3 * (i + 1), table, 3 * i, 3 * (count - i - 1));
                count--;
                return;
            }
        }
    }

    /**
     * Makes room for option {@code code}'s new value of {@code length} bytes and answers where in {@link #header} to
     * write it (read the field after this call: it may be a new array): in place when the option is set already with
     * that length, else at the end (the row is replaced in its position, or a row is added last).
     */
    final int slot(int code, int length) {
        int row = -1;
        for (int i = 0; i < count; i++) {
            if (table[3 * i] == code) {
                row = i;
                break;
            }
        }
        if (row >= 0 && table[3 * row + 2] == length) {
            return table[3 * row + 1];
        }
        if (end + length > header.length) {
            repack(length);
        }
        if (row < 0) {
            if (3 * count == table.length) {
                table = Arrays.copyOf(table, 2 * table.length);
            }
            row = count++;
            table[3 * row] = code;
        }
        int at = end;
        table[3 * row + 1] = at;
        table[3 * row + 2] = length;
        end += length;
        return at;
    }

    /**
     * A message with its own array (header and live values, one copy) and its own table. When values were replaced
     * by ones of another length or removed, the area is first repacked so that every byte up to {@code end} is live.
     */
    final DhcpMessage toMessage() {
        int total = HEADER_LENGTH;
        for (int i = 0; i < count; i++) {
            total += table[3 * i + 2];
        }
        if (total != end) {
            repack(0);
        }
        return new DhcpMessage(Arrays.copyOf(header, end), Arrays.copyOf(table, 3 * count), count);
    }

    /** As {@link #toMessage()}, but into {@code slot}'s arrays and message. */
    final DhcpMessage toMessage(MessageSlot slot) {
        int total = HEADER_LENGTH;
        for (int i = 0; i < count; i++) {
            total += table[3 * i + 2];
        }
        if (total != end) {
            repack(0);
        }
        byte[] d = slot.bytes(end);
        System.arraycopy(header, 0, d, 0, end);
        int[] rows = slot.rows(3 * count);
        System.arraycopy(table, 0, rows, 0, 3 * count);
        return slot.hold(d, end, rows, count);
    }

    /**
     * Copies the header and the live values (in row order) into an array with room for {@code more} bytes: the same
     * size when that suffices, else twice the size or what is needed.
     */
    private void repack(int more) {
        int live = 0;
        for (int i = 0; i < count; i++) {
            live += table[3 * i + 2];
        }
        int needed = HEADER_LENGTH + live + more;
        byte[] packed = new byte[needed <= header.length ? header.length : Math.max(2 * header.length, needed)];
        System.arraycopy(header, 0, packed, 0, HEADER_LENGTH);
        int pos = HEADER_LENGTH;
        for (int i = 0; i < count; i++) {
            int len = table[3 * i + 2];
            System.arraycopy(header, table[3 * i + 1], packed, pos, len);
            table[3 * i + 1] = pos;
            pos += len;
        }
        header = packed;
        end = pos;
    }
}
