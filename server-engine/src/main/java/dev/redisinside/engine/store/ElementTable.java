package dev.redisinside.engine.store;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The members of a hash or set: a chained hash table of byte strings (each with an optional value)
 * that also links its nodes in insertion order. The order is what Redis's listpack shows for small
 * hashes (HGETALL returns fields as they were first added); the power-of-two buckets give HSCAN/SSCAN
 * the stateless reverse-binary cursor of Redis's dict once a collection is hashtable-encoded, and fair
 * random picks for HRANDFIELD, SRANDMEMBER and SPOP.
 */
public final class ElementTable {

    private static final int MIN_CAPACITY = 4;

    /** One member: its bytes and, for hashes, its value. */
    public static final class Node {
        final byte[] key;
        final int hash;
        byte[] value;
        Node next;
        Node before;
        Node after;

        Node(byte[] key, int hash, byte[] value) {
            this.key = key;
            this.hash = hash;
            this.value = value;
        }

        public byte[] key() {
            return key;
        }

        public byte[] value() {
            return value;
        }

        /** The node inserted after this one, or null. */
        public Node after() {
            return after;
        }
    }

    private Node[] buckets = new Node[MIN_CAPACITY];
    private int size;
    private Node head;
    private Node tail;

    public int size() {
        return size;
    }

    /** The first node in insertion order, or null; walk on with {@link Node#after()}. */
    public Node first() {
        return head;
    }

    public Node find(byte[] key) {
        int h = KeyTable.hash(key);
        for (Node n = buckets[h & (buckets.length - 1)]; n != null; n = n.next) {
            if (n.hash == h && Arrays.equals(n.key, key)) {
                return n;
            }
        }
        return null;
    }

    /** Sets the value of the key, appending it when new; returns whether it was new. */
    public boolean put(byte[] key, byte[] value) {
        Node existing = find(key);
        if (existing != null) {
            existing.value = value;
            return false;
        }
        append(key, value);
        return true;
    }

    /** Appends a key that {@link #find} reported absent. */
    public Node append(byte[] key, byte[] value) {
        if (size >= buckets.length) {
            resize(buckets.length * 2);
        }
        int h = KeyTable.hash(key);
        Node node = new Node(key, h, value);
        int index = h & (buckets.length - 1);
        node.next = buckets[index];
        buckets[index] = node;
        node.before = tail;
        if (tail == null) {
            head = node;
        } else {
            tail.after = node;
        }
        tail = node;
        size++;
        return node;
    }

    /** Removes the key; returns its node, or null when absent. */
    public Node remove(byte[] key) {
        int h = KeyTable.hash(key);
        int index = h & (buckets.length - 1);
        Node previous = null;
        for (Node n = buckets[index]; n != null; previous = n, n = n.next) {
            if (n.hash == h && Arrays.equals(n.key, key)) {
                if (previous == null) {
                    buckets[index] = n.next;
                } else {
                    previous.next = n.next;
                }
                unlinkOrder(n);
                size--;
                if (buckets.length > MIN_CAPACITY && size < buckets.length / 8) {
                    resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(size, 1)) * 2));
                }
                return n;
            }
        }
        return null;
    }

    public void forEach(Consumer<Node> action) {
        for (Node n = head; n != null; n = n.after) {
            action.accept(n);
        }
    }

    /**
     * Visits the buckets at the cursor in reverse-binary order until at least {@code count} nodes were
     * visited, ten times {@code count} buckets were tried, or the table is exhausted (like Redis's
     * dictScan loop in scanGenericCommand). Returns the next cursor, 0 when done.
     */
    public long scan(long cursor, long count, Consumer<Node> visitor) {
        if (size == 0) {
            return 0;
        }
        long mask = buckets.length - 1;
        long v = cursor;
        long visited = 0;
        long iterations = count * 10;
        do {
            for (Node n = buckets[(int) (v & mask)]; n != null; n = n.next) {
                visitor.accept(n);
                visited++;
            }
            v |= ~mask;
            v = Long.reverse(v);
            v++;
            v = Long.reverse(v);
        } while (v != 0 && iterations-- > 0 && visited < count);
        return v;
    }

    /** A random node, each with the same chance (drawn as {@link KeyTable#random} does); null when empty. */
    public Node random() {
        if (size == 0) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (size <= 8) {
            return at(random.nextInt(size));
        }
        while (true) {
            Node head = buckets[random.nextInt(buckets.length)];
            int length = 0;
            for (Node n = head; n != null; n = n.next) {
                length++;
            }
            int pick = random.nextInt(Math.max(length, KeyTable.FAIR_CHAIN));
            if (pick < length) {
                Node n = head;
                while (pick-- > 0) {
                    n = n.next;
                }
                return n;
            }
        }
    }

    /** The node at a position in insertion order (linear; for small collections). */
    public Node at(int index) {
        Node n = head;
        for (int i = 0; i < index; i++) {
            n = n.after;
        }
        return n;
    }

    /** A copy with the same members in the same order (values are shared: they are never mutated). */
    public ElementTable copy() {
        ElementTable copy = new ElementTable();
        int capacity = MIN_CAPACITY;
        while (capacity < size) {
            capacity *= 2;
        }
        copy.buckets = new Node[capacity];
        for (Node n = head; n != null; n = n.after) {
            copy.append(n.key, n.value);
        }
        return copy;
    }

    private void unlinkOrder(Node n) {
        if (n.before == null) {
            head = n.after;
        } else {
            n.before.after = n.after;
        }
        if (n.after == null) {
            tail = n.before;
        } else {
            n.after.before = n.before;
        }
        n.next = null;
        n.before = null;
        n.after = null;
    }

    private void resize(int capacity) {
        Node[] table = new Node[capacity];
        int mask = capacity - 1;
        for (Node bucket : buckets) {
            for (Node n = bucket; n != null; ) {
                Node next = n.next;
                int index = n.hash & mask;
                n.next = table[index];
                table[index] = n;
                n = next;
            }
        }
        buckets = table;
    }

    /** The length of each bucket's chain (DEBUG HTSTATS). */
    public int[] chainLengths() {
        int[] lengths = new int[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            for (Node e = buckets[i]; e != null; e = e.next) {
                lengths[i]++;
            }
        }
        return lengths;
    }
}
