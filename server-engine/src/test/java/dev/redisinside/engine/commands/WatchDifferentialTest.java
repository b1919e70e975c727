package dev.redisinside.engine.commands;

import dev.redisinside.engine.protocol.RequestDecoder;
import dev.redisinside.engine.support.EngineTest;
import dev.redisinside.engine.support.RawClient;
import dev.redisinside.engine.support.PrivateRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WATCH against a private real Redis: one connection watches a key, a second one runs commands (writes,
 * no-op writes, renames, moves, flushes, SWAPDB, scripts, reads), then the first runs MULTI/EXEC; the
 * EXEC replies (aborted or not) must be the same. Skipped when no redis-server is installed.
 */
class WatchDifferentialTest extends EngineTest {

    /** Setup commands (';'-separated), the watched key, then what the other connection runs. */
    private static final String[][] CASES = {
        {"SET k v", "k", "RENAME k k2"},
        {"SET k v", "k2", "RENAME k k2"},
        {"SET k v", "k", "RENAME k k"},
        {"SET k v", "k2", "RENAMENX k k2"},
        {"SET k v", "k", "SWAPDB 0 1"},
        {"", "k", "SELECT 1", "SET k v", "SWAPDB 0 1", "SELECT 0"},
        {"", "k", "SWAPDB 0 1"},
        {"SET k v", "k", "SWAPDB 1 2"},
        {"SET k v", "k", "FLUSHDB"},
        {"", "k", "FLUSHDB"},
        {"SET k v", "k", "FLUSHALL"},
        {"SET k v", "k", "SELECT 1", "FLUSHDB", "SELECT 0"},
        {"SET k v", "k", "EVAL \"redis.call('set',KEYS[1],'x')\" 1 k"},
        {"SET k v", "k", "EVAL \"return redis.call('get',KEYS[1])\" 1 k"},
        {"SET k v", "k", "FUNCTION LOAD \"#!lua name=w\nredis.register_function('w', function(k) "
                + "return redis.call('set', k[1], 'f') end)\"", "FCALL w 1 k"},
        {"SET k v", "k", "MULTI", "SET k x", "EXEC"},
        {"SET k v", "k", "MOVE k 1"},
        {"", "k", "SELECT 1", "SET k v", "MOVE k 0", "SELECT 0"},
        {"SET s v", "k", "COPY s k"},
        {"SET s v", "k", "COPY s k DB 1"},
        {"SADD st a", "st", "SADD st a"},
        {"SADD st a", "st", "SREM st zz"},
        {"SADD st a", "st", "SPOP st 0"},
        {"SADD st a b", "st2", "SMOVE st st2 a"},
        {"SADD st a", "st", "SINTERSTORE st st nokey"},
        {"HSET h f v", "h", "HDEL h nof"},
        {"HSET h f v", "h", "HSETNX h f v"},
        {"HSET h f v", "h", "HINCRBYFLOAT h n 0"},
        {"SET k v", "k", "EXPIRE k 100"},
        {"SET k v", "k", "EXPIRE k 100 XX"},
        {"SET k v", "k", "EXPIRE k -1"},
        {"SET k v", "k", "PERSIST k"},
        {"SET k v EX 100", "k", "PERSIST k"},
        {"SET k v", "k", "SETRANGE k 0 \"\""},
        {"SET k v", "k", "APPEND k \"\""},
        {"SET k 1", "k", "INCRBY k 0"},
        {"SET k v", "k", "GETEX k"},
        {"SET k v", "k", "GETEX k PERSIST"},
        {"SET k v EX 100", "k", "GETEX k PERSIST"},
        {"SET k v", "k", "GETDEL k"},
        {"SET k v", "k", "SET k v"},
        {"SET k v", "k", "SET k x NX"},
        {"SET k v", "k", "MSETNX k x j y"},
        {"SET k v", "k", "DEL k"},
        {"", "k", "DEL k"},
        {"SET k v", "k", "UNLINK k"},
        {"SET k v", "k", "TOUCH k", "OBJECT ENCODING k", "LCS k k", "EXISTS k"},
        {"SETBIT b 0 1", "b", "SETBIT b 0 1"},
        {"SET b a", "b", "BITFIELD b GET u8 0"},
        {"SET b a", "b", "BITOP NOT b b"},
        {"RPUSH l a b", "l", "LMOVE l l LEFT RIGHT"},
        {"RPUSH l a", "l", "LREM l 0 zz"},
        {"RPUSH l a", "l", "LTRIM l 0 -1"},
        {"RPUSH l a", "l", "LINSERT l BEFORE zz x"},
        {"RPUSH l a", "l", "BLPOP l 1"},
        {"", "d", "SORT l STORE d"},
        {"RPUSH l 1", "d", "SORT l STORE d"},
        {"ZADD z 1 a", "z", "ZADD z 1 a"},
        {"ZADD z 1 a", "z", "ZINCRBY z 0 a"},
        {"ZADD z 1 a", "z", "ZREMRANGEBYSCORE z 5 10"},
        {"ZADD z 1 a", "d", "ZUNIONSTORE d 1 z"},
        {"ZADD z 1 a", "d", "ZRANGESTORE d z 5 10"},
        {"GEOADD g 1 1 a", "g", "GEOADD g 1 1 a"},
        {"XADD x 1-1 f v", "x", "XGROUP CREATE x g 0"},
        {"XADD x 1-1 f v;XGROUP CREATE x g 0", "x", "XREADGROUP GROUP g c STREAMS x >"},
        {"XADD x 1-1 f v;XGROUP CREATE x g 0", "x", "XGROUP CREATECONSUMER x g c"},
        {"XADD x 1-1 f v", "x", "XTRIM x MAXLEN 5"},
        {"XADD x 1-1 f v", "x", "XSETID x 5-5"},
        {"PFADD hl a", "hl", "PFADD hl a"},
        {"PFADD hl a", "hl", "PFCOUNT hl"},
        {"SET k v", "k", "RESTORE k 0 \"\\x00\\x01x\\n\\x00\\\"\\x80\\x86_\\xbd\\xe8H\\xd0\" REPLACE"},
    };

