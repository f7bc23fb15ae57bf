package io.leasehold.dhcp.ddns;

import io.leasehold.dhcp.ddns.internal.NcrJson;

import java.util.Objects;

/**
 * A name change request as Kea 2.2's kea-dhcp-ddns takes it ({@code isc::dhcp_ddns::NameChangeRequest}).
 *
 * @param changeType            add or remove the records
 * @param forwardChange         update the forward zone (A and DHCID)
 * @param reverseChange         update the reverse zone (PTR and DHCID)
 * @param fqdn                  the fully qualified name, in DNS text form with the final dot
 * @param ipAddress             the leased address
 * @param dhcid                 the DHCID RDATA (RFC 4701) in upper-case hex
 * @param leaseExpiresOn        seconds since the epoch: the lease's cltt plus {@code leaseLength}
 * @param leaseLength           the DNS TTL D2 uses: a third of the valid lifetime, at least 600 s
 * @param useConflictResolution whether D2 checks DHCIDs before changing records ({@code ddns-use-conflict-resolution})
 */
public record NameChangeRequest(ChangeType changeType, boolean forwardChange, boolean reverseChange, String fqdn,
        String ipAddress, String dhcid, long leaseExpiresOn, long leaseLength, boolean useConflictResolution) {

    /** Kea's change types, with their numbers in the JSON form. */
    public enum ChangeType {
        ADD(0), REMOVE(1);

        private final int code;

        ChangeType(int code) {
            this.code = code;
        }

        /** The number kea-dhcp-ddns expects in {@code change-type}. */
        public int code() {
            return code;
        }
    }

    public NameChangeRequest {
        Objects.requireNonNull(changeType);
        Objects.requireNonNull(fqdn);
        Objects.requireNonNull(ipAddress);
        Objects.requireNonNull(dhcid);
        if (!forwardChange && !reverseChange) {
            throw new IllegalArgumentException("an NCR must update at least one direction");
        }
    }

    /** The JSON text, byte for byte as Kea 2.2 writes it (fixed field order, no spaces). */
    public String toJson() {
        return NcrJson.encode(this);
    }
}
