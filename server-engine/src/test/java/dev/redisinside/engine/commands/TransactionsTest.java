package dev.redisinside.engine.commands;

import dev.redisinside.engine.support.EngineTest;
import dev.redisinside.engine.support.RawClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected bytes were taken from Redis 7.0.15 running the same sequences. */
class TransactionsTest extends EngineTest {

    @Test
    void queuedCommandsRunAtExec() {
        assertReply("MULTI", "+OK\r\n");
        assertReply("SET a 1", "+QUEUED\r\n");
        assertReply("GET a", "+QUEUED\r\n");
        assertReply("DEL a", "+QUEUED\r\n");
        assertReply("EXEC", "*3\r\n+OK\r\n$1\r\n1\r\n:1\r\n");
        assertReply("MULTI", "+OK\r\n");
        assertReply("EXEC", "*0\r\n");
    }

    @Test
    void controlErrors() {
        assertReply("EXEC", "-ERR EXEC without MULTI\r\n");
        assertReply("DISCARD", "-ERR DISCARD without MULTI\r\n");
        assertReply("EXEC x", "-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' "
                + "command\r\n");
        assertReply("MULTI", "+OK\r\n");
        assertReply("MULTI", "-ERR MULTI calls can not be nested\r\n");
        assertReply("WATCH x", "-ERR WATCH inside MULTI is not allowed\r\n");
        assertReply("SET a 1", "+QUEUED\r\n");
        // Neither error above aborts the transaction.
        assertReply("EXEC", "*1\r\n+OK\r\n");
        assertReply("MULTI", "+OK\r\n");
        assertReply("DISCARD", "+OK\r\n");
        assertReply("EXEC", "-ERR EXEC without MULTI\r\n");
    }

    @Test
    void rejectedCommandsAbortTheTransaction() {
        assertReply("MULTI", "+OK\r\n");
        assertReply("SET a", "-ERR wrong number of arguments for 'set' command\r\n");
        assertReply("GET a", "+QUEUED\r\n");
        assertReply("EXEC", "-EXECABORT Transaction discarded because of previous errors.\r\n");
        assertReply("MULTI", "+OK\r\n");
        assertReply("FOO", "-ERR unknown command 'FOO', with args beginning with: \r\n");
        assertReply("EXEC", "-EXECABORT Transaction discarded because of previous errors.\r\n");
        assertReply("MULTI", "+OK\r\n");
        assertReply("EXEC x", "-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' "
                + "command\r\n");
        assertReply("EXEC", "-ERR EXEC without MULTI\r\n");
        assertReply("GET a", "$-1\r\n");
    }

    @Test
    void runtimeErrorsAreRepliesInsideExec() {
        assertReply("MULTI", "+OK\r\n");
        assertReply("SELECT 99", "+QUEUED\r\n");
        assertReply("SET a b", "+QUEUED\r\n");
        assertReply("EXEC", "*2\r\n-ERR DB index is out of range\r\n+OK\r\n");
    }

    @Test
    void resp3Shapes() {
        call("HELLO 3");
        assertReply("MULTI", "+OK\r\n");
        assertReply("GET nothing", "+QUEUED\r\n");
        assertReply("EXEC", "*1\r\n_\r\n");
        assertReply("WATCH q", "+OK\r\n");
        assertReply("SET q 1", "+OK\r\n");
        assertReply("MULTI", "+OK\r\n");
        assertReply("EXEC", "_\r\n");
    }

    @Test
    void watchedKeyWrittenByAnotherClientFailsExec() {
        try (RawClient other = newClient()) {
            assertReply("WATCH a", "+OK\r\n");
            assertThat(other.call("SET", "a", "2")).isEqualTo("+OK\r\n");
            assertReply("MULTI", "+OK\r\n");
            assertReply("GET a", "+QUEUED\r\n");
            assertReply("EXEC", "*-1\r\n");
            // The transaction is over and the watch gone.
            assertReply("MULTI", "+OK\r\n");
            assertReply("GET a", "+QUEUED\r\n");
            assertReply("EXEC", "*1\r\n$1\r\n2\r\n");
            // A write between MULTI and EXEC counts as well.
            assertReply("WATCH a", "+OK\r\n");
            assertReply("MULTI", "+OK\r\n");
            assertReply("SET a 3", "+QUEUED\r\n");
            assertThat(other.call("DEL", "a")).isEqualTo(":1\r\n");
            assertReply("EXEC", "*-1\r\n");
            assertReply("GET a", "$-1\r\n");
        }
    }

