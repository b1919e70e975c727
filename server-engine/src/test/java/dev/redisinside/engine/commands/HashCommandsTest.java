package dev.redisinside.engine.commands;

import dev.redisinside.engine.store.RedisHash;
import dev.redisinside.engine.support.EngineTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Hash commands; expected bytes were taken from Redis 7.0.15. */
class HashCommandsTest extends EngineTest {

    @Test
    void hsetCountsNewFieldsAndHmsetAnswersOk() {
        assertReply("HSET h a 1 b 2", ":2\r\n");
        assertReply("HSET h a 10 c 3", ":1\r\n");
        assertReply("HMSET h d 4 a 11", "+OK\r\n");
        assertReply("HGETALL h", "*8\r\n$1\r\na\r\n$2\r\n11\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n");
        assertReply("HLEN h", ":4\r\n");
    }

    @Test
    void oddArgumentsAreAnArityError() {
        assertReply("HSET h a 1 b", "-ERR wrong number of arguments for 'hset' command\r\n");
        assertReply("HMSET h a", "-ERR wrong number of arguments for 'hmset' command\r\n");
        assertReply("HSET h a", "-ERR wrong number of arguments for 'hset' command\r\n");
        assertReply("HLEN h", ":0\r\n");
    }

    @Test
    void smallHashesKeepInsertionOrder() {
        assertReply("HSET h z 1 y 2 x 3 w 4", ":4\r\n");
        assertReply("HSET h y 20", ":0\r\n");
        assertReply("HDEL h z", ":1\r\n");
        assertReply("HSET h z 10", ":1\r\n");
        assertReply("HKEYS h", "*4\r\n$1\r\ny\r\n$1\r\nx\r\n$1\r\nw\r\n$1\r\nz\r\n");
        assertReply("HVALS h", "*4\r\n$2\r\n20\r\n$1\r\n3\r\n$1\r\n4\r\n$2\r\n10\r\n");
        assertReply("HGETALL h", "*8\r\n$1\r\ny\r\n$2\r\n20\r\n$1\r\nx\r\n$1\r\n3\r\n$1\r\nw\r\n$1\r\n4\r\n$1\r\nz\r\n$2\r\n10\r\n");
    }

    @Test
    void hgetallIsAMapInResp3() {
        call("HELLO 3");
        assertReply("HSET h a 1 b 2", ":2\r\n");
        assertReply("HGETALL h", "%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n");
        assertReply("HGETALL missing", "%0\r\n");
        assertReply("HKEYS missing", "*0\r\n");
        assertReply("HGET h nofield", "_\r\n");
        assertReply("HMGET h a nofield", "*2\r\n$1\r\n1\r\n_\r\n");
    }

    @Test
    void hsetnxOnlySetsNewFields() {
        assertReply("HSETNX h f v1", ":1\r\n");
        assertReply("HSETNX h f v2", ":0\r\n");
        assertReply("HGET h f", "$2\r\nv1\r\n");
    }

    @Test
    void hgetAndHmgetOnMissingKeysAndFields() {
        assertReply("HGET missing f", "$-1\r\n");
        assertReply("HMGET missing a b", "*2\r\n$-1\r\n$-1\r\n");
        assertReply("HSET h a 1", ":1\r\n");
        assertReply("HMGET h a b a", "*3\r\n$1\r\n1\r\n$-1\r\n$1\r\n1\r\n");
        assertReply("HEXISTS h a", ":1\r\n");
        assertReply("HEXISTS h b", ":0\r\n");
        assertReply("HSTRLEN h a", ":1\r\n");
        assertReply("HSTRLEN h b", ":0\r\n");
    }

    @Test
    void hdelRemovesTheKeyWithItsLastField() {
        assertReply("HSET h a 1 b 2", ":2\r\n");
        assertReply("HDEL h a x a", ":1\r\n");
        assertReply("HDEL h b c", ":1\r\n");
        assertReply("EXISTS h", ":0\r\n");
        assertReply("HDEL h a", ":0\r\n");
    }

    @Test
    void hincrbyChecksOverflowAndTheStoredValue() {
        assertReply("HINCRBY h n 10", ":10\r\n");
        assertReply("HINCRBY h n -3", ":7\r\n");
        assertReply("HSET h max 9223372036854775807 s abc", ":2\r\n");
        assertReply("HINCRBY h max 1", "-ERR increment or decrement would overflow\r\n");
        assertReply("HINCRBY h s 1", "-ERR hash value is not an integer\r\n");
        assertReply("HINCRBY h n abc", "-ERR value is not an integer or out of range\r\n");
        assertReply("HINCRBY h n 9223372036854775808", "-ERR value is not an integer or out of range\r\n");
        assertReply("HGET h n", "$1\r\n7\r\n");
    }

