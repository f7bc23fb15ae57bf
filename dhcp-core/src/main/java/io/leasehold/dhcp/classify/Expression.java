package io.leasehold.dhcp.classify;


import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * A compiled Kea client-classification expression ({@code test} of a client class), e.g.
 * {@code substring(option[60].hex,0,6) == 'Aastra'} or {@code member('phones') and member('HA_server1')}.
 *
 * <p>Kea's evaluation model: every value is a byte string; integer literals are 4-byte big-endian; IP literals are
 * 4 raw bytes; a missing option reads as the empty string for {@code .hex}/{@code .text} and false for
 * {@code .exists}. Supported: {@code == and or not ( )}, {@code +} (concatenation), {@code 'text'}, {@code 0xHEX},
 * IPv4 and integer literals, {@code option[N|name].hex/.text/.exists}, {@code option[N].option[S].hex/.text/.exists},
 * {@code relay4[S].hex/.text/.exists}, {@code pkt4.mac/.htype/.hlen/.ciaddr/.giaddr/.yiaddr/.siaddr/.msgtype/
 * .transid}, {@code pkt.iface/.src/.dst/.len}, {@code substring}, {@code split}, {@code concat}, {@code ifelse},
 * {@code hexstring}, {@code addrtotext}, {@code int8totext} … {@code uint32totext}, {@code lcase}, {@code ucase},
 * {@code member('CLASS')}. Vendor and DHCPv6 tokens are rejected as not supported.
 */
public interface Expression {

    /** Evaluates the expression as a class test. A runtime type error (e.g. addrtotext of 3 bytes) yields false. */
    boolean test(PacketView packet, Predicate<String> memberOf);

    /** Names used in {@code member('...')}, so that configuration can check they are defined earlier. */
    Set<String> referencedClasses();

    /** The source text. */
    String text();
}
