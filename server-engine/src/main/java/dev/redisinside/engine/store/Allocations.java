package dev.redisinside.engine.store;

/**
 * Allocation sizes as Redis 7.0 built with jemalloc sees them: MEMORY USAGE reports them, and an sds string's
 * free space (which decides when APPEND or SETRANGE reallocates) is what its size class leaves over.
 */
public final class Allocations {

    private Allocations() {
    }

    /** jemalloc's size class for a request: 8, 16, then steps of 16 up to 128, then 4 classes per doubling. */
    public static long sizeClass(long n) {
        if (n <= 8) {
            return 8;
        }
        if (n <= 128) {
            return (n + 15) / 16 * 16;
        }
        int power = 63 - Long.numberOfLeadingZeros(n - 1);
        long step = 1L << (power - 2);
        return (n + step - 1) / step * step;
    }

    /** The header of an sds of this length or capacity: type 5 (1 byte) below 32, then types 8, 16, 32. */
    public static int sdsHeader(long length) {
        return length < 32 ? 1 : length < 256 ? 3 : length < 65536 ? 5 : 9;
    }

    /** The most an sds of the header's type can hold (sdsTypeMaxSize). */
    static long sdsTypeMax(int header) {
        return header == 3 ? 255 : header == 5 ? 65535 : header == 9 ? 0xffffffffL : 31;
    }
}
