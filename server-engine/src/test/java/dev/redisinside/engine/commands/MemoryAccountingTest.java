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

    private static long slots(long n) {
        return n == 0 ? 0 : Math.max(4, Long.highestOneBit(Math.max(1, n - 1)) << 1);
    }

    /** What used_memory must be, summed from scratch: MEMORY USAGE of every key and every dict's overhead. */
    private long recomputed() {
        long expected = STARTUP;
        for (int db = 0; db < 16; db++) {
            call("SELECT " + db);
            String keys = call("KEYS *");
            long n = 0;
            long volatiles = 0;
            for (String line : keys.split("\r\n")) {
                if (line.startsWith("$")) {
                    continue;
                }
                if (line.startsWith("*")) {
                    continue;
                }
                n++;
                expected += usage(line);
                if (!call("TTL " + line).equals(":-1\r\n")) {
                    volatiles++;
                }
            }
            expected += 8 * slots(n) + 24 * volatiles + 8 * slots(volatiles);
        }
        call("SELECT 0");
        return expected;
    }

    @Test
    void theRunningTotalMatchesARecount() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 3000; i++) {
            String key = "k" + random.nextInt(40);
            switch (random.nextInt(14)) {
                case 0, 1 -> call("SET " + key + " " + "v".repeat(random.nextInt(60)));
                case 2 -> call("SET " + key + " " + random.nextInt(100000));
                case 3 -> call("DEL " + key);
                case 4 -> call("PEXPIRE " + key + " " + (1 + random.nextInt(60000)));
                case 5 -> call("PERSIST " + key);
                case 6 -> call("HSET h" + key + " f" + random.nextInt(600) + " " + "x".repeat(random.nextInt(80)));
                case 7 -> call("RPUSH l" + key + " " + "y".repeat(random.nextInt(30)));
                case 8 -> call("SADD s" + key + " " + random.nextInt(1000));
                case 9 -> call("MOVE " + key + " " + random.nextInt(3));
                case 10 -> call("SELECT " + random.nextInt(3));
                case 11 -> call("APPEND " + key + " abc");
                case 12 -> server.fastForward(java.time.Duration.ofMillis(random.nextInt(200)));
                default -> {
                    if (random.nextInt(20) == 0) {
                        call(random.nextBoolean() ? "SWAPDB 0 1" : "FLUSHDB");
                    } else {
                        call("ZADD z" + key + " " + random.nextInt(100) + " m" + random.nextInt(200));
                    }
                }
            }
        }
        // keys past their deadline go (SCAN expires what it visits); then time stands still, an hour back
        server.fastForward(java.time.Duration.ofSeconds(1));
        for (int db = 0; db < 16; db++) {
            call("SELECT " + db);
            call("SCAN 0 COUNT 100000");
        }
        server.setTime(java.time.Instant.ofEpochMilli(server.clock().millis()).minus(java.time.Duration.ofHours(1)));
        call("SELECT 0");
        assertThat(info("used_memory")).isEqualTo(recomputed());
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