    @Test
    void hincrbyfloatUsesLongDoublePrecisionAndFormatting() {
        assertReply("HINCRBYFLOAT h f 0.1", "$3\r\n0.1\r\n");
        assertReply("HINCRBYFLOAT h f 0.2", "$3\r\n0.3\r\n");
        assertReply("HINCRBYFLOAT h f 1e3", "$22\r\n1000.29999999999999999\r\n");
        assertReply("HINCRBYFLOAT h f -1000.3", "$1\r\n0\r\n");
        assertReply("HINCRBYFLOAT h g 0x10", "$2\r\n16\r\n");
        assertReply("HINCRBYFLOAT h big 1e400", "$401\r\n10000000000000000000281880683947586514586453433629052038625910693539685534008629862039363994848324160522094053927317616200295822777259255734023828976593340661017797447434546173917862448116674971723778943824391593338047470675026246684401359237513603830343735485505244955964979021825038280091068414947402456898653040951017512658092615827588920183472511643316591362664138176309734806343732497430221946880\r\n");
        assertReply("HINCRBYFLOAT h tiny 5e-20", "$1\r\n0\r\n");
        assertReply("HINCRBYFLOAT h f inf", "-ERR value is NaN or Infinity\r\n");
        assertReply("HINCRBYFLOAT h f abc", "-ERR value is not a valid float\r\n");
        assertReply("HSET h s abc i inf", ":2\r\n");
        assertReply("HINCRBYFLOAT h s 1", "-ERR hash value is not a float\r\n");
        assertReply("HINCRBYFLOAT h i 1", "-ERR increment would produce NaN or Infinity\r\n");
    }

