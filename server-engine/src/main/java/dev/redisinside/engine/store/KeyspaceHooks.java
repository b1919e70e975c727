package dev.redisinside.engine.store;

/** What a database needs from the server around it: the command's "now" and who to tell of changes. */
public interface KeyspaceHooks {

    /** The time of the running command (fixed for a whole command, EXEC or script), in milliseconds. */
    long now();

    /** A key was written or deleted: WATCH and client-side caching look here. */
    void keyModified(Database db, byte[] key);

    /** A key was evicted: signalled like a write, but as no client's (tracking's NOLOOP does not hide it). */
    default void keyEvicted(Database db, byte[] key) {
        keyModified(db, key);
    }

    /** A key was found past its deadline and removed: the {@code expired} keyspace event. */
    void keyExpired(Database db, byte[] key);

    /** The whole database was emptied or swapped (FLUSHDB, FLUSHALL, SWAPDB). */
    void databaseReplaced(Database db);

    /** Two databases are about to exchange contents (SWAPDB): WATCH compares both sides. */
    default void databasesSwapping(Database a, Database b) {
    }

    /** Whether the maxmemory policy is an LFU one: then {@link KeyEntry#lru} holds the {@link Lfu} field. */
    default boolean lfuPolicy() {
        return false;
    }

    /** {@code lfu-log-factor}: how slowly the LFU counter grows. */
    default int lfuLogFactor() {
        return 10;
    }

    /** {@code lfu-decay-time}: minutes per point the LFU counter loses while a key is not accessed. */
    default int lfuDecayTime() {
        return 1;
    }

    /** The encoding thresholds that decide how a value is sized in memory. */
    default EncodingLimits encodingLimits() {
        return null;
    }

    /** The database is about to be emptied (FLUSHDB, FLUSHALL): also drops client-side caches. */
    default void databaseFlushed(Database db) {
        databaseReplaced(db);
    }

    /** Clients are paused (CLIENT PAUSE): keys past their deadline read as missing but stay stored, as in Redis. */
    default boolean expiryPaused() {
        return false;
    }

    /** A key that did not exist was created: the {@code new} keyspace event. */
    default void keyAdded(Database db, byte[] key) {
    }

    /**
     * A command changed the dataset ({@code count} keys written or removed, or the given key when
     * {@code key} is not null): Redis's dirty counter, which {@code rdb_changes_since_last_save} reports.
     * Expiry and eviction are not counted, as in Redis.
     */
    default void changed(byte[] key, long count) {
    }
}
