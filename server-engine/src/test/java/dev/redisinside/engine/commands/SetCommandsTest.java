package dev.redisinside.engine.commands;

import dev.redisinside.engine.store.RedisSet;
import dev.redisinside.engine.support.EngineTest;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Set commands; expected bytes were taken from Redis 7.0.15. */
class SetCommandsTest extends EngineTest {

    @Test
    void saddCountsNewMembersAndIntsetsAreSorted() {
        assertReply("SADD s 5 -2 10 0 5", ":4\r\n");
        assertReply("SADD s 3 -2", ":1\r\n");
        assertReply("SMEMBERS s", "*5\r\n$2\r\n-2\r\n$1\r\n0\r\n$1\r\n3\r\n$1\r\n5\r\n$2\r\n10\r\n");
        assertReply("SCARD s", ":5\r\n");
    }

    @Test
    void nonCanonicalNumbersAreStrings() {
        assertReply("SADD s 1 01", ":2\r\n");
        assertReply("SISMEMBER s 01", ":1\r\n");
        assertReply("SISMEMBER s 1", ":1\r\n");
        assertReply("SISMEMBER s 1.0", ":0\r\n");
        assertReply("SADD t 2 1", ":2\r\n");
        assertReply("SISMEMBER t 01", ":0\r\n");
        assertReply("SISMEMBER t abc", ":0\r\n");
    }

