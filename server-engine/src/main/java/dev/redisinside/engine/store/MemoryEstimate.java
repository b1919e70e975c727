package dev.redisinside.engine.store;

import dev.redisinside.engine.command.Numbers;
import dev.redisinside.engine.protocol.DoubleFormat;

import java.util.ArrayList;
import java.util.List;

/**
 * Memory figures in Redis's terms. Strings are sized exactly as Redis 7.0 with jemalloc sizes them
 * (dict entry, key sds, robj and int/embstr/raw encodings, rounded to jemalloc's size classes); other
 * listpack hashes and sorted sets and intset sets exactly (entry encodings summed, rounded likewise);
 * hashtable and skiplist encodings as Redis samples them; quicklists and streams from their first elements
 * or nodes. The same figure, kept per key by {@link Database}, is the dataset part of used_memory.
 */
public final class MemoryEstimate {

    /** What an empty Redis 7.0 reports as used_memory_startup. */
    public static final long STARTUP_BYTES = 876048;

    /** MEMORY USAGE's default SAMPLES, also used for the per-key accounting. */
    public static final int DEFAULT_SAMPLES = 5;

    /** A dict entry, a bucket pointer: the per-key costs of Redis's main and expires dicts. */
    public static final int DICT_ENTRY = 24;
    static final int BUCKET = 8;

    private static final int ROBJ = 16;
    private static final int EMBSTR_LIMIT = 44;

    private MemoryEstimate() {
    }

    /** MEMORY USAGE: the key's dict entry, its key string and its value. */
    public static long ofKey(byte[] key, Object value, EncodingLimits limits, long samples) {
        return DICT_ENTRY + sdsSize(key.length) + ofValue(value, limits, samples);
    }

    /** Sizes of short sds strings and of embstr objects by length, so that SET's path only looks them up. */
    private static final int[] SHORT_SDS = new int[32];
    private static final int[] EMBSTR = new int[EMBSTR_LIMIT + 1];

    static {
        for (int n = 0; n < SHORT_SDS.length; n++) {
            SHORT_SDS[n] = (int) allocation(1 + n + 1);
        }
        for (int n = 0; n <= EMBSTR_LIMIT; n++) {
            EMBSTR[n] = (int) allocation(ROBJ + 3 + n + 1);
        }
    }

    /** {@link #ofKey} for a plain string value: small, so that it inlines into SET's path. */
    static long ofStringKey(byte[] key, byte[] value) {
        int k = key.length;
        return DICT_ENTRY + (k < SHORT_SDS.length ? SHORT_SDS[k] : sdsSize(k)) + ofString(value);
    }

    /** A string's robj: int encoded (no allocation), embstr, or raw with its sds. */
    private static long ofString(byte[] bytes) {
        int n = bytes.length;
        if (n <= 20 && n > 0 && (bytes[0] == '-' || bytes[0] >= '0' && bytes[0] <= '9') && Numbers.parse(bytes) != null) {
            return ROBJ;
        }
        return n <= EMBSTR_LIMIT ? EMBSTR[n] : ROBJ + sdsSize(n);
    }

    /** The value's robj and its allocations. */
    private static long ofValue(Object value, EncodingLimits limits, long samples) {
        if (value instanceof byte[] bytes) {
            return ofString(bytes);
        }
        if (value instanceof MutableString string) {
            return string.isEmbedded() && string.length() <= EMBSTR_LIMIT
                    ? allocation(ROBJ + 3 + string.length() + 1) : ROBJ + string.allocation();
        }
        if (value instanceof RedisList list) {
            return ROBJ + quicklist(list, limits, samples);
        }
        if (value instanceof RedisStream stream) {
            return ROBJ + STREAM + stream.sampledNodeBytes(samples);
        }
        RedisValue typed = (RedisValue) value;
        String encoding = typed.encoding(limits);
        if (typed instanceof RedisHash hash && encoding.equals("listpack")) {
            long bytes = LISTPACK_OVERHEAD;
            for (ElementTable.Node n = hash.table().first(); n != null; n = n.after()) {
                bytes += listpackEntry(n.key()) + listpackEntry(n.value());
            }
            return ROBJ + allocation(bytes);
        }
        if (typed instanceof RedisZSet zset && encoding.equals("listpack")) {
            long bytes = LISTPACK_OVERHEAD;
            for (RedisZSet.Node n = zset.first(); n != null; n = n.next()) {
                bytes += listpackEntry(n.member()) + listpackEntry(score(n.score()));
            }
            return ROBJ + allocation(bytes);
        }
        if (typed instanceof RedisSet set && encoding.equals("intset")) {
            int width = 2;
            for (byte[] member : set.members()) {
                long v = Numbers.parse(member);
                width = Math.max(width, v == (short) v ? 2 : v == (int) v ? 4 : 8);
            }
            return ROBJ + allocation(8 + (long) width * set.size());
        }
        return ROBJ + hashtable(typed, samples);
    }

    private static final int DICT = 56;
    private static final int QUICKLIST = 40;
    private static final int QUICKLIST_NODE = 40;
    /** The stream struct and its radix tree (as a one-node stream measures in Redis 7.0). */
    private static final int STREAM = 584;

