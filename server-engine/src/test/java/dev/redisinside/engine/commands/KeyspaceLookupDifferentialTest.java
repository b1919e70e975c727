package dev.redisinside.engine.commands;

import dev.redisinside.engine.support.EngineTest;
import dev.redisinside.engine.support.RawClient;
import dev.redisinside.engine.support.PrivateRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs read and write commands of every group on a private real Redis and on us, each on the same
 * fresh fixture, against a key of the command's type, a missing key and a key of another type, and
 * compares the reply, the keyspace_hits/keyspace_misses the command added (Redis's lookupKeyRead and
 * its NOTOUCH/NONOTIFY variants count, write lookups do not) and every keyspace event it published
 * ({@code KEAmn}: keymiss and new included). Skipped when no redis-server is installed.
 */
class KeyspaceLookupDifferentialTest extends EngineTest {

    private static final String[] FIXTURE = {
        "SET s hello", "SET n 10", "SETBIT bm 3 1", "RPUSH l a b c", "RPUSH nums 3 1 2", "SET w_1 2", "SET w_2 1",
        "HSET h_3 f x", "HSET h f v f2 v2", "SADD st 1", "SADD st2 1 2", "ZADD z 1 a 2 b", "ZADD z2 2 b 3 c",
        "XADD x 1-1 f v", "XGROUP CREATE x g 0", "XREADGROUP GROUP g c COUNT 1 STREAMS x >", "PFADD hl a b",
        "GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania",
    };