    @Test
    void smembersIsASetInResp3() {
        call("HELLO 3");
        assertReply("SADD s 2 1", ":2\r\n");
        assertReply("SMEMBERS s", "~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        assertReply("SMEMBERS missing", "~0\r\n");
        assertReply("SPOP missing 2", "~0\r\n");
        assertReply("SPOP missing", "_\r\n");
        assertReply("SRANDMEMBER missing 2", "*0\r\n");
        assertReply("SINTER s missing", "~0\r\n");
        assertReply("SUNION s", "~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        assertReply("SDIFF s missing", "~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        assertReply("SMISMEMBER s 1 3", "*2\r\n:1\r\n:0\r\n");
    }

    @Test
    void sremDeletesTheKeyWithItsLastMember() {
        assertReply("SADD s a b", ":2\r\n");
        assertReply("SREM s a x a", ":1\r\n");
        assertReply("SREM s b", ":1\r\n");
        assertReply("EXISTS s", ":0\r\n");
        assertReply("SREM s b", ":0\r\n");
    }

    @Test
    void smismemberAnswersPerMember() {
        assertReply("SADD s 1 a", ":2\r\n");
        assertReply("SMISMEMBER s 1 2 a", "*3\r\n:1\r\n:0\r\n:1\r\n");
        assertReply("SMISMEMBER missing 1 2", "*2\r\n:0\r\n:0\r\n");
    }

    @Test
    void spopAndSrandmemberForcedResults() {
        assertReply("SADD s 7", ":1\r\n");
        assertReply("SRANDMEMBER s", "$1\r\n7\r\n");
        assertReply("SRANDMEMBER s -3", "*3\r\n$1\r\n7\r\n$1\r\n7\r\n$1\r\n7\r\n");
        assertReply("SRANDMEMBER s 0", "*0\r\n");
        assertReply("SPOP s 0", "*0\r\n");
        assertReply("SPOP s", "$1\r\n7\r\n");
        assertReply("EXISTS s", ":0\r\n");
        assertReply("SADD s 3 1 2", ":3\r\n");
        assertReply("SRANDMEMBER s 10", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
        assertReply("SPOP s 3", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
        assertReply("EXISTS s", ":0\r\n");
        assertReply("SPOP s", "$-1\r\n");
        assertReply("SPOP s 1 2", "-ERR syntax error\r\n");
        assertReply("SPOP s -1", "-ERR value is out of range, must be positive\r\n");
        assertReply("SPOP s x", "-ERR value is out of range, must be positive\r\n");
        assertReply("SRANDMEMBER s x", "-ERR value is not an integer or out of range\r\n");
        assertReply("SRANDMEMBER s -9223372036854775808", "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n");
    }

    @Test
    void smoveBetweenSets() {
        assertReply("SADD a 1 2", ":2\r\n");
        assertReply("SADD b 3", ":1\r\n");
        assertReply("SMOVE a b 1", ":1\r\n");
        assertReply("SMOVE a b 9", ":0\r\n");
        assertReply("SMOVE a a 2", ":1\r\n");
        assertReply("SMOVE a c 2", ":1\r\n");
        assertReply("EXISTS a", ":0\r\n");
        assertReply("SMEMBERS b", "*2\r\n$1\r\n1\r\n$1\r\n3\r\n");
        assertReply("SMEMBERS c", "*1\r\n$1\r\n2\r\n");
        assertReply("SMOVE missing b 1", ":0\r\n");
        assertReply("SET str x", "+OK\r\n");
        assertReply("SMOVE b str 3", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("SMOVE str b 3", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("SMOVE missing str 3", ":0\r\n");
    }

    @Test
    void sinterIteratesTheSmallestSet() {
        assertReply("SADD a 1 2 3 4", ":4\r\n");
        assertReply("SADD b 4 3 2 9", ":4\r\n");
        assertReply("SINTER a b", "*3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n");
        assertReply("SINTER a missing", "*0\r\n");
        assertReply("SINTERSTORE d a b", ":3\r\n");
        assertReply("SMEMBERS d", "*3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n");
        assertReply("SINTERSTORE d a missing", ":0\r\n");
        assertReply("EXISTS d", ":0\r\n");
    }

    @Test
    void sintercardValidatesItsArguments() {
        assertReply("SADD a 1 2 3", ":3\r\n");
        assertReply("SADD b 2 3 4", ":3\r\n");
        assertReply("SINTERCARD 2 a b", ":2\r\n");
        assertReply("SINTERCARD 2 a b LIMIT 1", ":1\r\n");
        assertReply("SINTERCARD 2 a b LIMIT 0", ":2\r\n");
        assertReply("SINTERCARD 0 a", "-ERR numkeys should be greater than 0\r\n");
        assertReply("SINTERCARD x a", "-ERR numkeys should be greater than 0\r\n");
        assertReply("SINTERCARD 3 a b", "-ERR Number of keys can't be greater than number of args\r\n");
        assertReply("SINTERCARD 2 a b LIMIT -1", "-ERR LIMIT can't be negative\r\n");
        assertReply("SINTERCARD 2 a b LIMIT", "-ERR syntax error\r\n");
        assertReply("SINTERCARD 2 a b COUNT 1", "-ERR syntax error\r\n");
    }

    @Test
    void sunionAndSdiffBuildIntsetsWhenTheyCan() {
        assertReply("SADD a 5 3 1", ":3\r\n");
        assertReply("SADD b 4 2 1", ":3\r\n");
        assertReply("SUNION a b", "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n");
        assertReply("SDIFF a b", "*2\r\n$1\r\n3\r\n$1\r\n5\r\n");
        assertReply("SDIFF b a missing", "*2\r\n$1\r\n2\r\n$1\r\n4\r\n");
        assertReply("SDIFF a a", "*0\r\n");
        assertReply("SUNIONSTORE u a b", ":5\r\n");
        assertReply("SMEMBERS u", "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n");
        assertReply("SDIFFSTORE d a b", ":2\r\n");
        assertReply("SMEMBERS d", "*2\r\n$1\r\n3\r\n$1\r\n5\r\n");
        assertReply("SDIFFSTORE d a a", ":0\r\n");
        assertReply("EXISTS d", ":0\r\n");
        assertReply("SUNIONSTORE u missing", ":0\r\n");
        assertReply("EXISTS u", ":0\r\n");
    }

    @Test
    void sscanReturnsIntsetsInOneCall() {
        assertReply("SADD s 1 2 10 20", ":4\r\n");
        assertReply("SSCAN s 0", "*2\r\n$1\r\n0\r\n*4\r\n$1\r\n1\r\n$1\r\n2\r\n$2\r\n10\r\n$2\r\n20\r\n");
        assertReply("SSCAN s 9 COUNT 1", "*2\r\n$1\r\n0\r\n*4\r\n$1\r\n1\r\n$1\r\n2\r\n$2\r\n10\r\n$2\r\n20\r\n");
        assertReply("SSCAN s 0 MATCH 1*", "*2\r\n$1\r\n0\r\n*2\r\n$1\r\n1\r\n$2\r\n10\r\n");
        assertReply("SSCAN s 0 COUNT 0", "-ERR syntax error\r\n");
        assertReply("SSCAN s x", "-ERR invalid cursor\r\n");
        assertReply("SSCAN missing 0 MATCH x", "*2\r\n$1\r\n0\r\n*0\r\n");
    }

    @Test
    void wrongTypeIsReportedByEveryCommand() {
        assertReply("SET k v", "+OK\r\n");
        assertReply("SADD k a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("SREM k a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("SISMEMBER k a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("SMISMEMBER k a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("SMEMBERS k", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("SCARD k", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("SPOP k", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("SRANDMEMBER k 3", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("SINTER k", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("SINTERCARD 1 k", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("SUNION k", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("SDIFF missing k", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("SSCAN k 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("SADD s 1", ":1\r\n");
        assertReply("SINTERSTORE k s", ":1\r\n");
        assertReply("GET k", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void membersAreBinarySafe() {
        assertReply("SADD s \"\\x00\" \"a\\r\\nb\" \"\"", ":3\r\n");
        assertReply("SISMEMBER s \"\\x00\"", ":1\r\n");
        assertReply("SISMEMBER s \"\"", ":1\r\n");
        assertReply("SREM s \"a\\r\\nb\"", ":1\r\n");
        assertReply("SCARD s", ":2\r\n");
    }

    @Test
    void hashtableSetsScanWithACursorUntilZero() {
        assertReply("SADD s" + range(0, 1000), ":1000\r\n");
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            String[] lines = call("SSCAN s " + cursor + " COUNT 30").split("\r\n");
            cursor = lines[2];
            for (int i = 5; i < lines.length; i += 2) {
                seen.add(lines[i]);
            }
            calls++;
        } while (!cursor.equals("0"));
        assertThat(seen).hasSize(1000);
        assertThat(calls).isGreaterThan(1);
    }

    @Test
    void randomMembersAreDistinctForAPositiveCountAndPopsRemoveThem() {
        assertReply("SADD s" + range(0, 40), ":40\r\n");
        for (int count : new int[] {3, 20, 39}) {
            assertThat(members(call("SRANDMEMBER s " + count))).hasSize(count);
        }
        assertThat(call("SRANDMEMBER s -100")).startsWith("*100\r\n");
        Set<String> popped = members(call("SPOP s 5"));
        assertThat(popped).hasSize(5);
        popped.addAll(members(call("SPOP s 30")));
        assertThat(popped).hasSize(35);
        assertReply("SCARD s", ":5\r\n");
        for (String member : popped) {
            assertReply("SISMEMBER s " + member, ":0\r\n");
        }
    }

    @Test
    void encodingFollowsRedisRules() {
        DirectEngine direct = new DirectEngine();
        direct.run("SADD ints 1 2 3");
        assertThat(direct.encoding("ints")).isEqualTo("intset");
        direct.run("SADD mixed a 1");
        assertThat(direct.encoding("mixed")).isEqualTo("hashtable");
        direct.run("SADD back 1 a");
        direct.run("SREM back a");
        assertThat(direct.encoding("back")).isEqualTo("hashtable");

        direct.run("SADD many" + range(0, 512));
        assertThat(direct.encoding("many")).isEqualTo("intset");
        direct.run("SADD many 512");
        assertThat(direct.encoding("many")).isEqualTo("hashtable");

        // SPOP keeping few survivors rebuilds them into a new set, an intset again
        direct.run("SADD pp" + range(0, 600));
        direct.run("SPOP pp 590");
        assertThat(direct.encoding("pp")).isEqualTo("intset");
        assertThat(direct.run("SCARD pp")).isEqualTo(":10\r\n");

        // SDIFFSTORE: the first algorithm adds only the result, the second copies the first set
        direct.run("SADD f1" + range(0, 600));
        direct.run("SADD y" + range(0, 590));
        direct.run("SDIFFSTORE d2 f1 y");
        assertThat(direct.encoding("d2")).isEqualTo("intset");
        direct.run("SADD x1" + range(0, 197));
        direct.run("SADD x2" + range(197, 394));
        direct.run("SADD x3" + range(394, 591));
        assertThat(direct.run("SDIFFSTORE d f1 x1 x2 x3")).isEqualTo(":9\r\n");
        assertThat(direct.encoding("d")).isEqualTo("hashtable");
        direct.run("SINTERSTORE d3 back f1");
        assertThat(direct.encoding("d3")).isEqualTo("intset");

        direct.config.setMaxIntsetEntries = 2;
        direct.run("SADD small 1 2");
        assertThat(direct.encoding("small")).isEqualTo("intset");
        direct.run("SADD small 3");
        assertThat(direct.encoding("small")).isEqualTo("hashtable");
    }

    @Test
    void copiesAreDeepAndKeepTheEncoding() {
        DirectEngine direct = new DirectEngine();
        direct.run("SADD s 1 2");
        RedisSet original = (RedisSet) direct.value("s");
        RedisSet copy = original.copy();
        copy.add("3".getBytes(), direct.config);
        copy.remove("1".getBytes());
        assertThat(original.size()).isEqualTo(2);
        assertThat(original.contains("1".getBytes())).isTrue();
        assertThat(copy.encoding(direct.config)).isEqualTo("intset");
        direct.run("SADD h a b");
        RedisSet table = (RedisSet) direct.value("h");
        RedisSet tableCopy = table.copy();
        tableCopy.remove("a".getBytes());
        assertThat(table.contains("a".getBytes())).isTrue();
        assertThat(tableCopy.encoding(direct.config)).isEqualTo("hashtable");
    }

    @Test
    void commandsReportRedisKeyspaceEvents() {
        DirectEngine direct = new DirectEngine();
        direct.run("SADD s 1 2 3");
        direct.run("SADD s 1");
        direct.run("SREM s 9");
        direct.run("SREM s 1");
        direct.run("SPOP s 0");
        direct.run("SMOVE s t 2");
        direct.run("SMOVE s t 3");
        direct.run("SADD s 3");
        direct.run("SMOVE s t 3");
        direct.run("SADD u 1 2");
        direct.run("SPOP u 1");
        direct.run("SPOP u");
        direct.run("SPOP t 5");
        assertThat(direct.events).containsExactly("sadd:s", "srem:s", "srem:s", "sadd:t", "srem:s", "del:s",
                "sadd:t", "sadd:s", "srem:s", "del:s", "sadd:u", "spop:u", "spop:u", "del:u", "spop:t", "del:t");
        direct.events.clear();
        direct.run("SADD a 1 2");
        direct.run("SADD b 2 3");
        direct.run("SINTERSTORE d a b");
        direct.run("SUNIONSTORE d a b");
        direct.run("SDIFFSTORE d a b");
        direct.run("SDIFFSTORE d a a");
        direct.run("SDIFFSTORE d a a");
        direct.run("SINTERSTORE d a missing");
        direct.run("SUNIONSTORE d a");
        direct.run("SINTERSTORE d a missing");
        assertThat(direct.events).containsExactly("sadd:a", "sadd:b", "sinterstore:d", "sunionstore:d",
                "sdiffstore:d", "del:d", "keymiss:missing", "sunionstore:d", "keymiss:missing", "del:d");
    }

    private static String range(int from, int to) {
        StringBuilder members = new StringBuilder();
        for (int i = from; i < to; i++) {
            members.append(' ').append(i);
        }
        return members.toString();
    }

    /** The members of a flat array or set reply of bulk strings. */
    private static Set<String> members(String reply) {
        Set<String> members = new HashSet<>();
        String[] lines = reply.split("\r\n");
        for (int i = 2; i < lines.length; i += 2) {
            members.add(lines[i]);
        }
        return members;
    }
}
