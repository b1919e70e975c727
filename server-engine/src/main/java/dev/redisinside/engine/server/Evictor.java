package dev.redisinside.engine.server;

import dev.redisinside.engine.command.Command;
import dev.redisinside.engine.config.ServerConfig;
import dev.redisinside.engine.pubsub.KeyspaceNotifier;
import dev.redisinside.engine.store.Database;
import dev.redisinside.engine.store.KeyEntry;
import dev.redisinside.engine.store.Lfu;

/**
 * Redis's eviction (evict.c, performEvictions): when used memory is above {@code maxmemory}, keys are
 * removed by {@code maxmemory-policy} until it is not. LRU, LFU and TTL policies keep Redis's eviction
 * pool: {@code maxmemory-samples} keys sampled from every database (from the keys with a time to live for
 * volatile-*) feed a pool of the 16 best candidates ever seen, and the best live one goes; random
 * policies take a random key from the next database in turn.
 * <p>
 * The same machinery serves the embedded server's {@code maxKeys} (not a Redis setting): before a command
 * that may add a key to a full database, one key of that database goes, chosen by the policy's rule, or as
 * allkeys-lru when the policy would choose none (noeviction, or volatile-* without keys with a time to live).
 */
public final class Evictor {

    private static final int POOL_SIZE = 16;

    private enum Policy {
        NO_EVICTION, ALLKEYS_LRU, ALLKEYS_LFU, ALLKEYS_RANDOM, VOLATILE_LRU, VOLATILE_LFU, VOLATILE_RANDOM, VOLATILE_TTL;

        boolean allKeys() {
            return this == ALLKEYS_LRU || this == ALLKEYS_LFU || this == ALLKEYS_RANDOM;
        }

        boolean random() {
            return this == ALLKEYS_RANDOM || this == VOLATILE_RANDOM;
        }

        static Policy of(String name) {
            return switch (name) {
                case "allkeys-lru" -> ALLKEYS_LRU;
                case "allkeys-lfu" -> ALLKEYS_LFU;
                case "allkeys-random" -> ALLKEYS_RANDOM;
                case "volatile-lru" -> VOLATILE_LRU;
                case "volatile-lfu" -> VOLATILE_LFU;
                case "volatile-random" -> VOLATILE_RANDOM;
                case "volatile-ttl" -> VOLATILE_TTL;
                default -> NO_EVICTION;
            };
        }
    }

    /** Candidates in ascending score (higher is a better victim), as Redis's EvictionPoolLRU. */
    private static final class Pool {
        final KeyEntry[] entries = new KeyEntry[POOL_SIZE];
        final long[] scores = new long[POOL_SIZE];
        final Database[] dbs = new Database[POOL_SIZE];

        /** evictionPoolPopulate's insertion: a full pool only takes a candidate better than its worst. */
        void offer(KeyEntry entry, long score, Database db) {
            for (int i = 0; i < POOL_SIZE; i++) {
                if (entries[i] == entry) {
                    return;
                }
            }
            int k = 0;
            while (k < POOL_SIZE && entries[k] != null && scores[k] < score) {
                k++;
            }
            if (k == 0 && entries[POOL_SIZE - 1] != null) {
                return;
            }
            if (k == POOL_SIZE || entries[k] != null) {
                if (entries[POOL_SIZE - 1] == null) {
                    shift(k, k + 1, POOL_SIZE - k - 1);
                } else {
                    k--;
                    shift(1, 0, k);
                }
            }
            entries[k] = entry;
            scores[k] = score;
            dbs[k] = db;
        }

        private void shift(int from, int to, int count) {
            System.arraycopy(entries, from, entries, to, count);
            System.arraycopy(scores, from, scores, to, count);
            System.arraycopy(dbs, from, dbs, to, count);
        }

        void clear() {
            java.util.Arrays.fill(entries, null);
            java.util.Arrays.fill(dbs, null);
        }
    }

    private final RedisEngine engine;
    private final Pool pool = new Pool();
    private final Pool keyLimitPool = new Pool();
    private int nextDb;

    Evictor(RedisEngine engine) {
        this.engine = engine;
    }