    @Test
    void ownWritesDeletesAndUnwatch() {
        assertReply("WATCH a", "+OK\r\n");
        assertReply("SET a 1", "+OK\r\n");
        assertReply("MULTI", "+OK\r\n");
        assertReply("EXEC", "*-1\r\n");
        assertReply("WATCH a", "+OK\r\n");
        assertReply("UNWATCH", "+OK\r\n");
        assertReply("DEL a", ":1\r\n");
        assertReply("MULTI", "+OK\r\n");
        assertReply("EXEC", "*0\r\n");
        // Deleting a key that does not exist changes nothing.
        assertReply("WATCH a", "+OK\r\n");
        assertReply("DEL a", ":0\r\n");
        assertReply("MULTI", "+OK\r\n");
        assertReply("EXEC", "*0\r\n");
        // DISCARD unwatches.
        assertReply("WATCH a", "+OK\r\n");
        assertReply("MULTI", "+OK\r\n");
        assertReply("DISCARD", "+OK\r\n");
        assertReply("SET a 2", "+OK\r\n");
        assertReply("MULTI", "+OK\r\n");
        assertReply("EXEC", "*0\r\n");
    }

    @Test
    void flushTouchesOnlyWatchedKeysThatExisted() {
        try (RawClient other = newClient()) {
            assertReply("WATCH absent", "+OK\r\n");
            other.call("FLUSHALL");
            assertReply("MULTI", "+OK\r\n");
            assertReply("EXEC", "*0\r\n");
            assertReply("SET x 1", "+OK\r\n");
            assertReply("WATCH x", "+OK\r\n");
            other.call("SELECT", "1");
            other.call("FLUSHDB");
            assertReply("MULTI", "+OK\r\n");
            assertReply("EXEC", "*0\r\n");
            assertReply("WATCH x", "+OK\r\n");
            other.call("FLUSHALL");
            assertReply("MULTI", "+OK\r\n");
            assertReply("EXEC", "*-1\r\n");
        }
    }

    @Test
    void swapdbTouchesKeysPresentOnEitherSide() {
        try (RawClient other = newClient()) {
            assertReply("WATCH z", "+OK\r\n");
            other.call("SELECT", "1");
            other.call("SET", "z", "1");
            server.onEngine(() -> {
                EngineAccess.engine(server).swapDatabases(0, 1);
                return null;
            });
            assertReply("MULTI", "+OK\r\n");
            assertReply("EXEC", "*-1\r\n");
        }
    }

    private void activeExpire(boolean on) {
        server.onEngine(() -> {
            EngineAccess.engine(server).activeExpireEnabled = on;
            return null;
        });
    }

    @Test
    void swapdbKeepsWatchesOfStaleKeysAsRedisDoes() {
        // multi.tcl "SWAPDB does not touch non-existing key replaced with stale key" and "...stale key replaced
        // with another stale key" (DEBUG SET-ACTIVE-EXPIRE 0): a stale key is no change to a watcher
        activeExpire(false);
        try {
            assertReply("SET x foo PX 1000", "+OK\r\n");
            server.setTime(Instant.ofEpochMilli(server.clock().millis() + 1500));
            assertReply("SELECT 1", "+OK\r\n");
            assertReply("WATCH x", "+OK\r\n");
            assertReply("SWAPDB 0 1", "+OK\r\n");
            assertReply("MULTI", "+OK\r\n");
            assertReply("PING", "+QUEUED\r\n");
            assertReply("EXEC", "*1\r\n+PONG\r\n");

            assertReply("FLUSHALL", "+OK\r\n");
            assertReply("SET x foo PX 1000", "+OK\r\n");
            assertReply("SELECT 0", "+OK\r\n");
            assertReply("SET x bar PX 1000", "+OK\r\n");
            server.setTime(Instant.ofEpochMilli(server.clock().millis() + 1500));
            assertReply("SELECT 1", "+OK\r\n");
            assertReply("WATCH x", "+OK\r\n");
            assertReply("SWAPDB 0 1", "+OK\r\n");
            assertReply("MULTI", "+OK\r\n");
            assertReply("PING", "+QUEUED\r\n");
            assertReply("EXEC", "*1\r\n+PONG\r\n");

            // a live key swapped in for a watched stale one is a change
            assertReply("FLUSHALL", "+OK\r\n");
            assertReply("SET x foo PX 1000", "+OK\r\n");
            server.setTime(Instant.ofEpochMilli(server.clock().millis() + 1500));
            assertReply("WATCH x", "+OK\r\n");
            assertReply("SELECT 0", "+OK\r\n");
            assertReply("SET x live", "+OK\r\n");
            assertReply("SWAPDB 0 1", "+OK\r\n");
            assertReply("MULTI", "+OK\r\n");
            assertReply("EXEC", "*-1\r\n");
        } finally {
            activeExpire(true);
        }
    }

