package dev.redisinside.engine.store;

import java.util.Arrays;

/**
 * A string value that is not a plain {@code byte[]}. Most strings are stored as {@code byte[]} (the
 * cheap common case, reported as int/embstr/raw by their content). This class covers the two cases
 * where Redis's encoding does not follow from the content:
 * <ul>
 * <li>strings grown or patched in place by APPEND and SETRANGE: Redis keeps them as "raw" sds with free
 * space, so repeated APPENDs are amortised O(1); here a buffer with spare capacity does the same;</li>
 * <li>INCRBYFLOAT results that look like integers ("11"): Redis stores them as "embstr", not "int".</li>
 * </ul>
 * Its {@link #type()} is STRING; readers that only need the bytes use {@link Database#getString}.
 */
public final class MutableString implements RedisValue {

    private static final int ONE_MEGABYTE = 1024 * 1024;

    private byte[] buffer;
    private int length;
    private final boolean embedded;

    private MutableString(byte[] buffer, int length, boolean embedded) {
        this.buffer = buffer;
        this.length = length;
        this.embedded = embedded;
    }

    /** A string Redis reports as embstr whatever its content (it takes ownership of the array). */
    public static MutableString embedded(byte[] bytes) {
        return new MutableString(bytes, bytes.length, true);
    }

    /** A raw string of the given length, all zero bytes (SETRANGE on a missing key). */
    public static MutableString zeroed(int length) {
        return new MutableString(new byte[length], length, false);
    }

    /**
     * The value of an APPEND/SETRANGE target as a raw string: the value itself if it already is one,
     * else a copy with room for {@code extra} more bytes (Redis's dbUnshareStringValue).
     */
    public static MutableString unshare(Object stringValue, int extra) {
        if (stringValue instanceof MutableString s) {
            if (!s.embedded) {
                return s;
            }
            return new MutableString(Arrays.copyOf(s.buffer, grownCapacity(s.length, extra)), s.length, false);
        }
        byte[] bytes = (byte[]) stringValue;
        return new MutableString(Arrays.copyOf(bytes, grownCapacity(bytes.length, extra)), bytes.length, false);
    }

    public int length() {
        return length;
    }

    /** The backing array; only the first {@link #length()} bytes belong to the value. Do not modify. */
    public byte[] array() {
        return buffer;
    }

    /** A copy of exactly the value's bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, length);
    }

    /** Appends bytes, growing the buffer like sds: doubling up to 1 MB, then by 1 MB steps. */
    public void append(byte[] bytes) {
        ensureLength(length + bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    /** Writes bytes at the offset, zero-padding any gap past the current end (SETRANGE). */
    public void setRange(int offset, byte[] bytes) {
        int end = offset + bytes.length;
        if (end > length) {
            ensureLength(end);
            length = end;
        }
        System.arraycopy(bytes, 0, buffer, offset, bytes.length);
    }

    private void ensureLength(int needed) {
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, grownCapacity(0, needed));
        }
    }

    private static int grownCapacity(int length, int extra) {
        if (extra == 0) {
            return length;
        }
        long needed = (long) length + extra;
        long grown = needed < ONE_MEGABYTE ? needed * 2 : needed + ONE_MEGABYTE;
        return (int) Math.min(grown, Integer.MAX_VALUE - 8);
    }

    @Override
    public ValueType type() {
        return ValueType.STRING;
    }

    @Override
    public String encoding(EncodingLimits limits) {
        return embedded ? "embstr" : "raw";
    }

    @Override
    public RedisValue copy() {
        return new MutableString(Arrays.copyOf(buffer, length), length, embedded);
    }

    @Override
    public boolean isEmpty() {
        return false;
    }
}
