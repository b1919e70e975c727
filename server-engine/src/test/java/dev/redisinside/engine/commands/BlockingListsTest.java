package dev.redisinside.engine.commands;

import dev.redisinside.engine.pubsub.KeyspaceNotifier;
import dev.redisinside.engine.server.RedisEngine;
import dev.redisinside.engine.support.EngineTest;
import dev.redisinside.engine.support.RawClient;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Blocking list commands with several connections: one blocks, another writes. Expected bytes and
 * serving order were checked against Redis 7.0.15. Tests wait for the server to report the client as
 * blocked (bounded) instead of sleeping; timeouts are reached by moving the server clock.
 */
class BlockingListsTest extends EngineTest {

    @Test
    void blpopIsServedByAPushFromAnotherClient() {
        try (RawClient waiter = newClient()) {
            waiter.send("BLPOP", "k", "0");
            awaitBlocked(1);
            assertReply("RPUSH k v", ":1\r\n");
            assertThat(waiter.readReplyString()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
            assertReply("EXISTS k", ":0\r\n");
            assertThat(waiter.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void waitersAreServedInTheOrderTheyBlocked() {
        try (RawClient first = newClient(); RawClient second = newClient(); RawClient third = newClient()) {
            first.send("BLPOP", "k", "0");
            awaitBlocked(1);
            second.send("BRPOP", "other", "k", "0");
            awaitBlocked(2);
            third.send("BLPOP", "k", "0");
            awaitBlocked(3);
            assertReply("RPUSH k 1 2", ":2\r\n");
            assertThat(first.readReplyString()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\n1\r\n");
            assertThat(second.readReplyString()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\n2\r\n");
            awaitBlocked(1);
            assertReply("LPUSH k 3", ":1\r\n");
            assertThat(third.readReplyString()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\n3\r\n");
        }
    }

    @Test
    void aClientBlockedOnSeveralKeysIsServedByTheOneThatGetsData() {
        try (RawClient waiter = newClient()) {
            waiter.send("BLMPOP", "0", "2", "k1", "k2", "RIGHT", "COUNT", "2");
            awaitBlocked(1);
            assertReply("RPUSH k2 a b c", ":3\r\n");
            assertThat(waiter.readReplyString()).isEqualTo("*2\r\n$2\r\nk2\r\n*2\r\n$1\r\nc\r\n$1\r\nb\r\n");
            assertReply("LRANGE k2 0 -1", "*1\r\n$1\r\na\r\n");
        }
    }

    @Test
    void blmoveServedPushWakesAWaiterOnTheDestination() {
        try (RawClient mover = newClient(); RawClient popper = newClient()) {
            mover.send("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0");
            awaitBlocked(1);
            popper.send("BLPOP", "dst", "0");
            awaitBlocked(2);
            assertReply("RPUSH src x", ":1\r\n");
            assertThat(mover.readReplyString()).isEqualTo("$1\r\nx\r\n");
            assertThat(popper.readReplyString()).isEqualTo("*2\r\n$3\r\ndst\r\n$1\r\nx\r\n");
            assertReply("EXISTS dst src", ":0\r\n");
        }
    }

    @Test
    void blmoveOntoTheSameKeyServesTheNextWaiterToo() {
        try (RawClient mover = newClient(); RawClient popper = newClient()) {
            mover.send("BRPOPLPUSH", "k", "k", "0");
            awaitBlocked(1);
            popper.send("BLPOP", "k", "0");
            awaitBlocked(2);
            assertReply("RPUSH k 1", ":1\r\n");
            assertThat(mover.readReplyString()).isEqualTo("$1\r\n1\r\n");
            assertThat(popper.readReplyString()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\n1\r\n");
            assertReply("LRANGE k 0 -1", "*0\r\n");
        }
    }

    @Test
    void blmoveIntoAKeyThatBecameAnotherTypeAnswersWrongType() {
        try (RawClient mover = newClient()) {
            mover.send("BLMOVE", "src", "dst", "LEFT", "LEFT", "0");
            awaitBlocked(1);
            assertReply("SET dst str", "+OK\r\n");
            assertReply("RPUSH src x", ":1\r\n");
            assertThat(mover.readReplyString())
                    .isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
            assertReply("LRANGE src 0 -1", "*1\r\n$1\r\nx\r\n");
        }
    }

    @Test
    void aKeyThatBecomesAnotherTypeKeepsTheClientWaiting() {
        try (RawClient waiter = newClient()) {
            waiter.send("BLPOP", "k", "0");
            awaitBlocked(1);
            assertReply("SET k str", "+OK\r\n");
            assertReply("DEL k", ":1\r\n");
            awaitBlocked(1);
            assertReply("RPUSH k v w", ":2\r\n");
            assertThat(waiter.readReplyString()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
        }
    }

    @Test
    void keysArrivingBySwapdbRenameOrCopyServeWaiters() {
        try (RawClient waiter = newClient()) {
            waiter.send("BLPOP", "k", "0");
            awaitBlocked(1);
            assertReply("SELECT 1", "+OK\r\n");
            assertReply("RPUSH k x y", ":2\r\n");
            assertReply("SWAPDB 0 1", "+OK\r\n");
            assertReply("SELECT 0", "+OK\r\n");
            assertThat(waiter.readReplyString()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\nx\r\n");
            assertReply("LRANGE k 0 -1", "*1\r\n$1\r\ny\r\n");

            waiter.send("BLPOP", "k2", "0");
            awaitBlocked(1);
            assertReply("RPUSH src v", ":1\r\n");
            assertReply("RENAME src k2", "+OK\r\n");
            assertThat(waiter.readReplyString()).isEqualTo("*2\r\n$2\r\nk2\r\n$1\r\nv\r\n");
            assertReply("EXISTS k2", ":0\r\n");

            waiter.send("BLPOP", "k3", "0");
            awaitBlocked(1);
            assertReply("RPUSH src v w", ":2\r\n");
            assertReply("COPY src k3", ":1\r\n");
            assertThat(waiter.readReplyString()).isEqualTo("*2\r\n$2\r\nk3\r\n$1\r\nv\r\n");
            assertReply("LRANGE k3 0 -1", "*1\r\n$1\r\nw\r\n");
            assertReply("LRANGE src 0 -1", "*2\r\n$1\r\nv\r\n$1\r\nw\r\n");
        }
    }

    @Test
    void timeoutIsMeasuredOnTheServerClock() {
        try (RawClient waiter = newClient()) {
            waiter.send("BLPOP", "k", "30");
            awaitBlocked(1);
            server.fastForward(Duration.ofSeconds(29));
            awaitBlocked(1);
            server.fastForward(Duration.ofSeconds(2));
            assertThat(waiter.readReplyString()).isEqualTo("*-1\r\n");
            assertThat(waiter.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void timeoutRepliesAreNullArraysAlsoForBlmoveAndInResp3() {
        try (RawClient waiter = newClient()) {
            waiter.send("BLMOVE", "a", "b", "LEFT", "LEFT", "1.5");
            awaitBlocked(1);
            server.fastForward(Duration.ofSeconds(2));
            assertThat(waiter.readReplyString()).isEqualTo("*-1\r\n");
            waiter.call("HELLO", "3");
            waiter.send("BLMPOP", "0.5", "1", "a", "LEFT");
            awaitBlocked(1);
            server.fastForward(Duration.ofSeconds(1));
            assertThat(waiter.readReplyString()).isEqualTo("_\r\n");
        }
    }

    @Test
    void aShortTimeoutExpiresInRealTimeToo() {
        try (RawClient waiter = newClient()) {
            assertThat(waiter.call("BRPOP", "k", "0.05")).isEqualTo("*-1\r\n");
        }
    }

    @Test
    void pushesInsideMultiServeWaitersAfterExec() {
        try (RawClient waiter = newClient()) {
            waiter.send("BLPOP", "m", "0");
            awaitBlocked(1);
            assertReply("MULTI", "+OK\r\n");
            assertReply("RPUSH m a", "+QUEUED\r\n");
            assertReply("DEL m", "+QUEUED\r\n");
            assertReply("EXEC", "*2\r\n:1\r\n:1\r\n");
            awaitBlocked(1);
            assertReply("MULTI", "+OK\r\n");
            assertReply("RPUSH m a", "+QUEUED\r\n");
            assertReply("RPUSH m b", "+QUEUED\r\n");
            assertReply("EXEC", "*2\r\n:1\r\n:2\r\n");
            assertThat(waiter.readReplyString()).isEqualTo("*2\r\n$1\r\nm\r\n$1\r\na\r\n");
            assertReply("LRANGE m 0 -1", "*1\r\n$1\r\nb\r\n");
        }
    }

    @Test
    void pipelinedCommandsAfterABlockingOneRunOnceItIsServed() {
        try (RawClient waiter = newClient()) {
            waiter.writeRaw("*3\r\n$5\r\nBLPOP\r\n$1\r\nk\r\n$1\r\n0\r\n*2\r\n$4\r\nLLEN\r\n$1\r\nk\r\n");
            awaitBlocked(1);
            assertReply("RPUSH k a b", ":2\r\n");
            assertThat(waiter.readReplyString()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\na\r\n");
            assertThat(waiter.readReplyString()).isEqualTo(":1\r\n");
        }
    }

    @Test
    void clientUnblockFailsTheBlockedCallAndCountsItsError() {
        call("CONFIG RESETSTAT");
        try (RawClient waiter = newClient()) {
            long id = clientId(waiter);
            waiter.send("BLPOP", "k", "0");
            awaitBlocked(1);
            assertReply("CLIENT UNBLOCK " + id + " error", ":1\r\n");
            assertThat(waiter.readReplyString()).isEqualTo("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
            assertThat(call("INFO errorstats")).contains("errorstat_UNBLOCKED:count=1\r\n");
            assertThat(call("INFO stats")).contains("total_error_replies:1\r\n");
            assertThat(call("INFO commandstats")).containsPattern("cmdstat_blpop:calls=1,[^\r]*,failed_calls=1\r\n")
                    .containsPattern("cmdstat_client\\|unblock:calls=1,[^\r]*,failed_calls=1\r\n");
            // as Redis 7.0, an unblock as a timeout also makes the blocked call a failed one
            call("CONFIG RESETSTAT");
            waiter.send("BLPOP", "k", "0");
            awaitBlocked(1);
            assertReply("CLIENT UNBLOCK " + id, ":1\r\n");
            assertThat(waiter.readReplyString()).isEqualTo("*-1\r\n");
            assertThat(call("INFO commandstats")).containsPattern("cmdstat_blpop:calls=1,[^\r]*,failed_calls=1\r\n")
                    .containsPattern("cmdstat_client\\|unblock:calls=1,[^\r]*,failed_calls=0\r\n");
        }
    }

    @Test
    void clientUnblockEndsTheWaitAsATimeoutOrWithAnError() {
        try (RawClient waiter = newClient()) {
            long id = clientId(waiter);
            waiter.send("BLPOP", "k", "0");
            awaitBlocked(1);
            assertReply("CLIENT UNBLOCK " + id, ":1\r\n");
            assertThat(waiter.readReplyString()).isEqualTo("*-1\r\n");
            assertReply("CLIENT UNBLOCK " + id, ":0\r\n");
            waiter.send("BRPOPLPUSH", "k", "d", "0");
            awaitBlocked(1);
            assertReply("CLIENT UNBLOCK " + id + " error", ":1\r\n");
            assertThat(waiter.readReplyString()).isEqualTo("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
            assertReply("CLIENT UNBLOCK " + id + " TIMEOUT", ":0\r\n");
        }
        assertReply("CLIENT UNBLOCK 999999", ":0\r\n");
        assertReply("CLIENT UNBLOCK 1 maybe", "-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n");
        assertReply("CLIENT UNBLOCK x", "-ERR value is not an integer or out of range\r\n");
        assertReply("CLIENT UNBLOCK 1 error x",
                "-ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP.\r\n");
        assertReply("CLIENT UNBLOCK", "-ERR wrong number of arguments for 'client|unblock' command\r\n");
    }

    @Test
    void aDisconnectedWaiterIsForgotten() {
        RawClient waiter = newClient();
        waiter.send("BLPOP", "k", "0");
        awaitBlocked(1);
        waiter.close();
        awaitBlocked(0);
        assertReply("RPUSH k a", ":1\r\n");
        assertReply("LLEN k", ":1\r\n");
    }

    @Test
    void aWaiterIsNotServedBeforeItsKeyGetsData() {
        try (RawClient waiter = newClient()) {
            waiter.send("BLPOP", "k", "0");
            awaitBlocked(1);
            assertReply("RPUSH other x", ":1\r\n");
            waiter.setTimeout(200);
            assertThatThrownBy(waiter::readReply).isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void servingABlmoveReportsThePushAndThePopAfterTheTriggeringPush() {
        RedisEngine engine = EngineAccess.engine(server);
        KeyspaceNotifier original = server.onEngine(engine::notifications);
        List<String> events = new CopyOnWriteArrayList<>();
        server.onEngine(() -> {
            engine.notifications(new KeyspaceNotifier() {
                @Override
                public void notify(int type, String event, byte[] key, int db) {
                    if (type == NEW) {
                        return; // "new" has its own flag ('n', not in 'A')
                    }
                    events.add(event + ":" + new String(key, StandardCharsets.ISO_8859_1));
                }
            });
            return null;
        });
        try (RawClient mover = newClient()) {
            mover.send("BLMOVE", "src", "dst", "RIGHT", "LEFT", "0");
            awaitBlocked(1);
            assertReply("RPUSH src a b", ":2\r\n");
            assertThat(mover.readReplyString()).isEqualTo("$1\r\nb\r\n");
            assertThat(events).containsExactly("rpush:src", "lpush:dst", "rpop:src");
        } finally {
            server.onEngine(() -> {
                engine.notifications(original);
                return null;
            });
        }
    }

    /** The id HELLO reports for the connection (CLIENT ID lives with the connection commands). */
    private static long clientId(RawClient c) {
        Matcher m = Pattern.compile("\\$2\r\nid\r\n:(\\d+)\r\n").matcher(c.call("HELLO", "2"));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Waits (bounded) until exactly {@code n} clients are blocked. */
    private void awaitBlocked(int n) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.blockedClients() != n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " blocked clients, have " + server.blockedClients());
            }
            Thread.onSpinWait();
        }
    }
}