    @Test
    void watchedKeyExpiredByActiveExpiryFailsExec() {
        assertReply("SET k v", "+OK\r\n");
        EngineAccess.expireIn(server, "k", 1000);
        assertReply("WATCH k", "+OK\r\n");
        server.fastForward(Duration.ofSeconds(2));
        assertReply("MULTI", "+OK\r\n");
        assertReply("PING", "+QUEUED\r\n");
        assertReply("EXEC", "*-1\r\n");
    }

    @Test
    void watchedKeyPastItsDeadlineAtExecFailsExec() {
        assertReply("SET k v", "+OK\r\n");
        EngineAccess.expireIn(server, "k", 1000);
        assertReply("WATCH k", "+OK\r\n");
        server.setTime(Instant.ofEpochMilli(server.clock().millis() + 1500));
        assertReply("MULTI", "+OK\r\n");
        assertReply("PING", "+QUEUED\r\n");
        assertReply("EXEC", "*-1\r\n");
    }

    @Test
    void keyAlreadyExpiredAtWatchIsNotAChangeWhenRemoved() {
        assertReply("SET k v", "+OK\r\n");
        EngineAccess.expireIn(server, "k", 1000);
        server.setTime(Instant.ofEpochMilli(server.clock().millis() + 1500));
        assertReply("WATCH k", "+OK\r\n");
        try (RawClient other = newClient()) {
            assertThat(other.call("GET", "k")).isEqualTo("$-1\r\n");
        }
        assertReply("MULTI", "+OK\r\n");
        assertReply("PING", "+QUEUED\r\n");
        assertReply("EXEC", "*1\r\n+PONG\r\n");
        // ...but writing it afterwards is.
        assertReply("SET k v", "+OK\r\n");
        EngineAccess.expireIn(server, "k", 1000);
        server.setTime(Instant.ofEpochMilli(server.clock().millis() + 1500));
        assertReply("WATCH k", "+OK\r\n");
        try (RawClient other = newClient()) {
            assertThat(other.call("SET", "k", "2")).isEqualTo("+OK\r\n");
        }
        assertReply("MULTI", "+OK\r\n");
        assertReply("EXEC", "*-1\r\n");
    }

    @Test
    void concurrentOptimisticIncrementsFromTwoConnectionsLoseNoUpdate() throws Exception {
        int perClient = 300;
        Runnable incrementer = () -> {
            try (RawClient c = newClient()) {
                for (int done = 0; done < perClient; ) {
                    c.call("WATCH", "counter");
                    String value = c.call("GET", "counter");
                    long current = value.equals("$-1\r\n") ? 0 : Long.parseLong(value.split("\r\n")[1]);
                    c.call("MULTI");
                    c.call("SET", "counter", Long.toString(current + 1));
                    if (!c.call("EXEC").equals("*-1\r\n")) {
                        done++;
                    }
                }
            }
        };
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<?> a = pool.submit(incrementer);
            java.util.concurrent.Future<?> b = pool.submit(incrementer);
            a.get(60, java.util.concurrent.TimeUnit.SECONDS);
            b.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertReply("GET counter", "$3\r\n" + (2 * perClient) + "\r\n");
    }

    @Test
    void resetAndQuitEndTheTransaction() {
        assertReply("WATCH a", "+OK\r\n");
        assertReply("MULTI", "+OK\r\n");
        assertReply("SET a 1", "+QUEUED\r\n");
        assertReply("RESET", "+RESET\r\n");
        assertReply("EXEC", "-ERR EXEC without MULTI\r\n");
        assertReply("GET a", "$-1\r\n");
    }

    @Test
    void protocolSwitchInsideExecChangesTheRestOfTheReply() {
        assertReply("MULTI", "+OK\r\n");
        assertReply("GET none", "+QUEUED\r\n");
        assertReply("HELLO 3", "+QUEUED\r\n");
        assertReply("GET none", "+QUEUED\r\n");
        String reply = call("EXEC");
        assertThat(reply).startsWith("*3\r\n$-1\r\n%7\r\n").endsWith("*0\r\n_\r\n");
    }
}
