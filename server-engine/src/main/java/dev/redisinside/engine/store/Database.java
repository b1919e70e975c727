package dev.redisinside.engine.store;

import dev.redisinside.engine.command.RedisErrors;
import dev.redisinside.engine.command.RedisException;

import java.util.function.Consumer;

/**
 * One of the numbered databases: keys to values, with deadlines. Every lookup applies lazy expiry; the
 * write path ({@link #put}, {@link #delete}, {@link #signalModified}) is the one place that tells WATCH
 * and client-side caching that a key changed, and that keeps the memory estimate of the data set: a
 * string is sized as it is written, a collection changed in place is queued and sized when the figure
 * is next read (or the queue fills), so a burst of writes to one key costs one estimate. Only the engine
 * thread touches it.
 */
public final class Database {

    private final int id;
    private final KeyspaceHooks hooks;
    private KeyTable keys = new KeyTable();
    private VolatileKeys volatileKeys = new VolatileKeys();
    private final MemoryTotal total;
    /** Sum of the entries' {@link KeyEntry#accounted} bytes and the dicts' overheads ({@link #usedMemory}). */
    private long memory;
    /** Entries whose value changed since they were sized; duplicates are skipped by the sign of their memory. */
    private KeyEntry[] stale = new KeyEntry[16];
    private int staleCount;

    public Database(int id, KeyspaceHooks hooks) {
        this(id, hooks, new MemoryTotal());
    }

    /** A database whose memory estimate also adds up in {@code total}, shared by a server's databases. */
    public Database(int id, KeyspaceHooks hooks, MemoryTotal total) {
        this.id = id;
        this.hooks = hooks;
        this.total = total;
    }

    public int id() {
        return id;
    }

    public int size() {
        return keys.size();
    }

    public int volatileCount() {
        return volatileKeys.size();
    }

    /** The entry of a live key, removing it first if its deadline has passed. Does not touch the LRU. */
    public KeyEntry entry(byte[] key) {
        KeyEntry entry = keys.get(key);
        if (entry != null && entry.expireAt != KeyEntry.NO_EXPIRY && hooks.now() > entry.expireAt) {
            if (!hooks.expiryPaused()) {
                expire(entry);
            }
            return null;
        }
        return entry;
    }

    /** The value of a live key, or null; records the access for OBJECT IDLETIME and eviction. */
    public Object get(byte[] key) {
        KeyEntry entry = entry(key);
        if (entry == null) {
            return null;
        }
        touch(entry);
        return entry.value;
    }

    /** Records an access to the key: its LRU clock, or its LFU counter under an LFU policy. */
    public void touch(KeyEntry entry) {
        if (hooks.lfuPolicy()) {
            entry.lru = Lfu.access(entry.lru, hooks.now(), hooks.lfuLogFactor(), hooks.lfuDecayTime());
        } else {
            entry.lru = (int) (hooks.now() / 1000);
        }
    }

    /** The access field of a key created now (Redis sets it when it creates the value object). */
    private int freshLru() {
        return hooks.lfuPolicy() ? Lfu.initial(hooks.now()) : (int) (hooks.now() / 1000);
    }

    /** The value if it has the given type, null if the key does not exist, WRONGTYPE otherwise. */
    public Object get(byte[] key, ValueType type) {
        Object value = get(key);
        if (value != null && ValueType.of(value) != type) {
            throw new RedisException(RedisErrors.WRONGTYPE);
        }
        return value;
    }

