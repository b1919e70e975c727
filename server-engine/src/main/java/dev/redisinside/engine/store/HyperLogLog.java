package dev.redisinside.engine.store;

import java.util.Arrays;

/**
 * A HyperLogLog in Redis's own string layout (hyperloglog.c), so that GET, DUMP and PFCOUNT give the
 * bytes and counts Redis gives: a 16-byte header ({@code HYLL}, encoding, 3 unused bytes, the cached
 * cardinality little endian with bit 63 marking it stale) followed by 16384 six-bit registers, either
 * dense (12288 bytes) or sparse (ZERO / XZERO / VAL run-length opcodes). Works on a private copy of
 * the stored string; {@link #toBytes()} gives the string to store back.
 */
public final class HyperLogLog {

    public static final int HEADER = 16;
    public static final int P = 14;
    public static final int Q = 64 - P;
    public static final int REGISTERS = 1 << P;
    public static final int DENSE_SIZE = HEADER + (REGISTERS * 6 + 7) / 8;
    public static final int DENSE = 0;
    public static final int SPARSE = 1;

    private static final int VAL_MAX_VALUE = 32;
    private static final int VAL_MAX_LEN = 4;
    private static final int ZERO_MAX_LEN = 64;
    private static final int XZERO_MAX_LEN = 16384;
    private static final double ALPHA_INF = 0.721347520444481703680;

    /** Thrown when a sparse representation does not describe exactly 16384 registers. */
    public static final class CorruptedException extends RuntimeException {
        CorruptedException() {
            super(null, null, false, false);
        }
    }

    private byte[] buf;
    private int len;
    private long sparseMaxBytes = 3000;

    private HyperLogLog(byte[] buf, int len) {
        this.buf = buf;
        this.len = len;
    }

    /** An empty HLL as PFADD creates it: sparse, one XZERO opcode covering every register. */
    public static HyperLogLog create() {
        byte[] b = new byte[HEADER + 2];
        b[0] = 'H';
        b[1] = 'Y';
        b[2] = 'L';
        b[3] = 'L';
        b[4] = SPARSE;
        setXZero(b, HEADER, REGISTERS);
        return new HyperLogLog(b, b.length);
    }

    /** Whether a string passes Redis's isHLLObject checks (magic, encoding, dense size). */
    public static boolean isValid(byte[] value) {
        if (value.length < HEADER || value[0] != 'H' || value[1] != 'Y' || value[2] != 'L' || value[3] != 'L') {
            return false;
        }
        int encoding = value[4] & 0xff;
        return encoding <= SPARSE && (encoding != DENSE || value.length == DENSE_SIZE);
    }

    /** A working copy of a string that {@link #isValid} accepted. */
    public static HyperLogLog of(byte[] value) {
        return new HyperLogLog(Arrays.copyOf(value, value.length + 8), value.length);
    }

