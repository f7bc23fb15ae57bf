package io.leasehold.dhcp.ddns.internal;

import io.leasehold.dhcp.ddns.NameChangeRequest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Kea 2.2's NCR wire format ({@code NameChangeRequest::toFormat(FMT_JSON)}): a two-octet big-endian length, then
 * the JSON text with Kea's field order, no spaces, and {@code lease-expires-on} as {@code YYYYMMDDHHMMSS} in UTC.
 */
public final class NcrJson {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(ZoneOffset.UTC);

    private NcrJson() {
    }

    public static String encode(NameChangeRequest n) {
        return "{\"change-type\":" + n.changeType().code() + ","
                + "\"forward-change\":" + n.forwardChange() + ","
                + "\"reverse-change\":" + n.reverseChange() + ","
                + "\"fqdn\":\"" + jsonString(n.fqdn()) + "\","
                + "\"ip-address\":\"" + n.ipAddress() + "\","
                + "\"dhcid\":\"" + n.dhcid() + "\","
                + "\"lease-expires-on\":\"" + STAMP.format(Instant.ofEpochSecond(n.leaseExpiresOn())) + "\","
                + "\"lease-length\":" + n.leaseLength() + ","
                + "\"use-conflict-resolution\":" + n.useConflictResolution() + "}";
    }

    /** The UDP payload: length-prefixed JSON. */
    public static byte[] frame(NameChangeRequest n) {
        byte[] json = encode(n).getBytes(StandardCharsets.UTF_8);
        if (json.length > 0xffff) {
            throw new IllegalArgumentException("NCR longer than 65535 octets");
        }
        byte[] out = new byte[json.length + 2];
        out[0] = (byte) (json.length >> 8);
        out[1] = (byte) json.length;
        System.arraycopy(json, 0, out, 2, json.length);
        return out;
    }

    /**
     * Kea writes the name as DNS text, which escapes quotes and backslashes already; anything else a JSON parser
     * would choke on is escaped here so the datagram stays parseable.
     */
    private static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