    /**
     * Per type, its key then command templates: {@code %k} becomes that key, a missing key and a key of
     * another type. A leading {@code ~} marks a random or memory-layout dependent reply, not compared; a
     * leading {@code ^} a command that Redis 7.0 answers with its own pushes interleaved inside the reply
     * array (fixed in 7.2, which sends them after the reply), compared only with a separate subscriber.
     */
    private static final String[][] COMMANDS = {
        {"s", "GET %k", "GETRANGE %k 0 2", "SUBSTR %k 0 1", "MGET %k nokey s", "STRLEN %k", "LCS %k s", "LCS s %k",
            "GETDEL %k", "GETEX %k", "GETEX %k PERSIST", "GETSET %k x", "APPEND %k x", "SETRANGE %k 1 x",
            "SET %k v GET", "SET %k v", "SETNX %k v", "MSETNX %k v other v", "INCR %k", "INCRBYFLOAT %k 1",
            "SETEX %k 100 v", "PSETEX %k 100 v", "SET %k v KEEPTTL", "SET %k v EX 100 GET", "MSET %k v other v",
            "DECRBY %k 2", "PEXPIREAT %k 1", "EXPIRE %k 0", "EXPIRE %k 100 NX", "RESTORE %k 0 \"\\x00\\x01x\\n\\x00\\\"\\x80\\x86_\\xbd\\xe8H\\xd0\" REPLACE",
            "GETBIT %k 1", "SETBIT %k 1 1", "BITCOUNT %k", "BITCOUNT %k 0 -1", "BITPOS %k 1", "BITPOS %k 0 1",
            "BITFIELD %k GET u8 0", "BITFIELD %k SET u8 0 1", "BITFIELD %k INCRBY u8 0 1 GET u8 0",
            "BITFIELD_RO %k GET u8 0", "BITOP AND dest %k s", "BITOP NOT dest %k", "DUMP %k",
            "OBJECT ENCODING %k", "OBJECT IDLETIME %k", "OBJECT REFCOUNT %k", "OBJECT FREQ %k", "EXISTS %k nokey2 %k",
            "TYPE %k", "TTL %k", "PTTL %k", "EXPIRETIME %k", "PEXPIRETIME %k", "TOUCH %k nokey2", "COPY %k dst",
            "RENAME %k dst", "RENAMENX %k dst", "MOVE %k 1", "DEL %k", "UNLINK %k", "EXPIRE %k 100", "PERSIST %k",
            "~MEMORY USAGE %k", "~SCAN 0 TYPE string COUNT 100", "~SCAN 0 TYPE %k COUNT 100", "SCAN 0 MATCH %k COUNT 100", "KEYS %k", "~RANDOMKEY",
            "EVAL \"return redis.call('get',KEYS[1])\" 1 %k", "EVAL \"return redis.pcall('type',KEYS[1])\" 1 %k"},
        {"l", "LLEN %k", "LINDEX %k 0", "LRANGE %k 0 -1", "LPOS %k b", "LPUSH %k a", "LPUSHX %k a", "LPOP %k",
            "RPOP %k 2", "RPOPLPUSH %k dst", "LMOVE %k l LEFT RIGHT", "LMPOP 2 nokey2 %k LEFT", "LINSERT %k BEFORE a x",
            "LSET %k 0 x", "LREM %k 0 a", "LTRIM %k 0 1", "RPUSHX %k z", "LTRIM %k 5 10", "LREM %k 0 zz", "SORT %k ALPHA", "SORT_RO %k ALPHA",
            "SORT %k ALPHA STORE dst", "SORT nums BY w_* GET h_*->f GET #", "SORT %k BY nosort LIMIT 0 1 ALPHA"},
        {"h", "HGET %k f", "HMGET %k f nof", "HEXISTS %k f", "HLEN %k", "HSTRLEN %k f", "HKEYS %k", "HVALS %k",
            "HGETALL %k", "~HRANDFIELD %k -1", "HRANDFIELD %k 0", "HSCAN %k 0", "HSCAN %k 0 BAD", "HSET %k f v", "HSETNX %k f v",
            "HDEL %k f", "HDEL %k f f2", "HINCRBY %k n 1", "HINCRBYFLOAT %k n 1"},
        {"st", "SISMEMBER %k 1", "SMISMEMBER %k 1 x", "SCARD %k", "SMEMBERS %k", "SRANDMEMBER %k",
            "SRANDMEMBER %k 1", "SRANDMEMBER %k 0", "SSCAN %k 0", "SSCAN %k 0 BAD", "SINTER %k st2", "SINTER st2 %k", "SINTERCARD 2 %k st2",
            "SUNION %k st2", "SDIFF %k st2", "SDIFF st2 %k", "SINTERSTORE d %k st2", "SUNIONSTORE d %k st2",
            "SDIFFSTORE d %k st2", "SMOVE %k st2 1", "SMOVE st2 %k 2", "SPOP %k", "SPOP %k 1", "SREM %k 1", "SADD %k 1", "SINTERSTORE %k nokey2", "SUNIONSTORE %k st2"},
        {"z", "ZCARD %k", "ZCOUNT %k 0 10", "ZLEXCOUNT %k - +", "ZRANGE %k 0 -1", "ZRANGE %k 0 10 BYSCORE",
            "ZREVRANGE %k 0 -1 WITHSCORES", "ZRANGEBYSCORE %k 0 10", "ZREVRANGEBYLEX %k + -", "ZRANGESTORE d %k 0 -1",
            "ZSCORE %k a", "ZMSCORE %k a x", "ZRANK %k a", "ZREVRANK %k b", "ZSCAN %k 0", "ZSCAN %k 0 BAD", "ZRANDMEMBER %k 0",
            "~ZRANDMEMBER %k -1", "ZUNION 2 %k z2", "ZINTER 2 z2 %k", "ZDIFF 2 %k z2", "ZINTERCARD 2 %k z2",
            "ZUNIONSTORE d 2 %k z2", "ZINTERSTORE d 2 %k z2", "ZDIFFSTORE d 2 %k z2", "ZADD %k 5 e", "ZINCRBY %k 1 a",
            "ZREM %k a", "^ZPOPMIN %k", "^ZPOPMAX %k 5", "^ZMPOP 2 nokey2 %k MIN", "ZREMRANGEBYRANK %k 0 0",
            "ZREMRANGEBYSCORE %k 0 1", "ZREMRANGEBYLEX %k - +", "ZREM %k a b",
            "ZADD %k GT CH 0 a", "ZADD %k INCR 1 a"},
        {"x", "XLEN %k", "XRANGE %k - +", "XREVRANGE %k + -", "XREAD STREAMS %k 0", "^XREAD STREAMS x %k 0 0",
            "XREADGROUP GROUP g c STREAMS %k >", "XREADGROUP GROUP g c STREAMS %k 0", "XPENDING %k g",
            "~XPENDING %k g - + 10", "XINFO STREAM %k", "XINFO GROUPS %k", "~XINFO CONSUMERS %k g",
            "^XCLAIM %k g c2 0 1-1", "^XAUTOCLAIM %k g c2 0 0", "XACK %k g 1-1", "XADD %k 2-1 a b",
            "XADD %k NOMKSTREAM 2-1 a b", "XDEL %k 1-1", "XTRIM %k MAXLEN 0", "XGROUP CREATE %k g2 0",
            "XGROUP CREATE %k g2 0 MKSTREAM", "XGROUP DESTROY %k g", "XGROUP CREATECONSUMER %k g c3",
            "XGROUP DELCONSUMER %k g c", "XGROUP SETID %k g 0", "XSETID %k 5-5"},
        {"hl", "PFCOUNT %k", "PFCOUNT %k hl", "PFMERGE dst %k", "PFMERGE %k hl", "PFADD %k z"},
        {"g", "GEOPOS %k Palermo nope", "GEODIST %k Palermo Catania", "GEOHASH %k Palermo",
            "GEORADIUS %k 15 37 200 km", "GEORADIUS_RO %k 15 37 200 km", "GEORADIUSBYMEMBER %k Palermo 200 km",
            "GEOSEARCH %k FROMLONLAT 15 37 BYRADIUS 200 km ASC", "GEOSEARCHSTORE d %k FROMLONLAT 15 37 BYRADIUS 200 km",
            "GEORADIUS %k 15 37 200 km STORE d", "GEOADD %k 1 1 p"},
    };

