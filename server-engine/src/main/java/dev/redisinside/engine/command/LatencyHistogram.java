package dev.redisinside.engine.command;

/**
 * A command's latency distribution for INFO latencystats and LATENCY HISTOGRAM: log-linear buckets over
 * nanoseconds (each power of two split in 16), about 6 % precision, recording in a few instructions.
 */
public final class LatencyHistogram {

    private static final int SUB_BITS = 4;
    private static final int SUB = 1 << SUB_BITS;

    private final long[] counts = new long[64 * SUB];
    private long total;

    public void record(long nanos) {
        long v = Math.max(1, Math.min(nanos, 1_000_000_000L));
        counts[index(v)]++;
        total++;
    }

    public long total() {
        return total;
    }

    public void reset() {
        java.util.Arrays.fill(counts, 0);
        total = 0;
    }

    /** The value (nanoseconds) below which the given percentage of the samples fall: a bucket's upper end. */
    public long valueAtPercentile(double percentile) {
        long wanted = Math.max(1, (long) Math.ceil(total * percentile / 100.0));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= wanted) {
                return upperBound(i);
            }
        }
        return 0;
    }

    /** How many samples took at most {@code nanos}. */
    public long countAtMost(long nanos) {
        long seen = 0;
        for (int i = 0; i < counts.length && upperBound(i) <= nanos; i++) {
            seen += counts[i];
        }
        return seen;
    }

    private static int index(long v) {
        int exponent = 63 - Long.numberOfLeadingZeros(v);
        if (exponent < SUB_BITS) {
            return (int) v;
        }
        int sub = (int) ((v >>> (exponent - SUB_BITS)) & (SUB - 1));
        return (exponent - SUB_BITS + 1) * SUB + sub;
    }

    private static long upperBound(int index) {
        if (index < SUB) {
            return index;
        }
        int exponent = index / SUB + SUB_BITS - 1;
        long sub = index % SUB;
        long step = 1L << (exponent - SUB_BITS);
        return (1L << exponent) + (sub + 1) * step - 1;
    }
}
