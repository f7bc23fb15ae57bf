package io.leasehold.dhcp.codec;

import io.leasehold.dhcp.codec.internal.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The storage of a {@link DhcpMessage} and what is done with its options: one array holding the BOOTP header and
 * every option value after it (or, for a packet decoded in place, wherever the value lies in the packet copy), and a
 * table with one row per option, in order: code, value offset in the array, value length. The header itself is the
 * message's business; this class only reads the values.
 *
 * <p>Lookups scan the table: a packet holds a few dozen options at most, so a scan beats a map and allocates
 * nothing. Typed reads decode a value where it lies. Iteration is by index {@code 0..count-1} (what the encoder
 * walks); {@link #find} answers a row's slot, {@code 3 × index}.
 *
 * <p>{@link DhcpMessage} extends this class rather than holding one, so that a message stays one object over its two
 * arrays: no allocation or indirection is added per packet or per option.
 */
abstract class OptionTable {
    /** Option overload (RFC 2132 §9.3): how a packet was laid out, so skipped by copies, equality and hashing. */
    static final int OVERLOAD = 52;
    static final int[] NO_OPTIONS = new int[0];

    // Not final only for a message in a MessageSlot, whose storage the slot's owner reuses (see there); any other
    // message is given its arrays once, by its constructor, and never changes.
    /** The header as on the wire from offset 0; option values elsewhere, located by {@link #table}. */
    byte[] data;
    /** Per option: code, value offset in {@link #data}, value length. */
    int[] table;
    int count;
    /** How many bytes of {@link #data}, from 0, the message uses (all of it, unless the array is a slot's). */
    int extent;

    OptionTable(byte[] data, int[] table, int count) {
        this(data, data.length, table, count);
    }

    OptionTable(byte[] data, int extent, int[] table, int count) {
        this.data = data;
        this.extent = extent;
        this.table = table;
        this.count = count;
    }

    // ---- lookup and iteration ---------------------------------------------------------------------------------

    /** The slot ({@code 3 × index}) of option {@code code}'s row, or {@code -1}. */
    final int find(int code) {
        for (int i = 0, n = 3 * count; i < n; i += 3) {
            if (table[i] == code) {
                return i;
            }
        }
        return -1;
    }

    /** The backing array, header first. For the encoder only: never modify. */
    final byte[] data() {
        return data;
    }

    final int code(int index) {
        return table[3 * index];
    }

    final int valueOffset(int index) {
        return table[3 * index + 1];
    }

    final int valueLength(int index) {
        return table[3 * index + 2];
    }

    /** A copy of the value in row {@code slot} (as {@link #find} answers it). */
    final byte[] copyValue(int slot) {
        return Arrays.copyOfRange(data, table[slot + 1], table[slot + 1] + table[slot + 2]);
    }

    /** The codes in order. */
    final int[] codes() {
        int[] codes = new int[count];
        for (int i = 0; i < count; i++) {
            codes[i] = table[3 * i];
        }
        return codes;
    }

    /** Every option in order, values copied, as an unmodifiable list. */
    final List<DhcpOption> list() {
        List<DhcpOption> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(DhcpOption.wrap(table[3 * i], copyValue(3 * i)));
        }
        return Collections.unmodifiableList(list);
    }

    /**
     * Where in {@link #data} the first sub-option {@code sub} of option {@code code} starts (its code byte), or -1:
     * for options made of code-length-value sub-options, such as 82, whose framing the decoder and the builder have
     * checked (the sub-options fill the value exactly).
     */
    final int subOptionAt(int code, int sub) {
        int i = find(code);
        if (i < 0) {
            return -1;
        }
        for (int at = table[i + 1], end = at + table[i + 2]; at + 1 < end; at += 2 + (data[at + 1] & 0xff)) {
            if ((data[at] & 0xff) == sub) {
                return at;
            }
        }
        return -1;
    }

    // ---- typed reads, in place (the decoder and the builder have checked each format) -------------------------

    /** The first value byte of option {@code code}, 0..255, or {@code -1} when absent. */
    final int uint8(int code) {
        int i = find(code);
        return i < 0 ? -1 : data[table[i + 1]] & 0xff;
    }

    final OptionalInt uint16(int code) {
        int i = find(code);
        return i < 0 ? OptionalInt.empty() : OptionalInt.of(Bytes.getUnsignedShort(data, table[i + 1]));
    }

    final OptionalInt address(int code) {
        int i = find(code);
        return i < 0 ? OptionalInt.empty() : OptionalInt.of(Bytes.getInt(data, table[i + 1]));
    }

    final OptionalLong seconds(int code) {
        int i = find(code);
        return i < 0 ? OptionalLong.empty() : OptionalLong.of(Bytes.getInt(data, table[i + 1]) & 0xffffffffL);
    }

    final int[] addresses(int code) {
        int i = find(code);
        if (i < 0) {
            return null;
        }
        int[] a = new int[table[i + 2] / 4];
        for (int k = 0; k < a.length; k++) {
            a[k] = Bytes.getInt(data, table[i + 1] + 4 * k);
        }
        return a;
    }

    /** Every value byte as 0..255, or {@code null}. */
    final int[] uint8List(int code) {
        int i = find(code);
        if (i < 0) {
            return null;
        }
        int[] values = new int[table[i + 2]];
        for (int k = 0; k < values.length; k++) {
            values[k] = data[table[i + 1] + k] & 0xff;
        }
        return values;
    }

    /** Whether a value byte of option {@code code} is {@code value}. Allocates nothing. */
    final boolean uint8ListContains(int code, int value) {
        int i = find(code);
        if (i >= 0) {
            for (int k = table[i + 1], end = k + table[i + 2]; k < end; k++) {
                if ((data[k] & 0xff) == value) {
                    return true;
                }
            }
        }
        return false;
    }

    final String text(int code) {
        int i = find(code);
        return i < 0 ? null : Bytes.text(data, table[i + 1], table[i + 2]);
    }

    // ---- equality of the options (in order, option 52 aside) -------------------------------------------------

    final boolean sameOptions(OptionTable m) {
        int i = 0;
        int j = 0;
        while (true) {
            while (i < count && table[3 * i] == OVERLOAD) {
                i++;
            }
            while (j < m.count && m.table[3 * j] == OVERLOAD) {
                j++;
            }
            if (i == count || j == m.count) {
                return i == count && j == m.count;
            }
            int off = table[3 * i + 1];
            int mOff = m.table[3 * j + 1];
            if (table[3 * i] != m.table[3 * j] || !Arrays.equals(data, off, off + table[3 * i + 2], m.data, mOff,
                    mOff + m.table[3 * j + 2])) {
                return false;
            }
            i++;
            j++;
        }
    }

    /** Continues hash {@code h} over the options. */
    final int optionsHash(int h) {
        for (int i = 0; i < count; i++) {
            if (table[3 * i] != OVERLOAD) {
                h = 31 * h + table[3 * i];
                for (int k = table[3 * i + 1], end = k + table[3 * i + 2]; k < end; k++) {
                    h = 31 * h + data[k];
                }
            }
        }
        return h;
    }
}
