package dev.redisinside.engine.store;

import dev.redisinside.engine.command.Numbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A set. While every member is a 64-bit integer in Redis's canonical form and there are at most
 * {@code set-max-intset-entries} of them it is an "intset": a sorted array of longs, which is why
 * SMEMBERS of such a set answers in ascending numeric order. Otherwise it is a "hashtable" (Redis 7.0
 * has no listpack sets) and never converts back. Conversions happen when writing.
 */
public final class RedisSet implements RedisValue {

    /** Redis caps intsets at 2^30 entries whatever the configuration says. */
    private static final long INTSET_HARD_LIMIT = 1L << 30;

    private long[] ints;
    private int intCount;
    private ElementTable table;

    private RedisSet(long[] ints, int intCount, ElementTable table) {
        this.ints = ints;
        this.intCount = intCount;
        this.table = table;
    }

    /** An empty intset, the starting point of SINTERSTORE, SUNION and SDIFF results. */
    public static RedisSet intset() {
        return new RedisSet(new long[4], 0, null);
    }

    /** An empty set with the encoding Redis picks for its first member (setTypeCreate). */
    public static RedisSet forFirstMember(byte[] member) {
        return Numbers.parse(member) != null ? intset() : new RedisSet(null, 0, new ElementTable());
    }

    @Override
    public ValueType type() {
        return ValueType.SET;
    }

    @Override
    public String encoding(EncodingLimits limits) {
        return table == null ? "intset" : "hashtable";
    }

    @Override
    public RedisSet copy() {
        return table == null ? new RedisSet(ints.clone(), intCount, null) : new RedisSet(null, 0, table.copy());
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    public int size() {
        return table == null ? intCount : table.size();
    }

    public boolean isIntset() {
        return table == null;
    }

    public boolean contains(byte[] member) {
        if (table != null) {
            return table.find(member) != null;
        }
        Long value = Numbers.parse(member);
        return value != null && Arrays.binarySearch(ints, 0, intCount, value) >= 0;
    }

    /** Adds the member; returns whether it was new. Converts to hashtable as Redis's setTypeAdd does. */
    public boolean add(byte[] member, EncodingLimits limits) {
        if (table != null) {
            if (table.find(member) != null) {
                return false;
            }
            table.append(member, null);
            return true;
        }
        Long value = Numbers.parse(member);
        if (value == null) {
            convert();
            table.append(member, null);
            return true;
        }
        int index = Arrays.binarySearch(ints, 0, intCount, value);
        if (index >= 0) {
            return false;
        }
        int at = -index - 1;
        if (intCount == ints.length) {
            ints = Arrays.copyOf(ints, ints.length * 2);
        }
        System.arraycopy(ints, at, ints, at + 1, intCount - at);
        ints[at] = value;
        intCount++;
        if (intCount > Math.min(limits.setMaxIntsetEntries(), INTSET_HARD_LIMIT)) {
            convert();
        }
        return true;
    }

    public boolean remove(byte[] member) {
        if (table != null) {
            return table.remove(member) != null;
        }
        Long value = Numbers.parse(member);
        if (value == null) {
            return false;
        }
        int index = Arrays.binarySearch(ints, 0, intCount, value);
        if (index < 0) {
            return false;
        }
        System.arraycopy(ints, index + 1, ints, index, intCount - index - 1);
        intCount--;
        return true;
    }

    /** Visits every member: ascending for an intset, insertion order for a hashtable. */
    public void forEach(Consumer<byte[]> action) {
        if (table == null) {
            for (int i = 0; i < intCount; i++) {
                action.accept(Numbers.toBytes(ints[i]));
            }
        } else {
            for (ElementTable.Node n = table.first(); n != null; n = n.after()) {
                action.accept(n.key());
            }
        }
    }

    /** The hash table of a hashtable-encoded set, null for an intset. */
    public ElementTable table() {
        return table;
    }

    /** The members in iteration order. */
    public List<byte[]> members() {
        List<byte[]> members = new ArrayList<>(size());
        forEach(members::add);
        return members;
    }

    /** A random member (the set must not be empty). */
    public byte[] random() {
        if (table == null) {
            return Numbers.toBytes(ints[ThreadLocalRandom.current().nextInt(intCount)]);
        }
        return table.random().key();
    }

    /**
     * For SSCAN: an intset answers everything at once with cursor 0; a hashtable is scanned with
     * Redis's reverse-binary cursor. Returns the next cursor.
     */
    public long scan(long cursor, long count, Consumer<byte[]> visitor) {
        if (table == null) {
            forEach(visitor);
            return 0;
        }
        return table.scan(cursor, count, node -> visitor.accept(node.key()));
    }

    private void convert() {
        ElementTable converted = new ElementTable();
        for (int i = 0; i < intCount; i++) {
            converted.append(Numbers.toBytes(ints[i]), null);
        }
        table = converted;
        ints = null;
        intCount = 0;
    }
}
