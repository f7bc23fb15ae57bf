package io.leasehold.dhcp.ha.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The {@code date-time} of an {@code ha-heartbeat} answer: RFC 1123 in GMT with a two-digit day, as Kea writes it
 * ({@code Sun, 22 Nov 2026 00:35:47 GMT}). Parsing also accepts a one-digit day.
 */
public final class HttpDate {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDate() {
    }

    public static String format(long epochMillis) {
        return FORMAT.format(Instant.ofEpochMilli(epochMillis));
    }

    /** Epoch seconds of an RFC 1123 date, or throws {@link IllegalArgumentException} naming the text. */
    public static long parseSeconds(String text) {
        try {
            return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(text.trim())).getEpochSecond();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an RFC 1123 date-time", e);
        }
    }
}
