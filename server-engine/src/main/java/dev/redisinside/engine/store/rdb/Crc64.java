package dev.redisinside.engine.store.rdb;

/**
 * The CRC-64 Redis appends to DUMP payloads and RDB files (crc64.c): the "Jones" polynomial
 * 0xad93d23594c935a9, reflected input and output, initial value 0, no final xor. Check value for
 * "123456789" is 0xe9c6d914c4b8d9ca.
 */
public final class Crc64 {

    private static final long[] TABLE = new long[256];

    static {
        long reflectedPoly = Long.reverse(0xad93d23594c935a9L);
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ reflectedPoly : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc64() {
    }

    /** Continues {@code crc} over {@code length} bytes of {@code data} from {@code offset}. */
    public static long update(long crc, byte[] data, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            crc = TABLE[(int) ((crc ^ data[i]) & 0xff)] ^ (crc >>> 8);
        }
        return crc;
    }

    public static long of(byte[] data, int offset, int length) {
        return update(0, data, offset, length);
    }
}
