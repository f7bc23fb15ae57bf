package io.leasehold.dhcp.benchmarks;

import io.leasehold.dhcp.codec.DhcpDecoder;
import io.leasehold.dhcp.codec.DhcpEncoder;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding and encoding of the real captured packets ({@code golden/*.hex}): a relayed perfdhcp DISCOVER with option
 * 82, dhclient's REQUEST, and Kea's OFFER and ACK. Encoding writes into one reused heap buffer, as the transport
 * writes into a pooled one.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar CodecBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {
    @Param({"perfdhcp-relay-discover-perfdhcp", "dhclient-dora-request-dhclient", "perfdhcp-relay-offer-kea",
        "perfdhcp-relay-ack-kea"})
    public String packet;

    private byte[] bytes;
    private DhcpMessage message;
    private ByteBuf out;

    @Setup
    public void setUp() {
        bytes = GoldenPackets.load(packet);
        message = DhcpDecoder.decode(bytes, 0, bytes.length);
        out = Unpooled.buffer(1500);
    }

    @TearDown
    public void tearDown() {
        out.release();
    }

    /** Bytes to a {@link DhcpMessage} (all options parsed). */
    @Benchmark
    public DhcpMessage decode() {
        return DhcpDecoder.decode(bytes, 0, bytes.length);
    }

    /** A {@link DhcpMessage} to bytes, padded to the BOOTP minimum as on the wire. */
    @Benchmark
    public int encode() {
        out.clear();
        DhcpEncoder.DEFAULT.encode(message, out);
        return out.writerIndex();
    }
}