    /**
     * The string value's bytes, null if absent, WRONGTYPE if the key holds another type. A
     * {@link MutableString} is copied, so the caller may keep the array.
     */
    public byte[] getString(byte[] key) {
        Object value = get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof MutableString string) {
            return string.toByteArray();
        }
        throw new RedisException(RedisErrors.WRONGTYPE);
    }

    public boolean exists(byte[] key) {
        return entry(key) != null;
    }

    /** Stores the value and drops any time to live, like SET. */
    public KeyEntry put(byte[] key, Object value) {
        return put(key, value, false);
    }

    /** Stores the value, keeping the key's time to live when {@code keepTtl} is set (SET KEEPTTL). */
    public KeyEntry put(byte[] key, Object value, boolean keepTtl) {
        KeyEntry entry = entry(key);
        if (entry == null) {
            entry = keys.add(key, value);
            entry.lru = freshLru();
            added(entry);
            hooks.keyAdded(this, key);
        } else {
            entry.value = value;
            if (!keepTtl) {
                clearExpiry(entry);
            }
            // An overwrite keeps the LFU counter (Redis's dbOverwrite) after the write lookup's access.
            touch(entry);
            resized(entry);
        }
        written(key);
        return entry;
    }

    /** Adds a key that {@link #entry} just reported absent, keeping no time to live. */
    public KeyEntry add(byte[] key, Object value) {
        KeyEntry entry = keys.add(key, value);
        added(entry);
        hooks.keyAdded(this, key);
        entry.lru = freshLru();
        written(key);
        return entry;
    }

    /** Removes the key; returns whether it existed (expired keys count as absent). */
    public boolean delete(byte[] key) {
        KeyEntry entry = entry(key);
        if (entry == null) {
            return false;
        }
        removeEntry(entry);
        written(key);
        return true;
    }

    /** Removes the key if its value has become empty; returns whether it did. */
    public boolean deleteIfEmpty(byte[] key, RedisValue value) {
        if (value.isEmpty()) {
            return delete(key);
        }
        return false;
    }

    /**
     * Swaps a live key's value for an equal one in another representation (Redis's dbUnshareStringValue
     * before an in-place write): nothing is signalled, as the content has not changed yet.
     */
    public void replaceRepresentation(KeyEntry entry, Object value) {
        entry.value = value;
        resized(entry);
    }

    /** Tells WATCH and tracking that the value of the key was changed in place. */
    public void signalModified(byte[] key) {
        KeyEntry entry = keys.get(key);
        if (entry != null) {
            resized(entry);
        }
        written(key);
    }

    /** A write by a command: WATCH and tracking hear of it, and it counts as a change to save. */
    private void written(byte[] key) {
        hooks.keyModified(this, key);
        hooks.changed(key, 1);
    }

    // ---- memory ----

    private void adjust(long delta) {
        memory += delta;
        total.bytes += delta;
    }

    /** A key entered the main dict, which may have grown its bucket array. */
    private void added(KeyEntry entry) {
        int n = keys.size();
        adjust(MemoryEstimate.BUCKET * (MemoryEstimate.dictSlots(n) - MemoryEstimate.dictSlots(n - 1)));
        resized(entry);
    }

    /** The entry's value was written: a string is sized now, anything else queued for {@link #settle}. */
    private void resized(KeyEntry entry) {
        if (entry.value instanceof byte[] bytes) {
            int size = clamp(MemoryEstimate.ofStringKey(entry.key, bytes));
            adjust(size - entry.accounted());
            entry.memory = size;
        } else if (entry.memory >= 0) {
            if (staleCount == stale.length) {
                if (staleCount >= 1024) {
                    settle();
                } else {
                    stale = java.util.Arrays.copyOf(stale, staleCount * 2);
                }
            }
            entry.memory = ~entry.memory;
            stale[staleCount++] = entry;
            total.pending = true;
        }
    }

    /** Sizes the entries written since the last call. */
    public void settle() {
        EncodingLimits limits = hooks.encodingLimits();
        for (int i = 0; i < staleCount; i++) {
            KeyEntry entry = stale[i];
            stale[i] = null;
            if (entry.memory < 0) {
                int size = clamp(MemoryEstimate.ofKey(entry.key, entry.value, limits, MemoryEstimate.DEFAULT_SAMPLES));
                adjust(size - ~entry.memory);
                entry.memory = size;
            }
        }
        staleCount = 0;
    }

    private static int clamp(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    /**
     * This database's share of used_memory: every key's estimate (dict entry, key, value), the main dict's
     * buckets, and the expires dict (an entry per key with a time to live, and its buckets).
     */
    public long usedMemory() {
        settle();
        return memory;
    }

    /** Redis's overhead.hashtable.main: dict entries, buckets and key objects of the main dict. */
    public long mainDictOverhead() {
        return (long) keys.size() * (MemoryEstimate.DICT_ENTRY + 16) + MemoryEstimate.BUCKET * MemoryEstimate.dictSlots(keys.size());
    }

    /** Redis's overhead.hashtable.expires: dict entries and buckets of the expires dict. */
    public long expiresDictOverhead() {
        int volatiles = volatileKeys.size();
        return (long) MemoryEstimate.DICT_ENTRY * volatiles + MemoryEstimate.BUCKET * MemoryEstimate.dictSlots(volatiles);
    }

    /** Whether the entry is still this database's entry for its key (not deleted, replaced or moved). */
    public boolean holds(KeyEntry entry) {
        return keys.get(entry.key) == entry;
    }

    public void setExpiry(KeyEntry entry, long deadline) {
        entry.expireAt = deadline;
        if (entry.volatileIndex < 0) {
            volatileKeys.add(entry);
            volatileChanged(1);
        }
    }

    /** The expires dict gained or lost an entry: its dict entry and maybe a change of bucket array. */
    private void volatileChanged(int direction) {
        int n = volatileKeys.size();
        long slots = MemoryEstimate.dictSlots(n) - MemoryEstimate.dictSlots(n - direction);
        adjust(direction * MemoryEstimate.DICT_ENTRY + MemoryEstimate.BUCKET * slots);
    }

    /** Removes the time to live; returns whether there was one. */
    public boolean clearExpiry(KeyEntry entry) {
        if (entry.expireAt == KeyEntry.NO_EXPIRY) {
            return false;
        }
        entry.expireAt = KeyEntry.NO_EXPIRY;
        removeVolatile(entry);
        return true;
    }

    /** Empties the database. */
    public void clear() {
        hooks.databaseFlushed(this);
        hooks.changed(null, keys.size());
        keys = new KeyTable();
        volatileKeys = new VolatileKeys();
        adjust(-memory);
        stale = new KeyEntry[16];
        staleCount = 0;
    }

    /** Exchanges contents with another database (SWAPDB). */
    public void swapWith(Database other) {
        hooks.databasesSwapping(this, other);
        KeyTable k = keys;
        VolatileKeys v = volatileKeys;
        keys = other.keys;
        volatileKeys = other.volatileKeys;
        other.keys = k;
        other.volatileKeys = v;
        long m = memory;
        memory = other.memory;
        other.memory = m;
        KeyEntry[] s = stale;
        stale = other.stale;
        other.stale = s;
        int c = staleCount;
        staleCount = other.staleCount;
        other.staleCount = c;
        hooks.databaseReplaced(this);
        hooks.databaseReplaced(other);
    }

    /** Visits keys at the cursor; expired ones are skipped (and removed). Returns the next cursor. */
    public long scan(long cursor, int count, Consumer<KeyEntry> visitor) {
        long now = hooks.now();
        java.util.List<KeyEntry> expired = new java.util.ArrayList<>();
        long next = keys.scan(cursor, count, e -> {
            if (e.expireAt != KeyEntry.NO_EXPIRY && now > e.expireAt) {
                expired.add(e);
            } else {
                visitor.accept(e);
            }
        });
        expired.forEach(this::expire);
        return next;
    }

    /** Whether the key is stored but past its deadline (Redis's keyIsExpired), without removing it. */
    public boolean isStale(byte[] key) {
        KeyEntry entry = keys.get(key);
        return entry != null && entry.expireAt != KeyEntry.NO_EXPIRY && hooks.now() > entry.expireAt;
    }

    /**
     * The entry of a key as stored, even past its deadline (Redis's dictFind): for DEBUG commands, which
     * must not expire what they inspect.
     */
    public KeyEntry storedEntry(byte[] key) {
        return keys.get(key);
    }

    /** Visits every stored key, expired or not (DEBUG DIGEST). The visitor must not modify the database. */
    public void forEachStored(Consumer<KeyEntry> visitor) {
        keys.forEach(visitor);
    }

    /** The length of each bucket's chain in the key table (DEBUG HTSTATS). */
    public int[] keyChainLengths() {
        return keys.chainLengths();
    }

    /** Visits every live key. The visitor must not modify the database. */
    public void forEachLive(Consumer<KeyEntry> visitor) {
        long now = hooks.now();
        keys.forEach(e -> {
            if (e.expireAt == KeyEntry.NO_EXPIRY || now <= e.expireAt) {
                visitor.accept(e);
            }
        });
    }

    /** A random live key, or null (RANDOMKEY). */
    public KeyEntry randomEntry() {
        // Each round either returns a live key or removes an expired one, so this ends.
        while (keys.size() > 0) {
            KeyEntry entry = keys.random();
            if (entry.expireAt == KeyEntry.NO_EXPIRY || hooks.now() <= entry.expireAt) {
                return entry;
            }
            expire(entry);
        }
        return null;
    }

    /** A random key with a time to live, or null; for active expiry and volatile eviction. */
    public KeyEntry randomVolatileEntry() {
        return volatileKeys.random();
    }

    /** A random key, for eviction. */
    public KeyEntry randomAnyEntry() {
        return keys.random();
    }

    /**
     * Eviction's sample (Redis's dictGetSomeKeys): up to {@code count} keys, all of them when there are no
     * more, from the keys with a time to live when {@code volatileOnly}. Expired keys are not skipped.
     */
    public void sample(boolean volatileOnly, int count, Consumer<KeyEntry> visitor) {
        int size = volatileOnly ? volatileKeys.size() : keys.size();
        if (size <= count) {
            if (volatileOnly) {
                volatileKeys.forEach(visitor);
            } else {
                keys.forEach(visitor);
            }
            return;
        }
        for (int i = 0; i < count; i++) {
            visitor.accept(volatileOnly ? volatileKeys.random() : keys.random());
        }
    }

    /** Removes the entry if its deadline has passed (active expiry); returns whether it did. */
    public boolean expireIfDue(KeyEntry entry, long now) {
        if (entry.expireAt != KeyEntry.NO_EXPIRY && now > entry.expireAt) {
            expire(entry);
            return true;
        }
        return false;
    }

    /** Removes a key for eviction: a change that no client made ({@link KeyspaceHooks#keyEvicted}). */
    public void evict(KeyEntry entry) {
        removeEntry(entry);
        hooks.keyEvicted(this, entry.key);
    }

    private void removeVolatile(KeyEntry entry) {
        if (entry.volatileIndex >= 0) {
            volatileKeys.remove(entry);
            volatileChanged(-1);
        }
    }

    private void expire(KeyEntry entry) {
        removeEntry(entry);
        hooks.keyExpired(this, entry.key);
        hooks.keyModified(this, entry.key);
    }

    private void removeEntry(KeyEntry entry) {
        keys.remove(entry.key);
        removeVolatile(entry);
        int n = keys.size();
        adjust(-entry.accounted() - MemoryEstimate.BUCKET * (MemoryEstimate.dictSlots(n + 1) - MemoryEstimate.dictSlots(n)));
        entry.memory = 0;
    }
}
