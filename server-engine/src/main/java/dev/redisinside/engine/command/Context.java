package dev.redisinside.engine.command;

import dev.redisinside.engine.pubsub.KeyspaceNotifier;
import dev.redisinside.engine.server.Client;
import dev.redisinside.engine.server.RedisEngine;
import dev.redisinside.engine.store.Database;

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
        Object value = db().get(key);
        if (value == null) {
            engine.stats.keyspaceMisses++;
            notify(KeyspaceNotifier.KEY_MISS, "keymiss", key);
        } else {
            engine.stats.keyspaceHits++;
        }
        return value;
    }

    /** Publishes a keyspace notification for the key in the client's database. */
    public void notify(int type, String event, byte[] key) {
        engine.notifications().notify(type, event, key, client.db);
    }
}
