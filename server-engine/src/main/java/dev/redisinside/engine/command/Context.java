package dev.redisinside.engine.command;

import dev.redisinside.engine.pubsub.KeyspaceNotifier;
import dev.redisinside.engine.server.Client;
import dev.redisinside.engine.server.RedisEngine;
import dev.redisinside.engine.store.Database;
import dev.redisinside.engine.store.KeyEntry;
import dev.redisinside.engine.store.ValueType;

/** What a handler may see: the engine, the calling client and its selected database, and "now". */
public final class Context {

    private final RedisEngine engine;
    private final Client client;

    public Context(RedisEngine engine, Client client) {
        this.engine = engine;
        this.client = client;
    }

    public RedisEngine engine() {
        return engine;
    }

    public Client client() {
        return client;
    }

    /** The client's selected database. */
    public Database db() {
        return engine.database(client.db);
    }

    /** The command's time in milliseconds, fixed for the whole command (and for EXEC and scripts). */
    public long now() {
        return engine.now();
    }

    /**
     * Redis's lookupKeyRead: the value of a live key or null, counting keyspace hits and misses (INFO
     * stats) and publishing "keymiss" for a missing key. Write paths use {@code db().get(key)} instead.
     */
    public Object lookupRead(byte[] key) {
        KeyEntry entry = lookupRead(key, true, true);
        return entry == null ? null : entry.value();
    }

    /** {@link #lookupRead(byte[])} of a key that must hold the type: WRONGTYPE otherwise (counted as a hit). */
    public Object lookupRead(byte[] key, ValueType type) {
        Object value = lookupRead(key);
        if (value != null && ValueType.of(value) != type) {
            throw new RedisException(RedisErrors.WRONGTYPE);
        }
        return value;
    }

    /** lookupKeyReadWithFlags(LOOKUP_NOTOUCH), for EXISTS, TYPE and TTL: counted, but not an access. */
    public KeyEntry lookupReadNoTouch(byte[] key) {
        return lookupRead(key, false, true);
    }

    /** LOOKUP_NOTOUCH|LOOKUP_NONOTIFY, for OBJECT: counted, neither an access nor a "keymiss" event. */
    public KeyEntry lookupReadQuietly(byte[] key) {
        return lookupRead(key, false, false);
    }

    private KeyEntry lookupRead(byte[] key, boolean touch, boolean notifyMiss) {
        Database db = db();
        KeyEntry entry = db.entry(key);
        if (entry == null) {
            if (notifyMiss) {
                notify(KeyspaceNotifier.KEY_MISS, "keymiss", key);
            }
            engine.stats.keyspaceMisses++;
            return null;
        }
        if (touch) {
            db.touch(entry);
        }
        engine.stats.keyspaceHits++;
        return entry;
    }

    /** Publishes a keyspace notification for the key in the client's database. */
    public void notify(int type, String event, byte[] key) {
        engine.notifications().notify(type, event, key, client.db);
    }
}
