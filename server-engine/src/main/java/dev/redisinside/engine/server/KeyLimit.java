package dev.redisinside.engine.server;

import dev.redisinside.engine.command.Command;
import dev.redisinside.engine.pubsub.KeyspaceNotifier;
import dev.redisinside.engine.store.Database;
import dev.redisinside.engine.store.KeyEntry;

/**
 * A bound on the number of keys per database (not a Redis setting: the embedded server's
 * {@code maxKeys}, Spring's {@code cache.embedded.max-keys}), so a long development session cannot grow
 * without limit. Before a command that may add data (flag {@code denyoom}, where Redis checks
 * {@code maxmemory}) it evicts keys until there is room for one more (unless the command touches only one key,
 * which exists), choosing like Redis's approximated
 * LRU: the least recently used of {@code maxmemory-samples} randomly sampled keys. A command adding several
 * keys (MSET) may overshoot until the next write, as Redis's {@code maxmemory} may.
 */
public final class KeyLimit {

    private KeyLimit() {
    }

    /** Called before a {@code denyoom} command; a one-key command on an existing key needs no room. */
    public static void makeRoom(RedisEngine engine, Database db, Command command, byte[][] argv) {
        long max = engine.config().maxKeys;
        if (max <= 0 || db.size() < max) {
            return;
        }
        int key = command.firstKey();
        if (key > 0 && key == command.lastKey() && key < argv.length && db.entry(argv[key]) != null) {
            return;
        }
        long now = engine.now();
        while (db.size() >= max && db.size() > 0) {
            KeyEntry victim = null;
            for (int i = 0; i < engine.config().maxmemorySamples && db.size() >= max; i++) {
                KeyEntry candidate = db.randomAnyEntry();
                if (candidate == null || db.expireIfDue(candidate, now)) {
                    continue;
                }
                if (victim == null || candidate.lru() < victim.lru()) {
                    victim = candidate;
                }
            }
            if (victim == null) {
                continue;
            }
            db.evict(victim);
            engine.stats.evictedKeys++;
            engine.notifications().notify(KeyspaceNotifier.EVICTED, "evicted", victim.key(), db.id());
        }
    }
}
