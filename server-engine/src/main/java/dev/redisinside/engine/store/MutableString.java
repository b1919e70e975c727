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

    /** The longest string Redis stores as embstr. */
    private static final int EMBSTR_LIMIT = 44;

    /** The capacity is the sds's alloc: what Redis could write without reallocating. */
    private byte[] buffer;
    private int length;
    private int header;
    private final boolean embedded;

    private MutableString(byte[] buffer, int length, int header, boolean embedded) {
        this.buffer = buffer;
        this.length = length;
        this.header = header;
        this.embedded = embedded;
    }

    /** A string Redis reports as embstr whatever its content (it takes ownership of the array). */
    public static MutableString embedded(byte[] bytes) {
        return new MutableString(bytes, bytes.length, Allocations.sdsHeader(bytes.length), true);
    }

    /** A raw string of the given length, all zero bytes (SETRANGE or SETBIT on a missing key). */
    public static MutableString zeroed(int length) {
        return exact(new byte[length], length);
    }

    /**
     * The value of an APPEND/SETRANGE/SETBIT target as a raw string: the value itself if it already is one,
     * else a copy of exactly its bytes (Redis's dbUnshareStringValue); writing past its end grows it.
     */
    public static MutableString unshare(Object stringValue) {
        if (stringValue instanceof MutableString s) {
            return s.embedded ? exact(s.buffer, s.length) : s;
        }
        byte[] bytes = (byte[]) stringValue;
        if (bytes.length <= EMBSTR_LIMIT) {
            return exact(bytes, bytes.length);
        }
        // Already raw in Redis, where tryObjectEncoding dropped the free space if it was over a tenth of the length.
        int header = Allocations.sdsHeader(bytes.length);
        int capacity = usable(header, bytes.length);
        if (capacity - bytes.length > bytes.length / 10) {
            capacity = bytes.length;
        }
        return new MutableString(Arrays.copyOf(bytes, capacity), bytes.length, header, false);
    }

    /** A raw string made by a command (BITOP's result, an HLL's registers): a new sds of exactly these bytes. */
    public static MutableString created(byte[] bytes) {
        return exact(bytes, bytes.length);
    }

    /** A new sds of exactly this length (sdsnewlen): type 5 keeps no free space, other types what jemalloc gives. */
    private static MutableString exact(byte[] bytes, int length) {
        int header = length == 0 ? 3 : Allocations.sdsHeader(length);
        int capacity = header == 1 ? length : usable(header, length);
        return new MutableString(Arrays.copyOf(bytes, capacity), length, header, false);
    }

    /** The sds's allocation, for MEMORY USAGE. */
    public long allocation() {
        return Allocations.sizeClass(header + (long) buffer.length + 1);
    }

    public boolean isEmbedded() {
        return embedded;
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

    /** Appends bytes, growing the buffer like sds. */
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

    /**
     * sdsMakeRoomFor: when the free space is too small, room for twice the needed length (below 1 MB, else
     * 1 MB more), in an sds type that can hold it, with what the size class leaves over.
     */
    private void ensureLength(int needed) {
        if (needed <= buffer.length) {
            return;
        }
        long wanted = needed < ONE_MEGABYTE ? (long) needed * 2 : (long) needed + ONE_MEGABYTE;
        wanted = Math.min(wanted, Integer.MAX_VALUE - 64);
        header = Math.max(3, Allocations.sdsHeader(wanted));
        buffer = Arrays.copyOf(buffer, usable(header, wanted));
    }

    private static int usable(int header, long length) {
        long usable = Allocations.sizeClass(header + length + 1) - header - 1;
        return (int) Math.min(Math.min(usable, Allocations.sdsTypeMax(header)), Integer.MAX_VALUE - 8);
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
        return embedded ? embedded(Arrays.copyOf(buffer, length)) : exact(buffer, length);
    }

    @Override
    public boolean isEmpty() {
        return false;
    }
}
