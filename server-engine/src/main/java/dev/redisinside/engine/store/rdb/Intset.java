package dev.redisinside.engine.store.rdb;

/**
 * Redis's intset blob (intset.c): encoding width in bytes (2, 4 or 8), element count, then the sorted
 * values, all little endian. The width is the smallest that holds every value.
 */
public final class Intset {

    private Intset() {
    }

    /** The blob for ascending values. */
    public static byte[] encode(long[] values, int count) {
        int width = 2;
        for (int i = 0; i < count; i++) {
            long v = values[i];
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                width = 8;
                break;
            }
            if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                width = 4;
            }
        }
        byte[] bytes = new byte[8 + count * width];
        Listpack.writeLe(bytes, 0, width, 4);
        Listpack.writeLe(bytes, 4, count, 4);
        for (int i = 0; i < count; i++) {
            Listpack.writeLe(bytes, 8 + i * width, values[i], width);
        }
        return bytes;
    }

    /** The values of an intset blob, checked to be strictly ascending as Redis's validation does. */
    public static long[] decode(byte[] bytes) throws RdbFormatException {
        if (bytes.length < 8) {
            throw new RdbFormatException("intset header");
        }
        long width = Listpack.readLe(bytes, 0, 4);
        if (width != 2 && width != 4 && width != 8) {
            throw new RdbFormatException("intset encoding");
        }
        long count = Listpack.readLe(bytes, 4, 4);
        if (8 + count * width != bytes.length) {
            throw new RdbFormatException("intset length");
        }
        long[] values = new long[(int) count];
        int w = (int) width;
        int shift = 64 - 8 * w;
        for (int i = 0; i < count; i++) {
            long v = Listpack.readLe(bytes, 8 + i * w, w);
            values[i] = (v << shift) >> shift;
            if (i > 0 && values[i] <= values[i - 1]) {
                throw new RdbFormatException("intset order");
            }
        }
        return values;
    }
}
