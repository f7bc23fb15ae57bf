package io.leasehold.dhcp.ddns.internal;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * DHCID RDATA (RFC 4701) as Kea's {@code D2Dhcid} computes it: identifier type (2 octets), digest type 1
 * (SHA-256), then SHA-256 over the identifier followed by the FQDN in lower-case wire form. The identifier is the
 * client identifier (type 1), or the DUID inside an RFC 4361 client identifier starting with 255 (type 2), or the
 * hardware type and address (type 0).
 */
public final class Dhcid {
    private Dhcid() {
    }

    /**
     * The DHCID for a lease: from its client identifier when it has one, else from its hardware address.
     *
     * @throws IllegalArgumentException when neither is there, or an embedded DUID is too short or too long
     */
    public static byte[] of(ClientId clientId, HardwareAddress hw, String fqdn) {
        byte[] wire = DnsName.parse(fqdn).toWire(true);
        if (clientId != null && clientId.length() > 0) {
            byte[] id = clientId.toByteArray();
            if ((id[0] & 0xff) == 255) {
                if (id.length <= 5 || id.length > 135) {
                    throw new IllegalArgumentException("unable to compute DHCID from client identifier, embedded "
                            + "DUID length of: " + id.length + ", is not valid");
                }
                byte[] duid = new byte[id.length - 5];
                System.arraycopy(id, 5, duid, 0, duid.length);
                return digest(2, duid, wire);
            }
            return digest(1, id, wire);
        }
        if (hw == null || hw.length() == 0) {
            throw new IllegalArgumentException("unable to compute DHCID: no client identifier and no hardware address");
        }
        byte[] hwBytes = hw.toByteArray();
        byte[] id = new byte[hwBytes.length + 1];
        id[0] = (byte) hw.htype();
        System.arraycopy(hwBytes, 0, id, 1, hwBytes.length);
        return digest(0, id, wire);
    }

    /** Upper-case hex, as Kea's {@code D2Dhcid::toStr}. */
    public static String hex(byte[] dhcid) {
        return HexFormat.of().withUpperCase().formatHex(dhcid);
    }

    private static byte[] digest(int type, byte[] identifier, byte[] wireFqdn) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        sha.update(identifier);
        sha.update(wireFqdn);
        byte[] hash = sha.digest();
        byte[] out = new byte[3 + hash.length];
        out[1] = (byte) type;
        out[2] = 1;
        System.arraycopy(hash, 0, out, 3, hash.length);
        return out;
    }
}