    private static final Pattern STAT = Pattern.compile("keyspace_(hits|misses):(\\d+)");

    @RegisterExtension
    final PrivateRedis redis = new PrivateRedis();

    @AfterEach
    void resetConfig() {
        server.config().notifyKeyspaceEvents = 0;
    }

    @Test
    void readLookupsCountAndReportKeymissAsRedisDoes() {
        compareAll(false);
    }

    /**
     * The same commands from a RESP3 connection subscribed to its own events: the pushes and the reply
     * arrive in Redis's order (most commands publish before replying, some, like HSET, after).
     */
    @Test
    void resp3ClientSeesItsOwnEventsAroundTheReplyInRedisOrder() {
        compareAll(true);
    }

    private void compareAll(boolean resp3) {
        List<String> differences = new ArrayList<>();
        try (Side real = new Side(redis.port(), resp3); Side ours = new Side(server.port(), resp3)) {
            for (String[] group : COMMANDS) {
                String own = group[0];
                String wrong = own.equals("s") ? "l" : "s";
                for (int i = 1; i < group.length; i++) {
                    String template = group[i];
                    if (template.startsWith("^")) {
                        if (resp3) {
                            continue;
                        }
                        template = template.substring(1);
                    }
                    for (String key : new String[] {own, "nokey", wrong}) {
                        boolean replyCompared = !template.startsWith("~");
                        String command = template.substring(replyCompared ? 0 : 1).replace("%k", key);
                        String expected = real.run(command, replyCompared);
                        String actual = ours.run(command, replyCompared);
                        if (!expected.equals(actual)) {
                            differences.add(command + "\n   redis: " + expected + "\n   ours:  " + actual);
                        }
                    }
                }
            }
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
    }

    /**
     * One server: a connection for the commands and a RESP2 subscriber to every channel, or one RESP3
     * connection subscribed to every channel itself.
     */
    private static final class Side implements AutoCloseable {

        private final RawClient data;
        private final RawClient subscriber;

        Side(int port, boolean resp3) {
            data = new RawClient(port);
            if (resp3) {
                data.call("HELLO", "3");
                subscriber = data;
            } else {
                subscriber = new RawClient(port);
            }
            subscriber.call("PSUBSCRIBE", "*");
        }

        /** The command's reply, the hits and misses it added and the events it published, as one line. */
        String run(String command, boolean withReply) {
            call("FLUSHALL");
            call("CONFIG SET notify-keyspace-events \"\"");
            for (String line : FIXTURE) {
                call(line);
            }
            call("CONFIG SET notify-keyspace-events KEAmn");
            long[] before = stats();
            String reply;
            String events;
            if (subscriber == data) {
                reply = "";
                events = drainEvents(command, withReply);
            } else {
                reply = withReply ? call(command).replace("\r\n", " ") : "";
                events = drainEvents(null, false);
            }
            long[] after = stats();
            call("CONFIG SET notify-keyspace-events \"\"");
            return reply + "| hits +" + (after[0] - before[0]) + " misses +" + (after[1] - before[1]) + " | " + events;
        }

        private String call(String command) {
            byte[][] args = dev.redisinside.engine.protocol.RequestDecoder.splitArgs(
                    command.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            data.sendBytes(args);
            return data.readReplyString();
        }

        private long[] stats() {
            Matcher m = STAT.matcher(call("INFO stats"));
            long[] values = new long[2];
            while (m.find()) {
                values[m.group(1).equals("hits") ? 0 : 1] = Long.parseLong(m.group(2));
            }
            return values;
        }

        /**
         * The channel and payload of each pmessage published so far, up to the reply of a PING; on the
         * RESP3 connection, first sends the command, whose reply (when compared) takes its place among them.
         */
        private String drainEvents(String command, boolean withReply) {
            if (command != null) {
                subscriber.sendBytes(dev.redisinside.engine.protocol.RequestDecoder.splitArgs(
                        command.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
            }
            subscriber.send("PING");
            StringBuilder events = new StringBuilder();
            while (true) {
                String frame = subscriber.readReplyString();
                if (frame.startsWith("*2\r\n$4\r\npong") || frame.equals("+PONG\r\n")) {
                    return events.toString();
                }
                if (!frame.startsWith(">4\r\n$8\r\npmessage")) {
                    events.append(withReply ? "reply: " + frame.replace("\r\n", " ") : "reply").append(' ');
                    continue;
                }
                String[] lines = frame.split("\r\n");
                events.append(lines[6]).append('=').append(lines[8]).append(' ');
            }
        }

        @Override
        public void close() {
            data.close();
            subscriber.close();
        }
    }
}
