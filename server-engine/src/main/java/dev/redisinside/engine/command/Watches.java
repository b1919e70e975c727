package dev.redisinside.engine.command;

import dev.redisinside.engine.server.Client;
import dev.redisinside.engine.server.RedisEngine;
import dev.redisinside.engine.store.Database;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * WATCH: which clients watch which keys. The store's write path reports every modified key here,
 * so no command has to remember to invalidate a transaction.
 */
public final class Watches {

    private record WatchedKey(int db, ByteBuffer key) {
    }

    private final Map<WatchedKey, Set<Client>> watchers = new HashMap<>();
    private final Map<Client, List<WatchedKey>> byClient = new HashMap<>();
    private final Set<Client> dirty = new HashSet<>();

    public void watch(Client client, int db, byte[] key) {
        WatchedKey watched = new WatchedKey(db, ByteBuffer.wrap(key.clone()));
        if (watchers.computeIfAbsent(watched, k -> new HashSet<>()).add(client)) {
            byClient.computeIfAbsent(client, c -> new ArrayList<>()).add(watched);
        }
    }

    public void unwatchAll(Client client) {
        List<WatchedKey> keys = byClient.remove(client);
        dirty.remove(client);
        if (keys == null) {
            return;
        }
        for (WatchedKey key : keys) {
            Set<Client> set = watchers.get(key);
            if (set != null) {
                set.remove(client);
                if (set.isEmpty()) {
                    watchers.remove(key);
                }
            }
        }
    }

    /** Removes the client's watched keys whose deadline has passed; the removal touches them. */
    public void expireWatched(Client client, RedisEngine engine) {
        List<WatchedKey> keys = byClient.get(client);
        if (keys == null) {
            return;
        }
        for (WatchedKey watched : new ArrayList<>(keys)) {
            engine.database(watched.db()).entry(watched.key().array());
        }
    }

    public boolean isDirty(Client client) {
        return dirty.contains(client);
    }

    void touch(int db, byte[] key) {
        if (watchers.isEmpty()) {
            return;
        }
        Set<Client> clients = watchers.get(new WatchedKey(db, ByteBuffer.wrap(key)));
        if (clients != null) {
            dirty.addAll(clients);
        }
    }

    /** FLUSHDB/FLUSHALL/SWAPDB: every watched key that exists in the database is touched. */
    void touchDatabase(Database db) {
        if (watchers.isEmpty()) {
            return;
        }
        for (Map.Entry<WatchedKey, Set<Client>> e : watchers.entrySet()) {
            if (e.getKey().db() == db.id()) {
                ByteBuffer key = e.getKey().key();
                byte[] bytes = new byte[key.remaining()];
                key.duplicate().get(bytes);
                if (db.entry(bytes) != null) {
                    dirty.addAll(e.getValue());
                }
            }
        }
    }
}