    @RegisterExtension
    final PrivateRedis redis = new PrivateRedis();

    @Test
    void execAbortsAfterTheSameCommandsAsInRedis() {
        List<String> differences = new ArrayList<>();
        int aborted = 0;
        try (RawClient realWatcher = new RawClient(redis.port()); RawClient realOther = new RawClient(redis.port());
                RawClient ourWatcher = newClient(); RawClient ourOther = newClient()) {
            for (String[] c : CASES) {
                String expected = run(c, realWatcher, realOther);
                if (expected.endsWith("EXEC *-1 ")) {
                    aborted++;
                }
                String actual = run(c, ourWatcher, ourOther);
                if (!expected.equals(actual)) {
                    differences.add(String.join(" / ", c) + "\n   redis: " + expected + "\n   ours:  " + actual);
                }
            }
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
        assertThat(aborted).isBetween(CASES.length / 3, CASES.length - 10);
    }

    private static String run(String[] c, RawClient watcher, RawClient other) {
        call(other, "SELECT 0");
        call(other, "FLUSHALL");
        call(other, "FUNCTION FLUSH");
        for (String setup : c[0].split(";")) {
            if (!setup.isEmpty()) {
                call(other, setup);
            }
        }
        call(watcher, "WATCH " + c[1]);
        StringBuilder replies = new StringBuilder();
        for (int i = 2; i < c.length; i++) {
            replies.append(call(other, c[i]).replace("\r\n", " ")).append("| ");
        }
        call(watcher, "MULTI");
        call(watcher, "PING");
        return replies + "EXEC " + call(watcher, "EXEC").replace("\r\n", " ");
    }

    private static String call(RawClient client, String command) {
        client.sendBytes(RequestDecoder.splitArgs(command.getBytes(StandardCharsets.UTF_8)));
        return client.readReplyString();
    }
}
