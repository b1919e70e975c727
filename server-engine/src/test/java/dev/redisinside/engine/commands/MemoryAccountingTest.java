package dev.redisinside.engine.commands;

import dev.redisinside.engine.support.EngineTest;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** INFO memory's used_memory: the startup figure plus every key's MEMORY USAGE and the dicts' overheads. */
class MemoryAccountingTest extends EngineTest {

    private static final long STARTUP = 876048;

    private long info(String field) {
        Matcher m = Pattern.compile("\r\n" + field + ":(\\d+)\r\n").matcher(call("INFO memory"));
        assertThat(m.find()).as(field).isTrue();
        return Long.parseLong(m.group(1));
    }

    private long usage(String key) {
        String reply = call("MEMORY USAGE " + key);
        return Long.parseLong(reply.substring(1, reply.length() - 2));
    }

    @Test
    void anEmptyServerUsesItsStartupMemory() {
        assertThat(info("used_memory")).isEqualTo(STARTUP);
        assertThat(info("used_memory_startup")).isEqualTo(STARTUP);
        assertThat(info("used_memory_dataset")).isZero();
    }

    @Test
    void eachKeyAddsItsMemoryUsageAndADictBucket() {
        assertReply("SET k v", "+OK\r\n");
        // one key: its entry, key and value, and a main dict of 4 buckets
        assertThat(info("used_memory")).isEqualTo(STARTUP + usage("k") + 4 * 8);
        assertReply("SET k2 " + "x".repeat(100), "+OK\r\n");
        assertThat(info("used_memory")).isEqualTo(STARTUP + usage("k") + usage("k2") + 4 * 8);
        assertReply("EXPIRE k2 100", ":1\r\n");
        // the expires dict: an entry and 4 buckets
        assertThat(info("used_memory")).isEqualTo(STARTUP + usage("k") + usage("k2") + 4 * 8 + 24 + 4 * 8);
        assertThat(info("used_memory_dataset") + info("used_memory_overhead")).isEqualTo(info("used_memory"));
        assertReply("DEL k k2", ":2\r\n");
        assertThat(info("used_memory")).isEqualTo(STARTUP);
    }

    @Test
    void inPlaceWritesAreCounted() {
        assertReply("HSET h f1 v1", ":1\r\n");
        long one = info("used_memory");
        for (int i = 2; i <= 300; i++) {
            call("HSET h f" + i + " value-" + i);
        }
        long many = info("used_memory");
        assertThat(many).isEqualTo(STARTUP + usage("h") + 4 * 8).isGreaterThan(one + 300 * 12);
        assertReply("RPUSH l a", ":1\r\n");
        long list = info("used_memory");
        call("RPUSH l " + "x".repeat(1000));
        assertThat(info("used_memory")).isGreaterThan(list + 1000);
        assertReply("APPEND s abc", ":3\r\n");
        call("APPEND s " + "y".repeat(5000));
        assertThat(usage("s")).isGreaterThan(5000);
        assertThat(info("used_memory")).isEqualTo(STARTUP + usage("h") + usage("l") + usage("s") + 4 * 8);
        assertReply("FLUSHALL", "+OK\r\n");
        assertThat(info("used_memory")).isEqualTo(STARTUP);
    }

    @Test
    void swapdbAndMoveKeepTheTotals() {
        assertReply("SET k v", "+OK\r\n");
        assertReply("RPUSH l a b c", ":3\r\n");
        long used = info("used_memory");
        assertReply("SWAPDB 0 1", "+OK\r\n");
        assertThat(info("used_memory")).isEqualTo(used);
        assertReply("SELECT 1", "+OK\r\n");
        assertReply("MOVE l 2", ":1\r\n");
        assertThat(info("used_memory")).isEqualTo(used + 4 * 8);
        assertReply("FLUSHALL", "+OK\r\n");
        assertThat(info("used_memory")).isEqualTo(STARTUP);
    }
}