    /**
     * performEvictions: evicts until used memory is within {@code maxmemory}; false when it is still above
     * (noeviction, or nothing left that the policy may evict), when commands flagged denyoom get OOM.
     * Nothing is evicted while clients are paused or a script is busy, as in Redis.
     */
    public boolean performEvictions() {
        ServerConfig config = engine.config();
        long max = config.maxmemory;
        if (max == 0 || engine.pausing() || engine.scriptBusy) {
            return true;
        }
        if (engine.usedMemory() <= max) {
            return true;
        }
        Policy policy = Policy.of(config.maxmemoryPolicy);
        if (policy == Policy.NO_EVICTION) {
            return false;
        }
        do {
            if (!evictOne(policy, null, pool)) {
                return false;
            }
        } while (engine.usedMemory() > max);
        return true;
    }

    /**
     * The {@code maxKeys} bound, before a command flagged denyoom: makes room for one more key in the
     * client's database, unless the command touches only one key, which exists.
     */
    public void makeRoomForKey(Database db, Command command, byte[][] argv) {
        long max = engine.config().maxKeys;
        if (db.size() < max) {
            return;
        }
        int key = command.firstKey();
        if (key > 0 && key == command.lastKey() && key < argv.length && db.entry(argv[key]) != null) {
            return;
        }
        Policy policy = Policy.of(engine.config().maxmemoryPolicy);
        keyLimitPool.clear();
        while (db.size() >= max && db.size() > 0) {
            if (policy == Policy.NO_EVICTION || !policy.allKeys() && db.volatileCount() == 0) {
                policy = engine.config().lfuPolicy ? Policy.ALLKEYS_LFU : Policy.ALLKEYS_LRU;
                keyLimitPool.clear();
            }
            if (!evictOne(policy, db, keyLimitPool)) {
                return;
            }
        }
    }

    /** Picks and evicts one key (from {@code only}, when given); false when there was none to pick. */
    private boolean evictOne(Policy policy, Database only, Pool candidates) {
        if (policy.random()) {
            return evictRandom(policy, only);
        }
        while (true) {
            long total = 0;
            for (int i = 0; i < engine.databaseCount(); i++) {
                Database db = engine.database(i);
                if (only != null && db != only) {
                    continue;
                }
                int keys = policy.allKeys() ? db.size() : db.volatileCount();
                if (keys > 0) {
                    populate(policy, db, candidates);
                    total += keys;
                }
            }
            if (total == 0) {
                return false;
            }
            for (int k = POOL_SIZE - 1; k >= 0; k--) {
                KeyEntry entry = candidates.entries[k];
                if (entry == null) {
                    continue;
                }
                Database db = candidates.dbs[k];
                candidates.entries[k] = null;
                candidates.dbs[k] = null;
                // A key deleted, replaced, moved or (for volatile-*) persisted since it was sampled is a ghost.
                if (db.holds(entry) && (policy.allKeys() || entry.expireAt() != KeyEntry.NO_EXPIRY)) {
                    evict(db, entry);
                    return true;
                }
            }
        }
    }

    private void populate(Policy policy, Database db, Pool candidates) {
        long now = engine.now();
        db.sample(!policy.allKeys(), Math.max(1, engine.config().maxmemorySamples),
                entry -> candidates.offer(entry, score(policy, entry, now), db));
    }

    /** evictionPoolPopulate's "idle": idle seconds, 255 minus the LFU counter, or the nearness of the deadline. */
    private long score(Policy policy, KeyEntry entry, long now) {
        return switch (policy) {
            case ALLKEYS_LFU, VOLATILE_LFU -> 255 - Lfu.decayedCounter(entry.lru(), now, engine.config().lfuDecayTime);
            case VOLATILE_TTL -> Long.MAX_VALUE - entry.expireAt();
            default -> now / 1000 - entry.lru();
        };
    }

    private boolean evictRandom(Policy policy, Database only) {
        int count = engine.databaseCount();
        for (int i = 0; i < count; i++) {
            nextDb = (nextDb + 1) % count;
            Database db = only != null ? only : engine.database(nextDb);
            KeyEntry entry = policy.allKeys() ? db.randomAnyEntry() : db.randomVolatileEntry();
            if (entry != null) {
                evict(db, entry);
                return true;
            }
            if (only != null) {
                break;
            }
        }
        return false;
    }

    private void evict(Database db, KeyEntry entry) {
        db.evict(entry);
        engine.stats.evictedKeys++;
        engine.notifications().notify(KeyspaceNotifier.EVICTED, "evicted", entry.key(), db.id());
    }
}