    @Test
    void hrandfieldRepliesByCountSign() {
        assertReply("HSET h a 1 b 2 c 3", ":3\r\n");
        assertReply("HRANDFIELD missing", "$-1\r\n");
        assertReply("HRANDFIELD missing 3", "*0\r\n");
        assertReply("HRANDFIELD h 0", "*0\r\n");
        assertReply("HRANDFIELD h 3", "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
        assertReply("HRANDFIELD h 5 WITHVALUES", "*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n");
        assertReply("HRANDFIELD h 1 foo", "-ERR syntax error\r\n");
        assertReply("HRANDFIELD h x", "-ERR value is not an integer or out of range\r\n");
        assertReply("HRANDFIELD h -9223372036854775808", "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n");
        assertReply("HRANDFIELD h 4611686018427387904 WITHVALUES", "-ERR value is out of range\r\n");
        assertReply("HSET one f v", ":1\r\n");
        assertReply("HRANDFIELD one -2 WITHVALUES", "*4\r\n$1\r\nf\r\n$1\r\nv\r\n$1\r\nf\r\n$1\r\nv\r\n");
        assertReply("HRANDFIELD one", "$1\r\nf\r\n");
    }

    @Test
    void hrandfieldWithValuesNestsPairsInResp3() {
        call("HELLO 3");
        assertReply("HSET h a 1 b 2", ":2\r\n");
        assertReply("HRANDFIELD h 2 WITHVALUES", "*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
        assertReply("HSET one f v", ":1\r\n");
        assertReply("HRANDFIELD one -2 WITHVALUES", "*2\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
        assertReply("HRANDFIELD missing", "_\r\n");
    }

    @Test
    void hscanReturnsSmallHashesInOneCall() {
        assertReply("HSET h f1 v1 f2 v2 g1 w1", ":3\r\n");
        assertReply("HSCAN h 0", "*2\r\n$1\r\n0\r\n*6\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n$2\r\nv2\r\n$2\r\ng1\r\n$2\r\nw1\r\n");
        assertReply("HSCAN h 55 COUNT 1", "*2\r\n$1\r\n0\r\n*6\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n$2\r\nv2\r\n$2\r\ng1\r\n$2\r\nw1\r\n");
        assertReply("HSCAN h 0 MATCH f*", "*2\r\n$1\r\n0\r\n*4\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n$2\r\nv2\r\n");
        assertReply("HSCAN h 0 MATCH [g]?", "*2\r\n$1\r\n0\r\n*2\r\n$2\r\ng1\r\n$2\r\nw1\r\n");
        assertReply("HSCAN h 0 COUNT 0", "-ERR syntax error\r\n");
        assertReply("HSCAN h 0 TYPE hash", "-ERR syntax error\r\n");
        assertReply("HSCAN h abc", "-ERR invalid cursor\r\n");
        assertReply("HSCAN h -1", "*2\r\n$1\r\n0\r\n*6\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n$2\r\nv2\r\n$2\r\ng1\r\n$2\r\nw1\r\n");
        assertReply("HSCAN missing 0 COUNT 0", "*2\r\n$1\r\n0\r\n*0\r\n");
    }

    @Test
    void wrongTypeIsReportedByEveryCommand() {
        assertReply("SET s x", "+OK\r\n");
        assertReply("HSET s f v", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("HGET s f", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("HMGET s f", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("HGETALL s", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("HDEL s f", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("HLEN s", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("HINCRBY s f 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("HINCRBYFLOAT s f 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("HRANDFIELD s 2", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("HSCAN s 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("HINCRBY s f x", "-ERR value is not an integer or out of range\r\n");
    }

    @Test
    void fieldsAndValuesAreBinarySafe() {
        assertReply("HSET h \"\\x00\\xff\" \"a\\r\\nb\" \"\" \"empty\"", ":2\r\n");
        assertReply("HGET h \"\\x00\\xff\"", "$4\r\na\r\nb\r\n");
        assertReply("HGET h \"\"", "$5\r\nempty\r\n");
        assertReply("HGETALL h", "*4\r\n$2\r\n\u0000\u00ff\r\n$4\r\na\r\nb\r\n$0\r\n\r\n$5\r\nempty\r\n");
    }

    @Test
    void hashtableEncodedHashesScanWithACursorUntilZero() {
        StringBuilder hset = new StringBuilder("HSET big");
        for (int i = 0; i < 600; i++) {
            hset.append(" f").append(i).append(" v").append(i);
        }
        assertReply(hset.toString(), ":600\r\n");
        java.util.Set<String> seen = new java.util.HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            String reply = call("HSCAN big " + cursor + " COUNT 50");
            String[] lines = reply.split("\r\n");
            cursor = lines[2];
            for (int i = 5; i < lines.length; i += 4) {
                seen.add(lines[i]);
            }
            calls++;
        } while (!cursor.equals("0"));
        assertThat(seen).hasSize(600);
        assertThat(calls).isGreaterThan(1);
    }

    @Test
    void randomFieldsAreDistinctForAPositiveCount() {
        assertReply("HSET h a 1 b 2 c 3 d 4 e 5 f 6 g 7 h 8 i 9 j 10", ":10\r\n");
        for (int count : new int[] {2, 5, 9}) {
            String[] lines = call("HRANDFIELD h " + count).split("\r\n");
            assertThat(lines[0]).isEqualTo("*" + count);
            java.util.Set<String> fields = new java.util.HashSet<>();
            for (int i = 2; i < lines.length; i += 2) {
                fields.add(lines[i]);
            }
            assertThat(fields).hasSize(count);
        }
        assertThat(call("HRANDFIELD h -30")).startsWith("*30\r\n");
        assertThat(call("HRANDFIELD h -30 WITHVALUES")).startsWith("*60\r\n");
    }

    @Test
    void encodingTurnsToHashtableForLongValuesOrManyFieldsAndStays() {
        DirectEngine direct = new DirectEngine();
        direct.run("HSET h f v g w");
        assertThat(direct.encoding("h")).isEqualTo("listpack");
        direct.run("HSET h f " + "x".repeat(65));
        assertThat(direct.encoding("h")).isEqualTo("hashtable");
        direct.run("HDEL h f");
        direct.run("HSET h f v");
        assertThat(direct.encoding("h")).isEqualTo("hashtable");

        direct.run("HSETNX n " + "k".repeat(65) + " v");
        assertThat(direct.encoding("n")).isEqualTo("hashtable");
        direct.run("HINCRBY i " + "k".repeat(65) + " 1");
        assertThat(direct.encoding("i")).isEqualTo("hashtable");

        direct.config.hashMaxListpackEntries = 3;
        direct.run("HSET m a 1 b 2 c 3");
        assertThat(direct.encoding("m")).isEqualTo("listpack");
        direct.run("HSET m d 4");
        assertThat(direct.encoding("m")).isEqualTo("hashtable");

        direct.config.hashMaxListpackValue = 2;
        direct.run("HSET lp a 1");
        direct.run("HSETNX lp a 123");
        assertThat(direct.encoding("lp")).isEqualTo("listpack");
        direct.run("HSET lp a 123");
        assertThat(direct.encoding("lp")).isEqualTo("hashtable");
    }

    @Test
    void copiesAreDeepAndKeepTheEncoding() {
        DirectEngine direct = new DirectEngine();
        direct.run("HSET h a 1 b 2");
        RedisHash original = (RedisHash) direct.value("h");
        RedisHash copy = original.copy();
        copy.put("c".getBytes(), "3".getBytes(), direct.config);
        copy.remove("a".getBytes());
        assertThat(original.size()).isEqualTo(2);
        assertThat(copy.size()).isEqualTo(2);
        assertThat(new String(copy.table().first().key())).isEqualTo("b");
        assertThat(copy.encoding(direct.config)).isEqualTo("listpack");
        direct.run("HSET long f " + "x".repeat(100));
        assertThat(direct.value("long").copy().encoding(direct.config)).isEqualTo("hashtable");
    }

    @Test
    void commandsReportRedisKeyspaceEvents() {
        DirectEngine direct = new DirectEngine();
        direct.run("HSET h a 1 b 2");
        direct.run("HMSET h c 3");
        direct.run("HSETNX h a 9");
        direct.run("HSETNX h d 4");
        direct.run("HINCRBY h n 1");
        direct.run("HINCRBYFLOAT h x 1.5");
        direct.run("HDEL h nothing");
        direct.run("HDEL h a b");
        direct.run("HDEL h c d n x");
        direct.run("HINCRBY h n x");
        assertThat(direct.events).containsExactly("hset:h", "hset:h", "hset:h", "hincrby:h", "hincrbyfloat:h",
                "hdel:h", "hdel:h", "del:h");
    }
}
