package io.leasehold.dhcp.engine.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kea's {@code StringSanitizer}: every match of {@code hostname-char-set} is replaced by
 * {@code hostname-char-replacement} (default: removed); nothing else changes. An empty char set means no clean-up.
 * Observed on Kea 2.2: {@code my,host} becomes {@code myhost}.
 */
public final class HostnameSanitizer {
    private final Pattern invalid;
    private final String replacement;

    public HostnameSanitizer(String charSet, String replacement) {
        this.invalid = charSet == null || charSet.isEmpty() ? null : Pattern.compile(charSet);
        this.replacement = Matcher.quoteReplacement(replacement == null ? "" : replacement);
    }

    /** Whether a char set is configured (Kea has no sanitizer otherwise). */
    public boolean active() {
        return invalid != null;
    }

    public String scrub(String name) {
        return invalid == null ? name : invalid.matcher(name).replaceAll(replacement);
    }
}
