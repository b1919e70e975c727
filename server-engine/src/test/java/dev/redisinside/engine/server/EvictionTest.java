package dev.redisinside.engine.server;

import dev.redisinside.engine.support.EngineTest;
import dev.redisinside.engine.support.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** maxmemory and every maxmemory-policy, as Redis 7.0's performEvictions applies them before each command. */
class EvictionTest extends EngineTest {

    private static final String OOM = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";

    @AfterEach
    void resetMemorySettings() {
        call("CONFIG SET maxmemory 0");
        call("CONFIG SET maxmemory-policy noeviction");
        call("CONFIG SET maxmemory-samples 5");
        call("CONFIG SET lfu-log-factor 10");
        call("CONFIG SET notify-keyspace-events \"\"");
        call("CONFIG RESETSTAT");
    }

    private long info(String field) {
        Matcher m = Pattern.compile("\r\n" + field + ":(\\d+)\r\n").matcher(call("INFO everything"));
        assertThat(m.find()).as(field).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Sets maxmemory just below the current usage: the next command evicts at least one key. */
    private void limitJustBelowUsage() {
        assertReply("CONFIG SET maxmemory " + (info("used_memory") - 1), "+OK\r\n");
    }

    /** Every key sampled: with few keys the pool sees them all, so the choice is deterministic. */
    private void policy(String policy) {
        assertReply("CONFIG SET maxmemory-policy " + policy, "+OK\r\n");
        assertReply("CONFIG SET maxmemory-samples 64", "+OK\r\n");
    }

    @Test
    void noevictionRefusesWritesButServesReads() {
        assertReply("SET k v", "+OK\r\n");
        assertReply("CONFIG SET maxmemory 1", "+OK\r\n");
        assertReply("SET k v2", OOM);
        assertReply("INCR n", OOM);
        assertReply("GET k", "$1\r\nv\r\n");
        assertReply("DEL k", ":1\r\n");
        assertReply("SET k v3", OOM);
        assertThat(info("evicted_keys")).isZero();
    }

    @Test
    void allkeysLruKeepsTheRecentlyTouchedKeys() {
        policy("allkeys-lru");
        for (int i = 0; i < 10; i++) {
            assertReply("SET k" + i + " value", "+OK\r\n");
            server.fastForward(Duration.ofSeconds(10));
        }
        assertReply("GET k0", "$5\r\nvalue\r\n");
        assertReply("GET k1", "$5\r\nvalue\r\n");
        server.fastForward(Duration.ofSeconds(10));
        limitJustBelowUsage();
        assertReply("PING", "+PONG\r\n");
        assertThat(server.keys()).hasSize(9).doesNotContain("k2");
        assertThat(info("evicted_keys")).isEqualTo(1);
        assertThat(info("used_memory")).isLessThanOrEqualTo(info("maxmemory"));
    }

    @Test
    void allkeysLfuKeepsTheFrequentlyUsedKey() {
        policy("allkeys-lfu");
        assertReply("CONFIG SET lfu-log-factor 0", "+OK\r\n"); // every access counts
        for (int i = 0; i < 5; i++) {
            assertReply("SET cold" + i + " v", "+OK\r\n");
        }
        assertReply("SET hot v", "+OK\r\n");
        for (int i = 0; i < 5; i++) {
            assertReply("GET hot", "$1\r\nv\r\n");
        }
        for (int round = 0; round < 5; round++) {
            limitJustBelowUsage();
            assertReply("PING", "+PONG\r\n");
        }
        assertThat(server.keys()).containsExactly("hot");
    }

    @Test
    void volatileLruEvictsOnlyKeysWithATimeToLive() {
        policy("volatile-lru");
        assertReply("SET p1 v", "+OK\r\n");
        assertReply("SET p2 v", "+OK\r\n");
        assertReply("SET v1 v EX 100", "+OK\r\n");
        server.fastForward(Duration.ofSeconds(10));
        assertReply("SET v2 v EX 100", "+OK\r\n");
        server.fastForward(Duration.ofSeconds(10));
        limitJustBelowUsage();
        assertReply("PING", "+PONG\r\n");
        assertThat(server.keys()).containsExactlyInAnyOrder("p1", "p2", "v2");
        assertReply("CONFIG SET maxmemory 1", "+OK\r\n");
        assertReply("SET x y", OOM);
        assertReply("GET p1", "$1\r\nv\r\n");
        assertThat(server.keys()).containsExactlyInAnyOrder("p1", "p2");
        assertThat(info("evicted_keys")).isEqualTo(2);
    }

    @Test
    void volatileLfuEvictsTheLeastUsedKeyWithATimeToLive() {
        policy("volatile-lfu");
        assertReply("CONFIG SET lfu-log-factor 0", "+OK\r\n");
        assertReply("SET persistent v", "+OK\r\n");
        assertReply("SET hot v EX 100", "+OK\r\n");
        assertReply("SET cold v EX 100", "+OK\r\n");
        assertReply("GET hot", "$1\r\nv\r\n");
        limitJustBelowUsage();
        assertReply("PING", "+PONG\r\n");
        assertThat(server.keys()).containsExactlyInAnyOrder("persistent", "hot");
    }

    @Test
    void volatileTtlEvictsTheNearestDeadlineFirst() {
        policy("volatile-ttl");
        assertReply("SET later v EX 200", "+OK\r\n");
        assertReply("SET soon v EX 50", "+OK\r\n");
        assertReply("SET middle v EX 100", "+OK\r\n");
        assertReply("SET forever v", "+OK\r\n");
        limitJustBelowUsage();
        assertReply("PING", "+PONG\r\n");
        assertThat(server.keys()).containsExactlyInAnyOrder("later", "middle", "forever");
        limitJustBelowUsage();
        assertReply("PING", "+PONG\r\n");
        assertThat(server.keys()).containsExactlyInAnyOrder("later", "forever");
    }

    @Test
    void randomPoliciesEmptyWhatTheyMayAcrossDatabases() {
        assertReply("SET a v", "+OK\r\n");
        assertReply("SET b v EX 100", "+OK\r\n");
        server.execute(3, "SET", "c", "v");
        server.execute(3, "SET", "d", "v", "EX", "100");
        assertReply("CONFIG SET maxmemory-policy volatile-random", "+OK\r\n");
        assertReply("CONFIG SET maxmemory 1", "+OK\r\n");
        assertReply("SET x y", OOM);
        assertThat(server.keys()).containsExactly("a");
        assertThat(server.execute(3, "EXISTS", "c", "d")).isEqualTo(1L);
        assertReply("CONFIG SET maxmemory-policy allkeys-random", "+OK\r\n");
        assertReply("SET x y", OOM);
        assertThat(server.keys()).isEmpty();
        assertThat(server.execute(3, "DBSIZE")).isEqualTo(0L);
        assertThat(info("evicted_keys")).isEqualTo(4);
    }

    @Test
    void evictionsAreKeyspaceEvents() {
        assertReply("CONFIG SET notify-keyspace-events Ee", "+OK\r\n");
        try (RawClient subscriber = newClient()) {
            subscriber.send("SUBSCRIBE", "__keyevent@0__:evicted");
            assertThat(subscriber.readReplyString()).contains("subscribe");
            assertReply("SET victim v", "+OK\r\n");
            assertReply("CONFIG SET maxmemory-policy allkeys-random", "+OK\r\n");
            assertReply("CONFIG SET maxmemory 1", "+OK\r\n");
            assertReply("PING", "+PONG\r\n");
            assertThat(subscriber.readReplyString())
                    .isEqualTo("*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:evicted\r\n$6\r\nvictim\r\n");
        }
    }

    @Test
    void evictionInvalidatesTrackedKeysEvenWithNoloop() {
        try (RawClient tracker = newClient()) {
            tracker.call("HELLO", "3");
            assertThat(tracker.call("CLIENT", "TRACKING", "ON", "NOLOOP")).isEqualTo("+OK\r\n");
            assertThat(tracker.call("SET", "k", "v")).isEqualTo("+OK\r\n");
            assertThat(tracker.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
            assertReply("CONFIG SET maxmemory-policy allkeys-random", "+OK\r\n");
            assertReply("CONFIG SET maxmemory 1", "+OK\r\n");
            // the eviction is no client's write, so even the client that wrote k hears of it
            assertThat(tracker.call("PING")).isEqualTo(">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n");
            assertThat(tracker.readReplyString()).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void aLowerMaxmemoryEvictsBeforeTheNextCommand() {
        policy("allkeys-random");
        assertReply("SET a v", "+OK\r\n");
        assertReply("SET b v", "+OK\r\n");
        assertReply("CONFIG SET maxmemory 1", "+OK\r\n");
        assertReply("GET a", "$-1\r\n");
        assertReply("DBSIZE", ":0\r\n");
    }

    @Test
    void multiQueuesNothingOverTheLimitAndExecOfAWriteAborts() {
        try (RawClient other = newClient()) {
            assertReply("MULTI", "+OK\r\n");
            assertReply("SET a b", "+QUEUED\r\n");
            assertThat(other.call("CONFIG", "SET", "maxmemory", "1")).isEqualTo("+OK\r\n");
            assertReply("EXEC", "-EXECABORT Transaction discarded because of: OOM command not allowed when used "
                    + "memory > 'maxmemory'.\r\n");
            assertReply("MULTI", "+OK\r\n");
            assertReply("GET a", OOM);
            assertReply("DISCARD", "+OK\r\n");
            assertReply("MULTI", "+OK\r\n");
            assertReply("EXEC", "*0\r\n");
            assertThat(other.call("CONFIG", "SET", "maxmemory", "0")).isEqualTo("+OK\r\n");
            assertReply("MULTI", "+OK\r\n");
            assertReply("GET a", "+QUEUED\r\n");
            assertThat(other.call("CONFIG", "SET", "maxmemory", "1")).isEqualTo("+OK\r\n");
            assertReply("EXEC", "*1\r\n$-1\r\n");
        }
    }

    @Test
    void scriptsAreRefusedByTheirFlags() {
        assertReply("CONFIG SET maxmemory 1", "+OK\r\n");
        assertReply("EVAL \"#!lua\\nreturn 1\" 0", OOM);
        assertReply("EVAL \"#!lua flags=no-writes\\nreturn 1\" 0", ":1\r\n");
        assertReply("EVAL \"#!lua flags=allow-oom\\nreturn redis.call('set', 'k', 'v')\" 0", "+OK\r\n");
        assertReply("EVAL \"return redis.pcall('set', 'k', 'v')\" 0", OOM);
        assertReply("EVAL \"redis.call('del', 'k') return redis.call('set', 'k', 'v')\" 0", "+OK\r\n");
    }

    @Test
    void maxKeysFollowsTheEvictionPolicy() {
        server.config().maxKeys = 3;
        try {
            policy("volatile-ttl");
            assertReply("SET a v EX 100", "+OK\r\n");
            assertReply("SET b v EX 10", "+OK\r\n");
            assertReply("SET c v", "+OK\r\n");
            assertReply("SET d v", "+OK\r\n");
            assertThat(server.keys()).containsExactlyInAnyOrder("a", "c", "d");
            assertReply("SET e v", "+OK\r\n");
            assertReply("SET f v", "+OK\r\n");
            assertThat(server.keys()).hasSize(3).contains("f");
        } finally {
            server.config().maxKeys = 0;
        }
    }
}