    /**
     * A quicklist: its struct, and listpack nodes filled up to list-max-listpack-size (bytes when negative,
     * entries when positive), from the average entry of elements sampled at even steps (all of them for a
     * short list, so a one-node list is exact).
     */
    private static long quicklist(RedisList list, EncodingLimits limits, long samples) {
        int size = list.size();
        if (size == 0) {
            return QUICKLIST;
        }
        int sampled = size <= 128 ? size : (int) Math.max(1, Math.min(size, samples * 16));
        long sum = 0;
        for (int i = 0; i < sampled; i++) {
            sum += listpackEntry(list.get((int) ((long) i * size / sampled)));
        }
        double entryBytes = (double) sum / sampled;
        long fill = limits == null ? -2 : limits.listMaxListpackSize();
        long perNode;
        if (fill < 0) {
            long maxBytes = 4096L << Math.min(4, -fill - 1);
            perNode = Math.max(1, (long) ((maxBytes - LISTPACK_OVERHEAD) / entryBytes));
        } else {
            perNode = Math.max(1, fill);
        }
        long nodes = (size + perNode - 1) / perNode;
        long nodeBytes = allocation(LISTPACK_OVERHEAD + (long) Math.ceil(entryBytes * size / nodes));
        return QUICKLIST + nodes * (QUICKLIST_NODE + nodeBytes);
    }

    /**
     * Redis's objectComputeSize for dict encodings: the dict and its bucket array, plus the average size
     * of the first {@code samples} elements times their count. Skiplist nodes are counted at level 1
     * (Redis draws their level at random).
     */
    private static long hashtable(RedisValue value, long samples) {
        int size;
        long overhead = DICT;
        List<Long> elements = new ArrayList<>();
        if (value instanceof RedisHash hash) {
            size = hash.size();
            for (ElementTable.Node n = hash.table().first(); n != null && elements.size() < samples; n = n.after()) {
                elements.add(DICT_ENTRY + sdsSize(n.key().length) + sdsSize(n.value().length));
            }
        } else if (value instanceof RedisSet set) {
            size = set.size();
            for (byte[] member : set.members()) {
                if (elements.size() >= samples) {
                    break;
                }
                elements.add(DICT_ENTRY + sdsSize(member.length));
            }
        } else if (value instanceof RedisZSet zset) {
            size = zset.size();
            overhead += 16 + 32 + allocation(24 + 32 * 16);
            for (RedisZSet.Node n = zset.first(); n != null && elements.size() < samples; n = n.next()) {
                elements.add(sdsSize(n.member().length) + DICT_ENTRY + allocation(24 + 16));
            }
        } else {
            return 128;
        }
        long total = overhead + BUCKET * dictSlots(size);
        if (!elements.isEmpty()) {
            long sum = 0;
            for (long e : elements) {
                sum += e;
            }
            total += (long) ((double) sum / elements.size() * size);
        }
        return total;
    }

    /** Listpack header (total bytes, count) and end marker. */
    private static final int LISTPACK_OVERHEAD = 7;

    /** One listpack entry: integer or string encoding, the data, and the back-length. */
    private static long listpackEntry(byte[] element) {
        long size;
        Long v = element.length <= 20 ? Numbers.parse(element) : null;
        if (v != null) {
            size = v >= 0 && v <= 127 ? 1 : v >= -4096 && v <= 4095 ? 2 : v >= -32768 && v <= 32767 ? 3
                    : v >= -8388608 && v <= 8388607 ? 4 : v == (int) (long) v ? 5 : 9;
        } else {
            int n = element.length;
            size = (n < 64 ? 1 : n < 4096 ? 2 : 5) + n;
        }
        int backlen = size <= 127 ? 1 : size < 16383 ? 2 : size < 2097151 ? 3 : size < 268435455 ? 4 : 5;
        return size + backlen;
    }

    /** A sorted set score as a listpack stores it (Redis's d2string: integral values as integers). */
    private static byte[] score(double score) {
        String text;
        if (Double.isNaN(score)) {
            text = "nan";
        } else if (Double.isInfinite(score)) {
            text = score < 0 ? "-inf" : "inf";
        } else if (score == 0) {
            text = 1.0 / score < 0 ? "-0" : "0";
        } else if (Math.abs(score) <= Long.MAX_VALUE / 2 && score == (long) score) {
            text = Long.toString((long) score);
        } else {
            text = DoubleFormat.g17(score);
        }
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** An sds string's allocation: header by length class, the bytes and the terminator. */
    private static long sdsSize(int length) {
        return allocation(Allocations.sdsHeader(length) + length + 1);
    }

    /** jemalloc's size class for a request. */
    public static long allocation(long n) {
        return Allocations.sizeClass(n);
    }

    /** Slots of a Redis dict holding {@code size} entries: a power of two, at least 4, none when empty. */
    public static long dictSlots(long size) {
        return size == 0 ? 0 : Math.max(4, Long.highestOneBit(Math.max(1, size - 1)) << 1);
    }

    /** Redis's bytesToHuman. */
    public static String human(long n) {
        if (n < 1024) {
            return n + "B";
        }
        String[] units = {"K", "M", "G", "T", "P"};
        double d = n;
        for (String unit : units) {
            d /= 1024;
            if (d < 1024 || unit.equals("P")) {
                return String.format(java.util.Locale.ROOT, "%.2f%s", d, unit);
            }
        }
        return n + "B";
    }
}
