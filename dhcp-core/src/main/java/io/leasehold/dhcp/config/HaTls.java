package io.leasehold.dhcp.config;

/**
 * TLS files of an HA relationship or peer: {@code trust-anchor}, {@code cert-file}, {@code key-file}. An empty string
 * means "not set"; a peer's value overrides the relationship's, field by field.
 */
public record HaTls(String trustAnchor, String certFile, String keyFile) {
    public static final HaTls NONE = new HaTls("", "", "");

    /** This peer-level value with unset fields taken from the relationship level. */
    public HaTls orElse(HaTls parent) {
        return new HaTls(trustAnchor.isEmpty() ? parent.trustAnchor : trustAnchor,
                certFile.isEmpty() ? parent.certFile : certFile, keyFile.isEmpty() ? parent.keyFile : keyFile);
    }

    /** All three files set. */
    public boolean configured() {
        return !trustAnchor.isEmpty() && !certFile.isEmpty() && !keyFile.isEmpty();
    }

    /** None of the three set. */
    public boolean isEmpty() {
        return trustAnchor.isEmpty() && certFile.isEmpty() && keyFile.isEmpty();
    }
}
