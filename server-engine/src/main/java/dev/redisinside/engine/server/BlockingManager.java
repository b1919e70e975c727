package dev.redisinside.engine.server;

import dev.redisinside.engine.command.LongDoubles;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.store.Database;

import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Clients parked by blocking commands (BLPOP, BLMOVE, BLMPOP, ... and later BZPOPMIN, XREAD BLOCK),
 * Redis's blocked.c: a FIFO queue of waiters per (database, key), a "ready keys" list filled by the
 * store's write path, and deadlines on the server clock.
 *
 * <p>How a blocking command uses it (see {@code ListCommands} for the list family):
 * <ol>
 * <li>Try to answer at once. If nothing is there and {@link #mayBlock(Client)} is false (inside
 * MULTI/EXEC, a script, or the in-process API) reply as on a timeout; otherwise call
 * {@link #block(Client, byte[][], long, Waiter)} with the keys, the deadline from
 * {@link #parseTimeout(byte[], long)} and a {@link Waiter}, and write no reply.</li>
 * <li>Every write to a key with waiters marks it ready ({@link #keyModified}, called from the
 * engine's keyspace hook, so commands need not remember it). After each command, EXEC or script, the
 * dispatcher calls {@link #handleReadyKeys()}: for every ready key, in the order they became ready, the
 * waiters on that key are offered it in the order they blocked. {@link Waiter#tryServe(byte[])} checks
 * the key's type itself (a sorted-set waiter ignores a list; a waiter whose key became a string keeps
 * waiting), consumes data, writes its reply through {@link Client#asyncOut()} and returns true; the
 * manager then removes the client from all its keys and resumes its input.</li>
 * <li>A waiter for a different type just returns false; a stream waiter (XREAD) that does not consume
 * returns true for every waiter it serves. Deleted or overwritten keys are offered too, so XREADGROUP
 * can throw {@code UNBLOCKED the stream key no longer exists} as Redis does. Writes done while serving
 * (BLMOVE's push) mark their keys ready and are served in the same pass.</li>
 * <li>On the deadline (engine cron, a timer, or {@code fastForward}) or CLIENT UNBLOCK ... TIMEOUT the
 * client gets {@link Waiter#timedOut(Reply)} (a null array by default); with CLIENT UNBLOCK ... ERROR
 * the {@code -UNBLOCKED} error. A disconnected client is simply removed.</li>
 * </ol>
 * Everything runs on the engine thread.
 */
public final class BlockingManager {

    /** What a parked client waits for; one implementation per command family. */
    public interface Waiter {

        /**
         * The key (in the database the client blocked in) may have data. Serve the client if it can be:
         * consume, reply through {@code client.asyncOut()}, notify, and return true. Return false to keep
         * waiting (wrong type, no data). A thrown {@link RedisException} is the client's reply.
         */
        boolean tryServe(byte[] key);

        /** The reply on timeout or CLIENT UNBLOCK TIMEOUT; Redis sends a null array for lists, zsets and streams. */
        default void timedOut(Reply out) {
            out.nullArray();
        }
    }

    public static final String TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range";
    public static final String TIMEOUT_NEGATIVE = "ERR timeout is negative";
    private static final String UNBLOCKED = "UNBLOCKED client unblocked via CLIENT UNBLOCK";

    private record BlockedKey(int db, ByteBuffer key) {

        byte[] bytes() {
            return key.array();
        }
    }

    private static final class Blocked {
        final Client client;
        final Waiter waiter;
        final long deadline;
        final long sequence;
        final Set<BlockedKey> keys = new LinkedHashSet<>();
        Future<?> timer;
        boolean done;

        Blocked(Client client, Waiter waiter, long deadline, long sequence) {
            this.client = client;
            this.waiter = waiter;
            this.deadline = deadline;
            this.sequence = sequence;
        }
    }

    private final RedisEngine engine;
    private final Map<BlockedKey, LinkedHashSet<Blocked>> waiting = new HashMap<>();
    private final Map<Client, Blocked> byClient = new IdentityHashMap<>();
    private final TreeSet<Blocked> deadlines = new TreeSet<>(
            Comparator.<Blocked>comparingLong(b -> b.deadline).thenComparingLong(b -> b.sequence));
    private final LinkedHashSet<BlockedKey> ready = new LinkedHashSet<>();
    private BlockedKey serving;
    private boolean handling;
    private long sequence;

    BlockingManager(RedisEngine engine) {
        this.engine = engine;
    }

    /**
     * A blocking command's timeout in seconds (fractions allowed, Redis's getTimeoutFromObjectOrReply) as
     * an absolute deadline on the server clock, or 0 for "forever".
     */
    public static long parseTimeout(byte[] arg, long now) {
        LongDoubles.Value seconds = LongDoubles.parse(arg);
        if (seconds == null || seconds.isNaN()) {
            throw new RedisException(TIMEOUT_NOT_FLOAT);
        }
        // C's long double product and conversion: out-of-range values (inf included) become LLONG_MIN.
        long timeout = LongDoubles.ceilToLong(LongDoubles.multiply(seconds, 1000));
        if (timeout < 0) {
            throw new RedisException(TIMEOUT_NEGATIVE);
        }
        if (timeout == 0) {
            return 0;
        }
        long deadline = timeout + now;
        return deadline < 0 ? Long.MAX_VALUE : deadline;
    }

    /**
     * Whether the client may block now: not inside EXEC (the client is still in MULTI while it runs) and on
     * a real connection (scripts and the in-process API run on clients without one).
     */
    public boolean mayBlock(Client client) {
        return !client.inMulti() && client.channel() != null;
    }

    /**
     * Parks the client on the keys (duplicates ignored) of its selected database until the waiter serves
     * it, the deadline ({@code 0} = none) passes, or it is unblocked. The command must not reply.
     */
    public void block(Client client, byte[][] keys, long deadline, Waiter waiter) {
        Blocked blocked = new Blocked(client, waiter, deadline, sequence++);
        for (byte[] key : keys) {
            BlockedKey blockedKey = new BlockedKey(client.db, ByteBuffer.wrap(key.clone()));
            if (blocked.keys.add(blockedKey)) {
                waiting.computeIfAbsent(blockedKey, k -> new LinkedHashSet<>()).add(blocked);
            }
        }
        byClient.put(client, blocked);
        client.blocked = true;
        if (deadline != 0) {
            deadlines.add(blocked);
            if (engine.loop() != null) {
                long delay = Math.max(0, deadline - engine.clock().millis()) + 1;
                blocked.timer = engine.loop().schedule(() -> expireTimeouts(engine.clock().millis()), delay,
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Number of blocked clients (INFO's blocked_clients); {@link Client#blocked} tells CLIENT LIST's flag. */
    public int blockedCount() {
        return byClient.size();
    }

    /** The store's write hook: a key with waiters was written, so it is offered to them after the command. */
    public void keyModified(Database db, byte[] key) {
        if (waiting.isEmpty()) {
            return;
        }
        BlockedKey probe = new BlockedKey(db.id(), ByteBuffer.wrap(key));
        if (probe.equals(serving) || !waiting.containsKey(probe) || ready.contains(probe)) {
            return;
        }
        ready.add(new BlockedKey(db.id(), ByteBuffer.wrap(key.clone())));
    }

    /** FLUSHDB, FLUSHALL, SWAPDB: every key with waiters in the database is offered after the command. */
    public void databaseReplaced(Database db) {
        for (BlockedKey key : waiting.keySet()) {
            if (key.db() == db.id()) {
                ready.add(key);
            }
        }
    }

    /** Serves waiters on the keys that became ready; cheap when none did. Redis's handleClientsBlockedOnKeys. */
    public void handleReadyKeys() {
        if (ready.isEmpty() || handling) {
            return;
        }
        handling = true;
        engine.freezeTime();
        try {
            while (!ready.isEmpty()) {
                Iterator<BlockedKey> next = ready.iterator();
                BlockedKey key = next.next();
                next.remove();
                LinkedHashSet<Blocked> queue = waiting.get(key);
                if (queue == null) {
                    continue;
                }
                serving = key;
                for (Blocked blocked : queue.toArray(new Blocked[0])) {
                    long start = System.nanoTime();
                    long errorsBefore = engine.stats.totalErrorReplies;
                    BlockedKey served = key;
                    // the receiver is the current client while served: its own invalidations follow its reply
                    if (!blocked.done && engine.dispatcher().servingAs(blocked.client, () -> tryServe(blocked, served))) {
                        finish(blocked);
                        Client receiver = blocked.client;
                        engine.dispatcher().servedAfterBlocking(receiver, (System.nanoTime() - start) / 1000,
                            engine.stats.totalErrorReplies != errorsBefore);
                        dev.redisinside.engine.command.Command command = receiver.blockedCommand;
                        receiver.unblock();
                        engine.tracking().afterCommand(receiver, command);
                    }
                }
                serving = null;
            }
        } finally {
            serving = null;
            handling = false;
            engine.unfreezeTime();
        }
    }

    private boolean tryServe(Blocked blocked, BlockedKey key) {
        try {
            return blocked.waiter.tryServe(key.bytes());
        } catch (RedisException e) {
            engine.countError(e.getMessage());
            blocked.client.asyncOut().error(e.getMessage());
            return true;
        }
    }

    /** Releases the clients whose deadline is at or before {@code now} with their timeout reply. */
    public void expireTimeouts(long now) {
        while (!deadlines.isEmpty() && deadlines.first().deadline <= now) {
            Blocked blocked = deadlines.first();
            blocked.waiter.timedOut(blocked.client.asyncOut());
            finish(blocked);
            blocked.client.unblock();
        }
    }

    /**
     * CLIENT UNBLOCK: ends the client's wait as a timeout, or with the {@code -UNBLOCKED} error. Returns
     * whether the client was blocked.
     */
    public boolean unblock(Client client, boolean withError) {
        Blocked blocked = client == null ? null : byClient.get(client);
        if (blocked == null) {
            return false;
        }
        if (withError) {
            engine.countError(UNBLOCKED);
            client.asyncOut().error(UNBLOCKED);
        } else {
            blocked.waiter.timedOut(client.asyncOut());
        }
        finish(blocked);
        // Redis 7.0 counts the command as failed either way (client.c passes had_errors=1)
        engine.dispatcher().servedAfterBlocking(client, 0, true);
        client.unblock();
        return true;
    }

    /** A blocked client disconnected: forget it without replying. */
    public void clientClosed(Client client) {
        Blocked blocked = byClient.get(client);
        if (blocked != null) {
            finish(blocked);
            client.blocked = false;
        }
    }

    private void finish(Blocked blocked) {
        blocked.done = true;
        byClient.remove(blocked.client);
        for (BlockedKey key : blocked.keys) {
            LinkedHashSet<Blocked> queue = waiting.get(key);
            if (queue != null) {
                queue.remove(blocked);
                if (queue.isEmpty()) {
                    waiting.remove(key);
                }
            }
        }
        if (blocked.deadline != 0) {
            deadlines.remove(blocked);
        }
        if (blocked.timer != null) {
            blocked.timer.cancel(false);
        }
    }
}
