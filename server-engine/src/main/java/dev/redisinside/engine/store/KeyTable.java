package dev.redisinside.engine.store;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A chained hash table of byte-string keys with a power-of-two bucket array. It exists instead of a
 * {@code HashMap} for two Redis behaviours: SCAN's stateless reverse-binary cursor (every key present for
 * the whole scan is returned at least once, even across resizes) and fair random sampling for
 * RANDOMKEY and eviction.
 */
public final class KeyTable {

    private static final int MIN_CAPACITY = 16;
    /** Chains are rarely longer than this at a load factor of at most 1 (see {@link #random}). */
    static final int FAIR_CHAIN = 4;

    private KeyEntry[] buckets = new KeyEntry[MIN_CAPACITY];
    private int size;

    public static int hash(byte[] key) {
        int h = 1;
        for (byte b : key) {
            h = 31 * h + b;
        }
        return h ^ (h >>> 16);
    }

    public int size() {
        return size;
    }

    public KeyEntry get(byte[] key) {
        int h = hash(key);
        for (KeyEntry e = buckets[h & (buckets.length - 1)]; e != null; e = e.next) {
            if (e.hash == h && Arrays.equals(e.key, key)) {
                return e;
            }
        }
        return null;
    }

    /** Adds the key, which must not be present. */
    public KeyEntry add(byte[] key, Object value) {
        if (size >= buckets.length) {
            resize(buckets.length * 2);
        }
        int h = hash(key);
        KeyEntry entry = new KeyEntry(key, h, value);
        int index = h & (buckets.length - 1);
        entry.next = buckets[index];
        buckets[index] = entry;
        size++;
        return entry;
    }

    public KeyEntry remove(byte[] key) {
        int h = hash(key);
        int index = h & (buckets.length - 1);
        KeyEntry previous = null;
        for (KeyEntry e = buckets[index]; e != null; previous = e, e = e.next) {
            if (e.hash == h && Arrays.equals(e.key, key)) {
                if (previous == null) {
                    buckets[index] = e.next;
                } else {
                    previous.next = e.next;
                }
                e.next = null;
                size--;
                if (buckets.length > MIN_CAPACITY && size < buckets.length / 8) {
                    resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(size, 1)) * 2));
                }
                return e;
            }
        }
        return null;
    }

    public void clear() {
        buckets = new KeyEntry[MIN_CAPACITY];
        size = 0;
    }

    public void forEach(Consumer<KeyEntry> action) {
        for (KeyEntry bucket : buckets) {
            for (KeyEntry e = bucket; e != null; ) {
                KeyEntry next = e.next; // the action may remove e
                action.accept(e);
                e = next;
            }
        }
    }

    /**
     * Visits the buckets at the cursor, in reverse-binary order, until at least {@code count} entries
     * were visited or the table is exhausted. Returns the next cursor, 0 when done.
     */
    public long scan(long cursor, int count, Consumer<KeyEntry> visitor) {
        if (size == 0) {
            return 0;
        }
        int mask = buckets.length - 1;
        int v = (int) cursor;
        int visited = 0;
        int maxEmpty = count * 10;
        do {
            KeyEntry e = buckets[v & mask];
            if (e == null) {
                maxEmpty--;
            }
            for (; e != null; e = e.next) {
                visitor.accept(e);
                visited++;
            }
            v |= ~mask;
            v = Integer.reverse(v);
            v++;
            v = Integer.reverse(v);
        } while (v != 0 && visited < count && maxEmpty > 0);
        return v & 0xffffffffL;
    }

    /**
     * A random entry, or null when empty. A bucket is drawn, then a position among {@link #FAIR_CHAIN} (or
     * the chain's length if longer), drawing again when it is past the chain's end: so every key has the
     * same chance, where picking within the drawn chain would favour keys in short chains.
     */
    public KeyEntry random() {
        if (size == 0) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            KeyEntry head = buckets[random.nextInt(buckets.length)];
            int length = 0;
            for (KeyEntry e = head; e != null; e = e.next) {
                length++;
            }
            int pick = random.nextInt(Math.max(length, FAIR_CHAIN));
            if (pick < length) {
                KeyEntry e = head;
                while (pick-- > 0) {
                    e = e.next;
                }
                return e;
            }
        }
    }

    private void resize(int capacity) {
        KeyEntry[] old = buckets;
        KeyEntry[] table = new KeyEntry[capacity];
        int mask = capacity - 1;
        for (KeyEntry bucket : old) {
            for (KeyEntry e = bucket; e != null; ) {
                KeyEntry next = e.next;
                int index = e.hash & mask;
                e.next = table[index];
                table[index] = e;
                e = next;
            }
        }
        buckets = table;
    }

    /** The length of each bucket's chain (DEBUG HTSTATS). */
    public int[] chainLengths() {
        int[] lengths = new int[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            for (KeyEntry e = buckets[i]; e != null; e = e.next) {
                lengths[i]++;
            }
        }
        return lengths;
    }
}
