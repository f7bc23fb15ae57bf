package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.store.memfile.LeaseFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Replays one lease file into a {@link LeaseTable}: blank lines skipped, first line the header, every row applied
 * in order (later rows override earlier ones), bad rows logged with file and line and skipped. Reads 1 MiB chunks and
 * parses bytes in place.
 */
public final class LeaseFileReader {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.store.memfile");
    /** Longest line accepted; a longer one is a bad row (nothing unbounded). */
    static final int MAX_LINE = 16 << 20;
    /** Problems remembered per file (all are logged and counted). */
    static final int MAX_KEPT_PROBLEMS = 1000;

    /** What reading one file found. */
    public static final class Result {
        public final Path file;
        /** {@code null} when the file has no header (empty or blank). */
        public LeaseFileSchema schema;
        public long rows;
        public long badRows;
        public final List<RowProblem> problems = new ArrayList<>();
        /** Bytes up to and including the last line terminator. */
        public long completeLength;
        /** The unterminated last line of a live file (not parsed), or {@code null}. */
        public byte[] tornTail;

        Result(Path file) {
            this.file = file;
        }
    }

    private final Path file;
    private final LeaseTable table;
    private final long maxRowErrors;
    private final LeaseRowParser parser = new LeaseRowParser();
    private final LeaseRow row = new LeaseRow();
    private final Result result;
    private long lineNo;

    private LeaseFileReader(Path file, LeaseTable table, long maxRowErrors) {
        this.file = file;
        this.table = table;
        this.maxRowErrors = maxRowErrors;
        this.result = new Result(file);
    }

    /**
     * Reads {@code file} into {@code table}.
     *
     * @param maxRowErrors Kea's {@code max-row-errors}: 0 = unlimited, else more bad rows abort
     * @param live the file is the one Leasehold appends to: an unterminated last line is not parsed but returned as
     *     {@link Result#tornTail} for the caller to cut off; in other files it is parsed as a row, as Kea does
     * @throws LeaseFileException for an invalid header or too many bad rows
     */
    public static Result read(Path file, LeaseTable table, long maxRowErrors, boolean live) throws IOException {
        LeaseFileReader r = new LeaseFileReader(file, table, maxRowErrors);
        r.run(live);
        return r.result;
    }

    private void run(boolean live) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] buf = new byte[1 << 20];
            long bufBase = 0;
            int len = 0;
            int lineStart = 0;
            int scan = 0;
            boolean skipping = false;
            boolean eof = false;
            while (true) {
                int nl = indexOfNewline(buf, scan, len);
                if (nl >= 0) {
                    lineNo++;
                    if (skipping) {
                        skipping = false;
                    } else {
                        line(buf, lineStart, nl);
                    }
                    lineStart = nl + 1;
                    scan = lineStart;
                    result.completeLength = bufBase + lineStart;
                    continue;
                }
                scan = len;
                if (eof) {
                    break;
                }
                if (lineStart > 0) {
                    System.arraycopy(buf, lineStart, buf, 0, len - lineStart);
                    bufBase += lineStart;
                    len -= lineStart;
                    scan -= lineStart;
                    lineStart = 0;
                }
                if (len == buf.length) {
                    if (skipping || len >= MAX_LINE) {
                        if (!skipping) {
                            badRow(lineNo + 1, "line longer than " + MAX_LINE + " bytes", buf, 0, 0);
                            skipping = true;
                        }
                        bufBase += len;
                        len = 0;
                        scan = 0;
                    } else {
                        buf = Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_LINE));
                    }
                }
                int n = ch.read(ByteBuffer.wrap(buf, len, buf.length - len));
                if (n < 0) {
                    eof = true;
                } else {
                    len += n;
                }
            }
            if (lineStart < len && !skipping) {
                if (live) {
                    result.tornTail = Arrays.copyOfRange(buf, lineStart, len);
                } else {
                    lineNo++;
                    line(buf, lineStart, len);
                }
            }
        }
        if (result.schema != null && result.schema.needsConversion()) {
            LOG.warn("lease file {} has {}; it will be rewritten in the current schema", file, result.schema);
        }
    }

    private static int indexOfNewline(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void line(byte[] b, int start, int end) {
        if (start == end) {
            return;
        }
        if (result.schema == null) {
            try {
                result.schema = LeaseFileSchema.parse(b, start, end);
            } catch (IllegalArgumentException e) {
                throw new LeaseFileException("invalid header in lease file " + file + " line " + lineNo + ": "
                        + e.getMessage());
            }
            return;
        }
        result.rows++;
        if (parser.parse(b, start, end, result.schema, row)) {
            table.apply(row);
        } else {
            badRow(lineNo, parser.error(), b, start, end);
        }
    }

    private void badRow(long line, String message, byte[] b, int start, int end) {
        result.badRows++;
        RowProblem p = new RowProblem(file, line, message);
        if (result.problems.size() < MAX_KEPT_PROBLEMS) {
            result.problems.add(p);
        }
        LOG.error("skipping bad lease row at {}: {}; row: '{}'", file + ":" + line, message,
                LeaseRowParser.text(b, start, end));
        if (maxRowErrors > 0 && result.badRows > maxRowErrors) {
            throw new LeaseFileException("lease file " + file + ": more than " + maxRowErrors
                    + " bad rows (max-row-errors " + maxRowErrors + "), the last at line " + line + ": " + message);
        }
    }
}
