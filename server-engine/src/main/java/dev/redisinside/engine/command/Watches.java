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
 * so no command has to remember to invalidate a transaction. A key already past its deadline when
 * watched is flagged (Redis's {@code wk->expired}): its later removal is no change to the watcher.
 */
public final class Watches {

    private record WatchedKey(int db, ByteBuffer key) {
    }

    /** One client's watch of one key. */
    private static final class Watch {
        final Client client;
        final WatchedKey key;
        /** The key was past its deadline, but not yet removed, when watched (or swapped in so). */
        boolean expired;

        Watch(Client client, WatchedKey key, boolean expired) {
            this.client = client;
            this.key = key;
            this.expired = expired;
        }
    }

    private final Map<WatchedKey, List<Watch>> watchers = new HashMap<>();
    private final Map<Client, List<Watch>> byClient = new HashMap<>();
    private final Set<Client> dirty = new HashSet<>();

    public void watch(Client client, Database db, byte[] key) {
        WatchedKey watched = new WatchedKey(db.id(), ByteBuffer.wrap(key.clone()));
        List<Watch> mine = byClient.computeIfAbsent(client, c -> new ArrayList<>());
        for (Watch w : mine) {
            if (w.key.equals(watched)) {
                return;
            }
        }
        Watch watch = new Watch(client, watched, db.isStale(key));
        mine.add(watch);
        watchers.computeIfAbsent(watched, k -> new ArrayList<>()).add(watch);
    }

    public void unwatchAll(Client client) {
        dirty.remove(client);
        forget(client);
    }

    /** Drops the client's watches (a dirty client needs them no more) but not its dirty flag. */
    private void forget(Client client) {
        List<Watch> mine = byClient.remove(client);
        if (mine == null) {
            return;
        }
        for (Watch watch : mine) {
            List<Watch> list = watchers.get(watch.key);
            if (list != null) {
                list.remove(watch);
                if (list.isEmpty()) {
                    watchers.remove(watch.key);
                }
            }
        }
    }

    /** EXEC: whether a watched key not already expired when watched is now past its deadline. */
    public boolean watchedKeyExpired(Client client, RedisEngine engine) {
        List<Watch> mine = byClient.get(client);
        if (mine == null) {
            return false;
        }
        for (Watch watch : mine) {
            if (!watch.expired && engine.database(watch.key.db()).isStale(watch.key.key().array())) {
                return true;
            }
        }
        return false;
    }

    public boolean isDirty(Client client) {
        return dirty.contains(client);
    }

    /** A key was written or removed (Redis's touchWatchedKey). */
    void touch(Database db, byte[] key) {
        if (watchers.isEmpty()) {
            return;
        }
        List<Watch> list = watchers.get(new WatchedKey(db.id(), ByteBuffer.wrap(key)));
        if (list == null) {
            return;
        }
        for (Watch watch : new ArrayList<>(list)) {
            if (watch.expired) {
                if (db.storedEntry(key) == null) {
                    watch.expired = false; // the stale key is gone: logically no change
                    continue;
                }
                return; // as Redis 7.0: an overwritten stale key ends the round, no one is flagged
            }
            dirty.add(watch.client);
            forget(watch.client);
        }
    }

    /**
     * FLUSHDB/FLUSHALL ({@code replacedWith} null) or SWAPDB, before the change: a watched key counts as
     * modified when it is stored on either side, unless it is stale and stays so (touchAllWatchedKeysInDb).
     */
    void touchDatabase(Database emptied, Database replacedWith) {
        if (watchers.isEmpty()) {
            return;
        }
        for (Map.Entry<WatchedKey, List<Watch>> e : new ArrayList<>(watchers.entrySet())) {
            if (e.getKey().db() != emptied.id()) {
                continue;
            }
            byte[] key = e.getKey().key().array();
            boolean existsInEmptied = emptied.storedEntry(key) != null;
            boolean existsInReplacement = replacedWith != null && replacedWith.storedEntry(key) != null;
            if (!existsInEmptied && !existsInReplacement) {
                continue;
            }
            for (Watch watch : new ArrayList<>(e.getValue())) {
                if (watch.expired) {
                    if (!existsInReplacement) {
                        watch.expired = false; // the stale key is deleted: logically no change
                        continue;
                    } else if (replacedWith.isStale(key)) {
                        continue; // a stale key replaced by a stale key
                    }
                } else if (!existsInEmptied && replacedWith.isStale(key)) {
                    watch.expired = true; // no key replaced by a stale key
                    continue;
                }
                dirty.add(watch.client);
            }
        }
    }
}
