package dev.redisinside.engine.store;

/**
 * One key of a database: its bytes, its value, its deadline and its access clock. A single object per
 * key keeps the per-key overhead close to Redis's dictEntry + robj.
 */
public final class KeyEntry {

    /** {@link #expireAt} of a key without a time to live. */
    public static final long NO_EXPIRY = -1;

    final byte[] key;
    final int hash;
    Object value;
    long expireAt = NO_EXPIRY;
    int lru;
    int volatileIndex = -1;
    /**
     * This key's share of used_memory ({@link MemoryEstimate#ofKey}); {@code ~bytes} (negative) while the
     * value awaits re-estimation after an in-place write. An int keeps the entry at 48 bytes.
     */
    int memory;
    KeyEntry next;

    KeyEntry(byte[] key, int hash, Object value) {
        this.key = key;
        this.hash = hash;
        this.value = value;
    }

    public byte[] key() {
        return key;
    }

    public Object value() {
        return value;
    }

    /** Absolute deadline in server-clock milliseconds, or {@link #NO_EXPIRY}. */
    public long expireAt() {
        return expireAt;
    }

    /** Last access in server-clock seconds (Redis's LRU clock), or the LFU counter in LFU policies. */
    public int lru() {
        return lru;
    }

    public void lru(int lru) {
        this.lru = lru;
    }

    /** The bytes last estimated for this key, whether or not a newer estimate is pending. */
    int accounted() {
        return memory >= 0 ? memory : ~memory;
    }
}
