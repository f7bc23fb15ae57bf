package io.leasehold.dhcp.codec;

/**
 * The one exception {@link DhcpDecoder} throws: the bytes are not a usable BOOTP/DHCPv4 message. The message says
 * what was wrong; {@link #getOffset()} says where, as a byte offset from the start of the packet (the first readable
 * byte of the decoded buffer).
 *
 * <p>Unchecked, because the only sensible reaction (count the packet as unparsable and drop it, as Kea does with
 * {@code pkt4-parse-failed}) belongs to the receive loop, not to each caller. It carries no stack trace: it is thrown
 * for hostile or broken input on the receive path, where the decoder's stack says nothing the message does not, and
 * filling it in would make a flood of garbage packets expensive.
 */
public final class DhcpDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    /**
     * @param problem what is wrong, without the offset
     * @param offset  where, from the start of the packet
     */
    public DhcpDecodeException(String problem, int offset) {
        super(problem + " (at byte offset " + offset + ")", null, false, false);
        this.offset = offset;
    }

    /** The byte offset, from the start of the packet, of the field or option that could not be decoded. */
    public int getOffset() {
        return offset;
    }
}
