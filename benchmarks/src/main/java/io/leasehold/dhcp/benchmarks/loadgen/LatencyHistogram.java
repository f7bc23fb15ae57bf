package io.leasehold.dhcp.benchmarks.loadgen;

/**
 * Latencies in fixed 10-µs buckets up to a bound (anything longer lands in the last bucket). Single-threaded:
 * only the generator's event loop records. Recording is one division and one increment.
 */
public final class LatencyHistogram {
    static final long BUCKET_NANOS = 10_000;
    private final long[] counts;
    private long total;
    private long maxNanos;

    /** @param boundNanos the longest latency told apart from longer ones */
    public LatencyHistogram(long boundNanos) {
        this.counts = new long[(int) (boundNanos / BUCKET_NANOS) + 1];
    }

    public void record(long nanos) {
        int b = (int) Math.min(Math.max(nanos, 0) / BUCKET_NANOS, counts.length - 1);
        counts[b]++;
        total++;
        if (nanos > maxNanos) {
            maxNanos = nanos;
        }
    }

    public long count() {
        return total;
    }

    /** The latency at or below which {@code fraction} (0-1) of the recorded ones are, in ms: a bucket's upper edge. */
    public double percentileMillis(double fraction) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= Math.max(rank, 1)) {
                return (i + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return maxMillis();
    }

    public double maxMillis() {
        return maxNanos / 1e6;
    }
}
