package io.leasehold.dhcp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing over the golden packets (plus hand-made overload, RFC 3396 and BOOTP seeds): every mutant
 * must decode or fail with {@link DhcpDecodeException} at an offset inside the packet; decoded mutants must survive
 * every accessor, rebuild equal, and re-encode (with and without a size limit) to an equal message; no buffer may leak
 * and the whole run is bounded in time.
 */
class MutationTest {
    private static final long SEED = 20261122L;
    private static final int MUTANTS = 300_000;

    private long decoded;
    private long rejected;
    private long encoded;

    @Test
    void mutantsDecodeOrFailWithTheDocumentedExceptionOnly() {
        List<byte[]> seeds = seeds();
        Random rnd = new Random(SEED);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < MUTANTS; i++) {
                byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
                byte[] mutant = mutate(seed, rnd);
                check(i, mutant);
            }
        });
        // The mutator must produce both kinds, or this test proves little.
        assertTrue(decoded > MUTANTS / 10, "decoded " + decoded);
        assertTrue(rejected > MUTANTS / 10, "rejected " + rejected);
        assertTrue(encoded > MUTANTS / 100, "re-encoded " + encoded);
    }

    private void check(int i, byte[] mutant) {
        boolean pooled = i % 32 == 0;
        ByteBuf in = pooled ? PooledByteBufAllocator.DEFAULT.directBuffer(mutant.length).writeBytes(mutant)
                : Unpooled.wrappedBuffer(mutant);
        try {
            DhcpMessage m = DhcpDecoder.decode(in);
            decoded++;
            exercise(m);
            if (i % 8 == 0) {
                reencode(m, i % 16 == 0);
            }
        } catch (DhcpDecodeException e) {
            rejected++;
            if (e.getOffset() < 0 || e.getOffset() > mutant.length) {
                fail("offset " + e.getOffset() + " outside a " + mutant.length + "-byte mutant #" + i + ": "
                        + Golden.toHex(mutant));
            }
        } catch (Throwable t) {
            fail("mutant #" + i + " threw " + t + ": " + Golden.toHex(mutant), t);
        } finally {
            assertEquals(0, in.readerIndex());
            assertEquals(1, in.refCnt(), "the decoder must not release or retain its input");
            // (the shared empty buffer that wrapping a 0-byte mutant returns never reaches refCnt 0)
            assertTrue(in.release() || mutant.length == 0);
        }
    }

    /** Every accessor must work on anything the decoder accepted. */
    private static void exercise(DhcpMessage m) {
        m.messageType();
        m.requestedAddress();
        m.serverIdentifier();
        m.leaseTime();
        m.renewalTime();
        m.rebindingTime();
        m.subnetMask();
        m.routers();
        m.domainNameServers();
        m.domainName();
        m.hostName();
        m.broadcastAddress();
        m.parameterRequestList();
        m.requestsOption(1);
        m.maxMessageSize();
        m.clientId();
        m.vendorClass();
        m.userClass();
        ClientFqdn fqdn = m.clientFqdn();
        if (fqdn != null) {
            fqdn.domainName();
            fqdn.isFullyQualified();
        }
        RelayAgentInfo rai = m.relayAgentInfo();
        if (rai != null) {
            rai.subOptions();
            rai.circuitId();
            rai.linkSelection();
            rai.subscriberId();
            rai.serverIdOverride();
        }
        m.subnetSelection();
        m.overload();
        m.message();
        m.hardwareAddress();
        m.serverName();
        m.bootFileName();
        m.options();
        m.toString();
        DhcpMessage copy = m.toBuilder().build();
        if (!copy.equals(m) || copy.hashCode() != m.hashCode()) {
            throw new AssertionError("toBuilder().build() differs from " + m);
        }
    }

    private void reencode(DhcpMessage m, boolean limited) {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.heapBuffer();
        try {
            if (limited) {
                DhcpEncoder.Result r = DhcpEncoder.DEFAULT.encode(m, out, 576);
                if (out.readableBytes() > 548 || r.length() != out.readableBytes()) {
                    throw new AssertionError("limited encode wrote " + out.readableBytes() + " bytes, " + r);
                }
                DhcpMessage back = DhcpDecoder.decode(out);
                DhcpMessage.Builder expected = m.toBuilder();
                for (DhcpOptionCode dropped : r.droppedOptions()) {
                    expected.removeOption(dropped.intValue());
                }
                assertEquals(expected.build(), back);
            } else {
                int max = DhcpEncoder.DEFAULT.encodedLength(m);
                if (max > DhcpEncoder.MAX_UDP_PAYLOAD) {
                    return;
                }
                DhcpEncoder.DEFAULT.encode(m, out);
                assertEquals(m, DhcpDecoder.decode(out));
            }
            encoded++;
        } finally {
            assertTrue(out.release());
            assertEquals(0, out.refCnt());
        }
    }

    // ---- seeds and mutations ------------------------------------------------------------------------------------

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : Golden.ALL) {
            seeds.add(Golden.bytes(name));
        }
        byte[] overloaded = Packets.withOptions("350103" + "340103" + "0c0161" + "3d0701024c48000002" + "ff");
        Packets.put(overloaded, 108, "0c0162" + "3604c0a80001" + "520a0104616263640206010203040506" + "ff");
        Packets.put(overloaded, 44, "0c0163" + "0f03636f6d" + "ff");
        seeds.add(overloaded);
        StringBuilder longOptions = new StringBuilder("350105");
        for (int i = 0; i < 2; i++) {
            longOptions.append("e0ff").append("5a".repeat(255));
        }
        longOptions.append("510d" + "050000" + "0468" + "6f7374" + "0361" + "6263" + "00").append("ff");
        seeds.add(Packets.withOptions(longOptions.toString()));
        seeds.add(Packets.header());
        return seeds;
    }

    private static byte[] mutate(byte[] seed, Random rnd) {
        byte[] b = seed;
        int rounds = 1 + rnd.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            b = mutateOnce(b, rnd);
        }
        return b;
    }

    private static byte[] mutateOnce(byte[] b, Random rnd) {
        switch (rnd.nextInt(8)) {
            case 0: { // bit flips
                byte[] m = b.clone();
                for (int k = 1 + rnd.nextInt(8); k > 0 && m.length > 0; k--) {
                    m[rnd.nextInt(m.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return m;
            }
            case 1: { // byte sets, biased to interesting values
                byte[] m = b.clone();
                int[] interesting = {0, 1, 2, 3, 4, 16, 17, 52, 53, 82, 127, 128, 254, 255};
                for (int k = 1 + rnd.nextInt(4); k > 0 && m.length > 0; k--) {
                    m[rnd.nextInt(m.length)] = (byte) (rnd.nextBoolean() ? interesting[rnd.nextInt(interesting.length)]
                            : rnd.nextInt(256));
                }
                return m;
            }
            case 2: // truncation
                return Arrays.copyOf(b, rnd.nextInt(b.length + 1));
            case 3: { // insertion
                int at = rnd.nextInt(b.length + 1);
                byte[] ins = new byte[1 + rnd.nextInt(16)];
                rnd.nextBytes(ins);
                return Packets.concat(Arrays.copyOf(b, at), ins, Arrays.copyOfRange(b, at, b.length));
            }
            case 4: { // deletion
                if (b.length == 0) {
                    return b;
                }
                int at = rnd.nextInt(b.length);
                int len = 1 + rnd.nextInt(Math.min(16, b.length - at));
                return Packets.concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + len, b.length));
            }
            case 5: // length-field corruption
                return corruptLength(b, rnd);
            case 6: { // overload injection: option 52 over the first option
                if (b.length < 243) {
                    return b;
                }
                byte[] m = b.clone();
                m[240] = 52;
                m[241] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt(256) : 1);
                m[242] = (byte) rnd.nextInt(5);
                return m;
            }
            default: { // splice: duplicate a chunk elsewhere (repeated options, RFC 3396 paths)
                if (b.length < 2) {
                    return b;
                }
                int from = rnd.nextInt(b.length);
                int len = 1 + rnd.nextInt(Math.min(32, b.length - from));
                int at = rnd.nextInt(b.length + 1);
                return Packets.concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, from, from + len),
                        Arrays.copyOfRange(b, at, b.length));
            }
        }
    }

    /** Sets the length byte of a random option of the options field to a random value. */
    private static byte[] corruptLength(byte[] b, Random rnd) {
        List<Integer> lengthBytes = new ArrayList<>();
        int i = DhcpDecoder.OPTIONS_START;
        while (i + 1 < b.length) {
            int code = b[i] & 0xff;
            if (code == 255) {
                break;
            }
            if (code == 0) {
                i++;
                continue;
            }
            lengthBytes.add(i + 1);
            i += 2 + (b[i + 1] & 0xff);
        }
        if (lengthBytes.isEmpty()) {
            return b;
        }
        byte[] m = b.clone();
        int at = lengthBytes.get(rnd.nextInt(lengthBytes.size()));
        int old = m[at] & 0xff;
        m[at] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : Math.max(0, Math.min(255, old + rnd.nextInt(9) - 4)));
        return m;
    }
}
