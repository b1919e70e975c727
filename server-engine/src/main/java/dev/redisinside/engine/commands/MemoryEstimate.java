package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Numbers;
import dev.redisinside.engine.store.EncodingLimits;
import dev.redisinside.engine.store.RedisHash;
import dev.redisinside.engine.store.RedisSet;
import dev.redisinside.engine.store.RedisValue;
import dev.redisinside.engine.store.RedisZSet;

/**
 * Memory figures in Redis's terms. Strings are sized exactly as Redis 7.0 with jemalloc sizes them
 * (dict entry, key sds, robj and int/embstr/raw encodings, rounded to jemalloc's size classes); other
 * types get an estimate from their element count and encoding. Server totals come from the JVM heap.
 */
final class MemoryEstimate {

    /** What an empty Redis 7.0 reports as used_memory_startup. */
    static final long STARTUP_BYTES = 876048;

    private static final int DICT_ENTRY = 24;
    private static final int ROBJ = 16;
    private static final int EMBSTR_LIMIT = 44;

    private static long peak;

    private MemoryEstimate() {
    }

    /** MEMORY USAGE: the key's dict entry, its key string and its value. */
    static long ofKey(byte[] key, Object value, EncodingLimits limits) {
        return DICT_ENTRY + sdsSize(key.length) + ofValue(value, limits);
    }

    /** Strings exactly; hashes, sets and sorted sets by element count and encoding (no per-element sizes). */
    private static long ofValue(Object value, EncodingLimits limits) {
        if (value instanceof byte[] bytes) {
            if (bytes.length <= 20 && Numbers.parse(bytes) != null) {
                return ROBJ;
            }
            if (bytes.length <= EMBSTR_LIMIT) {
                return allocation(ROBJ + 3 + bytes.length + 1);
            }
            return ROBJ + sdsSize(bytes.length);
        }
        int elements = value instanceof RedisHash h ? h.size() * 2 : value instanceof RedisSet set ? set.size()
                : value instanceof RedisZSet z ? z.size() * 2 : 16;
        String encoding = ((RedisValue) value).encoding(limits);
        if (encoding.equals("listpack") || encoding.equals("intset") || encoding.equals("ziplist")) {
            return ROBJ + allocation(7 + elements * 10L);
        }
        long table = allocation(Long.highestOneBit(Math.max(4, elements)) * 2 * 8);
        return ROBJ + 48 + table + elements * (DICT_ENTRY + 16L);
    }

    /** An sds string's allocation: header by length class, the bytes and the terminator. */
    private static long sdsSize(int length) {
        int header = length < 32 ? 1 : length < 256 ? 3 : length < 65536 ? 5 : 9;
        return allocation(header + length + 1);
    }

    /** jemalloc's size class for a request: 8, 16, then steps of 16 up to 128, then 4 classes per doubling. */
    static long allocation(long n) {
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

    /** The JVM's heap in use, our used_memory. */
    static synchronized long usedMemory() {
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        peak = Math.max(peak, used);
        return used;
    }

    static synchronized long peak() {
        return peak;
    }

    /** Redis's bytesToHuman. */
    static String human(long n) {
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
