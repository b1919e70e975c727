package dev.redisinside.engine.store;

/**
 * A list value: a circular array of elements, so that pushes and pops at both ends are O(1) and
 * indexed access (LINDEX, LSET, LRANGE) is O(1) per element. Inserting or removing in the middle
 * shifts the shorter side, as a quicklist's cost also grows with the distance from the ends.
 * Never stored empty: commands delete the key when they remove the last element.
 */
public final class RedisList implements RedisValue {

    private static final int MIN_CAPACITY = 4;

    private byte[][] items;
    private int head;
    private int size;

    public RedisList() {
        items = new byte[MIN_CAPACITY][];
    }

    private RedisList(byte[][] items, int size) {
        this.items = items;
        this.size = size;
    }

    @Override
    public ValueType type() {
        return ValueType.LIST;
    }

    /** Redis 7.0 always encodes lists as a quicklist (the listpack list encoding arrived in 7.2). */
    @Override
    public String encoding(EncodingLimits limits) {
        return "quicklist";
    }

    @Override
    public RedisList copy() {
        byte[][] copy = new byte[capacityFor(size)][];
        for (int i = 0; i < size; i++) {
            copy[i] = get(i);
        }
        return new RedisList(copy, size);
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    public int size() {
        return size;
    }

    /** The element at a 0-based index counted from the head; the index must be in range. */
    public byte[] get(int index) {
        return items[slot(index)];
    }

    public void set(int index, byte[] value) {
        items[slot(index)] = value;
    }

    /**
     * A Redis index (negative counts from the tail) converted to a 0-based index, or -1 when out of
     * range.
     */
    public int index(long redisIndex) {
        long i = redisIndex < 0 ? size + redisIndex : redisIndex;
        return i < 0 || i >= size ? -1 : (int) i;
    }

    public void addFirst(byte[] value) {
        grow();
        head = (head - 1) & (items.length - 1);
        items[head] = value;
        size++;
    }

    public void addLast(byte[] value) {
        grow();
        items[(head + size) & (items.length - 1)] = value;
        size++;
    }

    /** Adds at the head ({@code left}) or at the tail. */
    public void add(boolean left, byte[] value) {
        if (left) {
            addFirst(value);
        } else {
            addLast(value);
        }
    }

    public byte[] removeFirst() {
        byte[] value = items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        shrink();
        return value;
    }

    public byte[] removeLast() {
        int slot = slot(size - 1);
        byte[] value = items[slot];
        items[slot] = null;
        size--;
        shrink();
        return value;
    }

    /** Removes from the head ({@code left}) or from the tail. */
    public byte[] remove(boolean left) {
        return left ? removeFirst() : removeLast();
    }

    /** Inserts so that the value ends up at {@code index} (0..size), shifting the shorter side. */
    public void insert(int index, byte[] value) {
        if (index == 0) {
            addFirst(value);
            return;
        }
        if (index == size) {
            addLast(value);
            return;
        }
        grow();
        if (index < size / 2) {
            head = (head - 1) & (items.length - 1);
            for (int i = 0; i < index; i++) {
                items[slot(i)] = items[slot(i + 1)];
            }
        } else {
            for (int i = size; i > index; i--) {
                items[slot(i)] = items[slot(i - 1)];
            }
        }
        items[slot(index)] = value;
        size++;
    }

    /** Removes {@code count} elements from the head side ({@code fromHead}) or the tail side. */
    public void removeEnds(boolean fromHead, int count) {
        for (int i = 0; i < count; i++) {
            remove(fromHead);
        }
    }

    /**
     * Removes the elements whose flag is set, keeping the order of the others; one pass, so LREM of
     * many elements stays linear.
     */
    public void removeMarked(boolean[] marked) {
        byte[][] kept = new byte[items.length][];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (!marked[i]) {
                kept[n++] = get(i);
            }
        }
        items = kept;
        head = 0;
        size = n;
        shrink();
    }

    /** The smallest power of two (the index arithmetic masks with capacity - 1) that holds n elements. */
    private static int capacityFor(int n) {
        return Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, n - 1)) << 1);
    }

    private int slot(int index) {
        return (head + index) & (items.length - 1);
    }

    private void grow() {
        if (size < items.length) {
            return;
        }
        items = resized(items.length << 1);
    }

    private void shrink() {
        if (items.length > MIN_CAPACITY && size < items.length >>> 2) {
            items = resized(items.length >>> 1);
        }
    }

    private byte[][] resized(int capacity) {
        byte[][] copy = new byte[capacity][];
        int first = Math.min(size, items.length - head);
        System.arraycopy(items, head, copy, 0, first);
        System.arraycopy(items, 0, copy, first, size - first);
        head = 0;
        return copy;
    }
}
