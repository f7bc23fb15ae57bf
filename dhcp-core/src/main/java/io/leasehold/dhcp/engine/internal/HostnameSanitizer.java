package io.leasehold.dhcp.engine.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Kea's host-name clean-up: characters matching {@code hostname-char-set} are replaced by
 * {@code hostname-char-replacement} (default: removed), the name is lower-cased, and leading/trailing dots and
 * empty labels are dropped. Observed on Kea 2.2: {@code my,host} becomes {@code myhost}.
 */
public final class HostnameSanitizer {
    private final Pattern invalid;
    private final String replacement;

    public HostnameSanitizer(String charSet, String replacement) {
        this.invalid = charSet == null || charSet.isEmpty() ? null : Pattern.compile(charSet);
        this.replacement = replacement == null ? "" : replacement;
    }

    public String sanitize(String name) {
        if (name == null) {
            return "";
        }
        String s = invalid == null ? name : invalid.matcher(name).replaceAll(java.util.regex.Matcher.quoteReplacement(
                replacement));
        s = s.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(s.length());
        for (String label : s.split("\\.")) {
            if (!label.isEmpty()) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(label);
            }
        }
        return out.length() > 253 ? out.substring(0, 253) : out.toString();
    }
}
