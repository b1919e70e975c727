package dev.redisinside.engine.store;

/**
 * A hash. Like Redis it starts "listpack"-encoded, which here only means the fields keep insertion
 * order (observable in HGETALL, HKEYS, HSCAN) and HSCAN returns everything at once; it becomes
 * "hashtable" for good once it holds more than {@code hash-max-listpack-entries} fields or a field or
 * value longer than {@code hash-max-listpack-value} bytes. The conversion happens when writing, with
 * the limits then configured, so {@link #encoding} reports the state rather than recomputing it.
 */
public final class RedisHash implements RedisValue {

    private final ElementTable fields;
    private boolean listpack = true;

    public RedisHash() {
        fields = new ElementTable();
    }

    private RedisHash(ElementTable fields, boolean listpack) {
        this.fields = fields;
        this.listpack = listpack;
    }

    @Override
    public ValueType type() {
        return ValueType.HASH;
    }

    @Override
    public String encoding(EncodingLimits limits) {
        return listpack ? "listpack" : "hashtable";
    }

    @Override
    public RedisHash copy() {
        return new RedisHash(fields.copy(), listpack);
    }

    @Override
    public boolean isEmpty() {
        return fields.size() == 0;
    }

    public int size() {
        return fields.size();
    }

    public boolean isListpack() {
        return listpack;
    }

    public byte[] get(byte[] field) {
        ElementTable.Node node = fields.find(field);
        return node == null ? null : node.value;
    }

    public boolean contains(byte[] field) {
        return fields.find(field) != null;
    }

    /**
     * Converts to hashtable when any of the given lengths exceeds {@code hash-max-listpack-value}, as
     * Redis checks the arguments of HSET and HSETNX before writing (hashTypeTryConversion).
     */
    public void convertIfLonger(long maxValue, byte[][] argv, int from, int to) {
        if (!listpack) {
            return;
        }
        for (int i = from; i <= to; i++) {
            if (argv[i].length > maxValue) {
                listpack = false;
                return;
            }
        }
    }

    /** Sets a field; returns true when it is new. Applies Redis's conversion rules (hashTypeSet). */
    public boolean put(byte[] field, byte[] value, EncodingLimits limits) {
        if (listpack && (field.length > limits.hashMaxListpackValue() || value.length > limits.hashMaxListpackValue())) {
            listpack = false;
        }
        boolean added = fields.put(field, value);
        if (listpack && fields.size() > limits.hashMaxListpackEntries()) {
            listpack = false;
        }
        return added;
    }

    /** Makes the hash "hashtable"-encoded for good (RESTORE of a hash Redis loads as a dict). */
    public void convertToHashtable() {
        listpack = false;
    }

    public boolean remove(byte[] field) {
        return fields.remove(field) != null;
    }

    /** The fields in insertion order (listpack order while small). */
    public ElementTable table() {
        return fields;
    }
}