    public byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }

    public int encoding() {
        return buf[4];
    }

    public boolean cacheValid() {
        return (buf[HEADER - 1] & 0x80) == 0;
    }

    public long cachedCardinality() {
        long card = 0;
        for (int i = 7; i >= 0; i--) {
            card = (card << 8) | (buf[8 + i] & 0xff);
        }
        return card;
    }

    public void cacheCardinality(long card) {
        for (int i = 0; i < 8; i++) {
            buf[8 + i] = (byte) (card >>> (8 * i));
        }
    }

    public void invalidateCache() {
        buf[HEADER - 1] |= (byte) 0x80;
    }

    // ---- adding ----

    /** Adds an element; returns whether a register changed. */
    public boolean add(byte[] element) {
        long hash = murmurHash64A(element, 0xadc83b19L);
        int index = (int) (hash & (REGISTERS - 1));
        hash >>>= P;
        hash |= 1L << Q;
        int count = Long.numberOfTrailingZeros(hash) + 1;
        return set(index, count);
    }

    /** Raises the register to {@code count} if it is lower; returns whether it changed. */
    public boolean set(int index, int count) {
        if (buf[4] == DENSE) {
            return denseSet(index, count);
        }
        return sparseSet(index, count);
    }

    private boolean denseSet(int index, int count) {
        if (count > denseGet(buf, HEADER, index)) {
            denseSetRegister(buf, HEADER, index, count);
            return true;
        }
        return false;
    }

    static int denseGet(byte[] p, int base, int regnum) {
        int bitPos = regnum * 6;
        int byteIndex = base + bitPos / 8;
        int fb = bitPos & 7;
        int b0 = p[byteIndex] & 0xff;
        int b1 = byteIndex + 1 < p.length ? p[byteIndex + 1] & 0xff : 0;
        return ((b0 >> fb) | (b1 << (8 - fb))) & 63;
    }

    static void denseSetRegister(byte[] p, int base, int regnum, int val) {
        int bitPos = regnum * 6;
        int byteIndex = base + bitPos / 8;
        int fb = bitPos & 7;
        int fb8 = 8 - fb;
        p[byteIndex] = (byte) ((p[byteIndex] & ~(63 << fb)) | (val << fb));
        if (byteIndex + 1 < base + (REGISTERS * 6 + 7) / 8) {
            p[byteIndex + 1] = (byte) ((p[byteIndex + 1] & ~(63 >> fb8)) | (val >> fb8));
        }
    }

    private static boolean isZero(int op) {
        return (op & 0xc0) == 0;
    }

    private static boolean isXZero(int op) {
        return (op & 0xc0) == 0x40;
    }

    private static boolean isVal(int op) {
        return (op & 0x80) != 0;
    }

    private int op(int i) {
        return buf[i] & 0xff;
    }

    private int zeroLen(int i) {
        return (op(i) & 0x3f) + 1;
    }

    private int xzeroLen(int i) {
        return (((op(i) & 0x3f) << 8) | op(i + 1)) + 1;
    }

    private int valValue(int i) {
        return ((op(i) >> 2) & 0x1f) + 1;
    }

    private int valLen(int i) {
        return (op(i) & 0x3) + 1;
    }

    private static byte val(int value, int length) {
        return (byte) (((value - 1) << 2 | (length - 1)) | 0x80);
    }

    private static void setXZero(byte[] p, int at, int length) {
        int l = length - 1;
        p[at] = (byte) ((l >> 8) | 0x40);
        p[at + 1] = (byte) (l & 0xff);
    }

    /** hllSparseSet: updates the run-length opcodes in place, promoting to dense when needed. */
    private boolean sparseSet(int index, int count) {
        if (count > VAL_MAX_VALUE) {
            return promoteAndSet(index, count);
        }
        int p = HEADER;
        int end = len;
        int first = 0;
        int prev = -1;
        int span = 0;
        while (p < end) {
            int oplen = 1;
            int o = op(p);
            if (isZero(o)) {
                span = zeroLen(p);
            } else if (isVal(o)) {
                span = valLen(p);
            } else {
                span = xzeroLen(p);
                oplen = 2;
            }
            if (index <= first + span - 1) {
                break;
            }
            prev = p;
            p += oplen;
            first += span;
        }
        if (span == 0 || p >= end) {
            throw new CorruptedException();
        }
        int o = op(p);
        int next = isXZero(o) ? p + 2 : p + 1;
        if (next >= end) {
            next = -1;
        }
        boolean zero = isZero(o);
        boolean xzero = isXZero(o);
        int runlen = zero ? zeroLen(p) : xzero ? xzeroLen(p) : valLen(p);
        boolean done = false;
        if (!zero && !xzero) {
            if (valValue(p) >= count) {
                return false;
            }
            if (runlen == 1) {
                buf[p] = val(count, 1);
                done = true;
            }
        }
        if (!done && zero && runlen == 1) {
            buf[p] = val(count, 1);
            done = true;
        }
        if (!done) {
            byte[] seq = new byte[5];
            int n = 0;
            int last = first + span - 1;
            if (zero || xzero) {
                if (index != first) {
                    n = putZeros(seq, n, index - first);
                }
                seq[n++] = val(count, 1);
                if (index != last) {
                    n = putZeros(seq, n, last - index);
                }
            } else {
                int current = valValue(p);
                if (index != first) {
                    seq[n++] = val(current, index - first);
                }
                seq[n++] = val(count, 1);
                if (index != last) {
                    seq[n++] = val(current, last - index);
                }
            }
            int oldLen = xzero ? 2 : 1;
            int delta = n - oldLen;
            if (delta > 0 && (long) len + delta > sparseMaxBytes) {
                return promoteAndSet(index, count);
            }
            ensure(len + delta);
            if (delta != 0 && next >= 0) {
                System.arraycopy(buf, next, buf, next + delta, end - next);
            }
            len += delta;
            System.arraycopy(seq, 0, buf, p, n);
            end += delta;
        }
        // Merge adjacent VAL opcodes with the same value, scanning up to 5 opcodes from the previous one.
        p = prev >= 0 ? prev : HEADER;
        int scan = 5;
        while (p < end && scan-- > 0) {
            int c = op(p);
            if (isXZero(c)) {
                p += 2;
                continue;
            } else if (isZero(c)) {
                p++;
                continue;
            }
            if (p + 1 < end && isVal(op(p + 1))) {
                int v1 = valValue(p);
                int v2 = valValue(p + 1);
                if (v1 == v2) {
                    int merged = valLen(p) + valLen(p + 1);
                    if (merged <= VAL_MAX_LEN) {
                        buf[p + 1] = val(v1, merged);
                        System.arraycopy(buf, p + 1, buf, p, end - p - 1);
                        len--;
                        end--;
                        continue;
                    }
                }
            }
            p++;
        }
        invalidateCache();
        return true;
    }

    private static int putZeros(byte[] seq, int n, int length) {
        if (length > ZERO_MAX_LEN) {
            setXZero(seq, n, length);
            return n + 2;
        }
        seq[n] = (byte) (length - 1);
        return n + 1;
    }

    /** The {@code hll-sparse-max-bytes} limit above which a sparse HLL is promoted to dense. */
    public HyperLogLog sparseMaxBytes(long limit) {
        this.sparseMaxBytes = limit;
        return this;
    }

    private boolean promoteAndSet(int index, int count) {
        toDense();
        denseSet(index, count);
        return true;
    }

    private void ensure(int capacity) {
        if (capacity > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(capacity, buf.length * 2));
        }
    }

    /** hllSparseToDense: the header (with its cached cardinality) is kept, the encoding becomes dense. */
    public void toDense() {
        if (buf[4] == DENSE) {
            return;
        }
        byte[] dense = new byte[DENSE_SIZE];
        System.arraycopy(buf, 0, dense, 0, HEADER);
        dense[4] = DENSE;
        int idx = 0;
        int p = HEADER;
        while (p < len) {
            int o = op(p);
            if (isZero(o)) {
                idx += zeroLen(p);
                p++;
            } else if (isXZero(o)) {
                idx += xzeroLen(p);
                p += 2;
            } else {
                int runlen = valLen(p);
                int value = valValue(p);
                if (runlen + idx > REGISTERS) {
                    break;
                }
                while (runlen-- > 0) {
                    denseSetRegister(dense, HEADER, idx++, value);
                }
                p++;
            }
        }
        if (idx != REGISTERS) {
            throw new CorruptedException();
        }
        buf = dense;
        len = DENSE_SIZE;
    }

    // ---- counting and merging ----

    /** Raises {@code max[i]} to this HLL's register i (hllMerge). */
    public void mergeInto(byte[] max) {
        if (buf[4] == DENSE) {
            for (int i = 0; i < REGISTERS; i++) {
                int v = denseGet(buf, HEADER, i);
                if (v > max[i]) {
                    max[i] = (byte) v;
                }
            }
            return;
        }
        int i = 0;
        int p = HEADER;
        while (p < len) {
            int o = op(p);
            if (isZero(o)) {
                i += zeroLen(p);
                p++;
            } else if (isXZero(o)) {
                i += xzeroLen(p);
                p += 2;
            } else {
                int runlen = valLen(p);
                int value = valValue(p);
                if (runlen + i > REGISTERS) {
                    break;
                }
                while (runlen-- > 0) {
                    if (value > max[i]) {
                        max[i] = (byte) value;
                    }
                    i++;
                }
                p++;
            }
        }
        if (i != REGISTERS) {
            throw new CorruptedException();
        }
    }

    /** The estimated cardinality of this HLL (hllCount). */
    public long count() {
        int[] histogram = new int[64];
        if (buf[4] == DENSE) {
            for (int i = 0; i < REGISTERS; i++) {
                histogram[denseGet(buf, HEADER, i)]++;
            }
        } else {
            int idx = 0;
            int p = HEADER;
            while (p < len) {
                int o = op(p);
                if (isZero(o)) {
                    int r = zeroLen(p);
                    idx += r;
                    histogram[0] += r;
                    p++;
                } else if (isXZero(o)) {
                    int r = xzeroLen(p);
                    idx += r;
                    histogram[0] += r;
                    p += 2;
                } else {
                    int r = valLen(p);
                    idx += r;
                    histogram[valValue(p)] += r;
                    p++;
                }
            }
            if (idx != REGISTERS) {
                throw new CorruptedException();
            }
        }
        return estimate(histogram);
    }

    /** The estimated cardinality of raw registers, one per byte (PFCOUNT of several keys). */
    public static long count(byte[] registers) {
        int[] histogram = new int[64];
        for (byte r : registers) {
            histogram[r]++;
        }
        return estimate(histogram);
    }

    /** Otmar Ertl's improved estimator, as Redis computes it since 5.0. */
    private static long estimate(int[] histogram) {
        double m = REGISTERS;
        double z = m * tau((m - histogram[Q + 1]) / m);
        for (int j = Q; j >= 1; --j) {
            z += histogram[j];
            z *= 0.5;
        }
        z += m * sigma(histogram[0] / m);
        double e = ALPHA_INF * m * m / z;
        long rounded = (long) e; // llroundl: half away from zero (e is never negative)
        if (e - rounded >= 0.5) {
            rounded++;
        }
        return rounded;
    }

    private static double sigma(double x) {
        if (x == 1.) {
            return Double.POSITIVE_INFINITY;
        }
        double zPrime;
        double y = 1;
        double z = x;
        do {
            x *= x;
            zPrime = z;
            z += x * y;
            y += y;
        } while (zPrime != z);
        return z;
    }

    private static double tau(double x) {
        if (x == 0. || x == 1.) {
            return 0.;
        }
        double zPrime;
        double y = 1.0;
        double z = 1 - x;
        do {
            x = Math.sqrt(x);
            zPrime = z;
            y *= 0.5;
            double d = 1 - x;
            z -= d * d * y;
        } while (zPrime != z);
        return z / 3;
    }

    // ---- self test ----

    /** Register-access rounds of the self test; Redis runs 1000, a few suffice to catch a packing error. */
    private static final int TEST_CYCLES = 16;
    /** The last cardinality checked; Redis goes to 10^7, which costs seconds for one command. */
    private static final long TEST_MAX_CARDINALITY = 1_000_000;

    /**
     * PFSELFTEST (Redis's pfselftestCommand): checks that dense registers keep their values without
     * disturbing their neighbours, then adds the same unique elements to a dense and a sparse HLL and
     * checks at each power of ten that small ones stay sparse, both encodings agree and the error stays
     * within six standard errors. Returns null on success, else the error (Redis sends it as ERR TESTFAILED).
     */
    public static String selfTest(java.util.random.RandomGenerator random, long sparseMaxBytes) {
        byte[] registers = new byte[DENSE_SIZE];
        byte[] expected = new byte[REGISTERS];
        for (int j = 0; j < TEST_CYCLES; j++) {
            for (int i = 0; i < REGISTERS; i++) {
                expected[i] = (byte) random.nextInt(64);
                denseSetRegister(registers, HEADER, i, expected[i]);
            }
            for (int i = 0; i < REGISTERS; i++) {
                int value = denseGet(registers, HEADER, i);
                if (value != expected[i]) {
                    return "ERR TESTFAILED Register " + i + " should be " + expected[i] + " but is " + value;
                }
            }
        }
        HyperLogLog dense = create();
        dense.toDense();
        HyperLogLog sparse = create().sparseMaxBytes(sparseMaxBytes);
        double relerr = 1.04 / Math.sqrt(REGISTERS);
        long seed = random.nextLong();
        byte[] element = new byte[8];
        long checkpoint = 1;
        for (long j = 1; j <= TEST_MAX_CARDINALITY; j++) {
            long ele = j ^ seed;
            for (int b = 0; b < 8; b++) {
                element[b] = (byte) (ele >>> (8 * b));
            }
            dense.add(element);
            sparse.add(element);
            if (j != checkpoint) {
                continue;
            }
            if (j < sparseMaxBytes / 2 && sparse.encoding() != SPARSE) {
                return "ERR TESTFAILED sparse encoding not used";
            }
            long card = dense.count();
            if (card != sparse.count()) {
                return "ERR TESTFAILED dense/sparse disagree";
            }
            long abserr = Math.abs(checkpoint - card);
            // at 10 a collision is statistically likely enough to give a false failure
            long maxerr = j == 10 ? 1 : (long) Math.ceil(relerr * 6 * checkpoint);
            if (abserr > maxerr) {
                return "ERR TESTFAILED Too big error. card:" + checkpoint + " abserr:" + abserr;
            }
            checkpoint *= 10;
        }
        return null;
    }

    /** The register values, one per byte (PFDEBUG GETREG). */
    public byte[] registers() {
        byte[] max = new byte[REGISTERS];
        mergeInto(max);
        return max;
    }

    /** The sparse opcodes as PFDEBUG DECODE lists them: {@code z:len}, {@code Z:len}, {@code v:value,len}. */
    public String decodeSparse() {
        StringBuilder decoded = new StringBuilder();
        int p = HEADER;
        while (p < len) {
            int o = op(p);
            if (decoded.length() > 0) {
                decoded.append(' ');
            }
            if (isZero(o)) {
                decoded.append("z:").append(zeroLen(p));
                p++;
            } else if (isXZero(o)) {
                decoded.append("Z:").append(xzeroLen(p));
                p += 2;
            } else {
                decoded.append("v:").append(valValue(p)).append(',').append(valLen(p));
                p++;
            }
        }
        return decoded.toString();
    }

    /** MurmurHash2, 64-bit version (MurmurHash64A), reading 8-byte blocks little endian. */
    static long murmurHash64A(byte[] key, long seed) {
        final long m = 0xc6a4a7935bd1e995L;
        final int r = 47;
        int length = key.length;
        long h = seed ^ (length * m);
        int end = length - (length & 7);
        for (int i = 0; i < end; i += 8) {
            long k = 0;
            for (int b = 7; b >= 0; b--) {
                k = (k << 8) | (key[i + b] & 0xffL);
            }
            k *= m;
            k ^= k >>> r;
            k *= m;
            h ^= k;
            h *= m;
        }
        int rest = length & 7;
        if (rest > 0) {
            for (int b = rest - 1; b >= 0; b--) {
                h ^= (key[end + b] & 0xffL) << (8 * b);
            }
            h *= m;
        }
        h ^= h >>> r;
        h *= m;
        h ^= h >>> r;
        return h;
    }
}
