package dev.redisinside.engine.commands;

import dev.redisinside.engine.EmbeddedRedisServer;
import dev.redisinside.engine.support.EngineTest;
import dev.redisinside.engine.support.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ServerCommandsTest extends EngineTest {

    @AfterEach
    void restoreSettings() {
        RawClient admin = newClient();
        admin.call("CONFIG", "SET", "slowlog-log-slower-than", "10000", "latency-monitor-threshold", "0",
                "maxmemory", "0");
        admin.call("SLOWLOG", "RESET");
        admin.call("LATENCY", "RESET");
        admin.close();
        server.config().enableDebugCommand = "no";
    }

    private static List<String> headers(String info) {
        List<String> headers = new ArrayList<>();
        Matcher m = Pattern.compile("(?:^|\n)# (\\w+)\r\n").matcher(info);
        while (m.find()) {
            headers.add(m.group(1));
        }
        return headers;
    }

    @Test
    void infoHasRedisSectionsInRedisOrder() {
        assertThat(headers(call("INFO"))).containsExactly("Server", "Clients", "Memory", "Persistence", "Stats",
                "Replication", "CPU", "Modules", "Errorstats", "Cluster", "Keyspace");
        assertThat(headers(call("INFO default"))).isEqualTo(headers(call("INFO")));
        List<String> all = List.of("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU",
                "Modules", "Commandstats", "Errorstats", "Latencystats", "Cluster", "Keyspace");
        assertThat(headers(call("INFO all"))).isEqualTo(all);
        assertThat(headers(call("INFO everything"))).isEqualTo(all);
        assertThat(headers(call("INFO keyspace SERVER"))).containsExactly("Server", "Keyspace");
        assertThat(call("INFO server")).contains("\r\nredis_version:7.0.15\r\n").contains("\r\nredis_mode:standalone\r\n")
                .contains("\r\ntcp_port:" + server.port() + "\r\n");
        assertThat(call("INFO memory")).containsPattern("\r\nused_memory:\\d+\r\n");
    }

    @Test
    void infoKeyspaceAndUnknownSectionsAreExact() {
        assertReply("INFO keyspace", "$12\r\n# Keyspace\r\n\r\n");
        assertReply("SET k v", "+OK\r\n");
        assertReply("INFO keyspace", "$44\r\n# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n\r\n");
        assertReply("INFO nosuch", "$0\r\n\r\n");
        assertReply("INFO cluster", "$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n");
    }

    @Test
    void commandStatsCountCallsFailuresAndRejections() {
        assertReply("CONFIG RESETSTAT", "+OK\r\n");
        call("SET k v");
        call("GET k");
        call("GET k");
        call("SELECT x");
        call("GET");
        call("NOSUCH");
        String stats = call("INFO commandstats");
        assertThat(stats).containsPattern("cmdstat_get:calls=2,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=1,"
                + "failed_calls=0\r\n");
        assertThat(stats).containsPattern("cmdstat_select:calls=1,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,"
                + "rejected_calls=0,failed_calls=1\r\n");
        assertThat(stats).doesNotContain("cmdstat_nosuch");
        assertReply("INFO errorstats", "$37\r\n# Errorstats\r\nerrorstat_ERR:count=3\r\n\r\n");
        assertThat(call("INFO stats")).contains("\r\ntotal_error_replies:3\r\n");
        assertReply("CONFIG RESETSTAT", "+OK\r\n");
        assertReply("INFO errorstats", "$14\r\n# Errorstats\r\n\r\n");
    }

    @Test
    void errorStatsAreKeyedByErrorCode() {
        assertReply("CONFIG RESETSTAT", "+OK\r\n");
        call("AUTH nosuchuser wrong");
        call("SELECT 99");
        assertReply("INFO errorstats", "$66\r\n# Errorstats\r\nerrorstat_ERR:count=1\r\nerrorstat_WRONGPASS:count=1\r\n\r\n");
    }

    @Test
    void configGetMatchesNamesAliasesAndPatterns() {
        assertReply("CONFIG GET maxmemory", "*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n");
        assertReply("CONFIG GET MAXMEMORY", "*2\r\n$9\r\nMAXMEMORY\r\n$1\r\n0\r\n");
        assertReply("CONFIG GET hash-max-ziplist-entries", "*2\r\n$24\r\nhash-max-ziplist-entries\r\n$3\r\n512\r\n");
        assertReply("CONFIG GET nosuch", "*0\r\n");
        assertThat(call("CONFIG GET maxmemory*")).startsWith("*10\r\n").contains("$16\r\nmaxmemory-policy\r\n$10\r\n"
                + "noeviction\r\n");
        assertReply("CONFIG GET maxmemory maxmemory", "*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n");
    }

    @Test
    void configSetIsAllOrNothingWithRedisErrors() {
        assertReply("CONFIG SET maxmemory 5mb hz abc",
                "-ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer\r\n");
        assertReply("CONFIG GET maxmemory", "*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n");
        assertReply("CONFIG SET maxmemory 5mb hz 20", "+OK\r\n");
        assertReply("CONFIG GET maxmemory", "*2\r\n$9\r\nmaxmemory\r\n$7\r\n5242880\r\n");
        assertReply("CONFIG SET hz 10", "+OK\r\n");
        assertReply("CONFIG SET nosuch 1", "-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'\r\n");
        assertReply("CONFIG SET daemonize yes",
                "-ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config\r\n");
        assertReply("CONFIG SET appendonly maybe",
                "-ERR CONFIG SET failed (possibly related to argument 'appendonly') - argument must be 'yes' or 'no'\r\n");
        assertReply("CONFIG SET maxmemory-policy foo", "-ERR CONFIG SET failed (possibly related to argument "
                + "'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, volatile-lfu, "
                + "volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction\r\n");
        assertReply("CONFIG SET maxmemory 1 maxmemory 2",
                "-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter\r\n");
        assertReply("CONFIG SET a b c", "-ERR syntax error\r\n");
        assertReply("CONFIG REWRITE", "-ERR The server is running without a config file\r\n");
        assertThat(call("CONFIG HELP")).startsWith("*11\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. "
                + "Subcommands are:\r\n+GET <pattern>\r\n");
    }

    @Test
    void timeFollowsTheServerClock() {
        server.setTime(Instant.ofEpochSecond(1_700_000_000L, 123_456_000L));
        assertThat(call("TIME")).matches("\\*2\r\n\\$10\r\n1700000000\r\n\\$6\r\n1\\d{5}\r\n");
    }

    @Test
    void persistenceCommandsAnswerLikeRedis() {
        assertReply("SAVE", "+OK\r\n");
        assertReply("BGSAVE", "+Background saving started\r\n");
        assertReply("BGSAVE SCHEDULE", "+Background saving started\r\n");
        assertReply("BGSAVE foo", "-ERR syntax error\r\n");
        assertThat(call("LASTSAVE")).matches(":\\d+\r\n");
    }

    @Test
    void aServedBlockingCommandIsLoggedWhenServed() {
        // slowlog.tcl: the BLPOP is logged (after the SLOWLOG RESET in the EXEC that served it), as itself
        try (RawClient waiter = newClient()) {
            waiter.send("BLPOP", "l", "0");
            assertThat(waitForBlocked()).isTrue();
            assertReply("CONFIG SET slowlog-log-slower-than 0", "+OK\r\n");
            assertReply("MULTI", "+OK\r\n");
            assertReply("LPUSH l foo", "+QUEUED\r\n");
            assertReply("SLOWLOG RESET", "+QUEUED\r\n");
            assertReply("EXEC", "*2\r\n:1\r\n+OK\r\n");
            assertThat(waiter.readReplyString()).isEqualTo("*2\r\n$1\r\nl\r\n$3\r\nfoo\r\n");
            assertReply("CONFIG SET slowlog-log-slower-than -1", "+OK\r\n");
            assertThat(call("SLOWLOG GET 1")).contains("*3\r\n$5\r\nBLPOP\r\n$1\r\nl\r\n$1\r\n0\r\n");
        }
    }

    private boolean waitForBlocked() {
        for (int i = 0; i < 200; i++) {
            if (call("INFO clients").contains("blocked_clients:1")) {
                return true;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return false;
    }

    @Test
    void slowlogRecordsCommandsAboveTheThreshold() {
        assertReply("SLOWLOG RESET", "+OK\r\n");
        assertReply("CONFIG SET slowlog-log-slower-than 0", "+OK\r\n");
        call("CLIENT SETNAME slowpoke");
        call("SET k " + "x".repeat(200));
        String entries = call("SLOWLOG GET 2");
        assertThat(entries).startsWith("*2\r\n*6\r\n:");
        assertThat(entries).containsPattern("\\*3\r\n\\$3\r\nSET\r\n\\$1\r\nk\r\n\\$147\r\nx{128}\\.\\.\\. \\(72 more bytes\\)"
                + "\r\n\\$\\d+\r\n127\\.0\\.0\\.1:\\d+\r\n\\$8\r\nslowpoke\r\n");
        assertReply("CONFIG SET slowlog-log-slower-than -1", "+OK\r\n");
        assertThat(call("SLOWLOG LEN")).matches(":[3-9]\r\n");
        assertReply("SLOWLOG RESET", "+OK\r\n");
        assertReply("SLOWLOG LEN", ":0\r\n");
        assertReply("SLOWLOG GET", "*0\r\n");
        assertReply("SLOWLOG GET -2", "-ERR count should be greater than or equal to -1\r\n");
    }

    @Test
    void slowlogKeepsAtMostMaxLenEntriesAndRedactsPasswords() {
        assertReply("SLOWLOG RESET", "+OK\r\n");
        assertReply("CONFIG SET slowlog-log-slower-than 0 slowlog-max-len 2", "+OK\r\n");
        call("AUTH secret");
        call("PING");
        call("PING");
        assertReply("CONFIG SET slowlog-log-slower-than -1 slowlog-max-len 128", "+OK\r\n");
        String log = call("SLOWLOG GET -1");
        assertThat(log).startsWith("*2\r\n");
        assertReply("SLOWLOG RESET", "+OK\r\n");
        assertReply("CONFIG SET slowlog-log-slower-than 0", "+OK\r\n");
        call("AUTH secret");
        assertReply("CONFIG SET slowlog-log-slower-than -1", "+OK\r\n");
        assertThat(call("SLOWLOG GET 1")).contains("*2\r\n$4\r\nAUTH\r\n$10\r\n(redacted)\r\n");
    }

    @Test
    void monitorStreamsExecutedCommandsInRedisFormat() {
        try (RawClient monitor = newClient(); RawClient other = newClient()) {
            assertThat(monitor.call("MONITOR")).isEqualTo("+OK\r\n");
            other.call("SET", "k", "a \"b\"\n\u0001");
            other.call("SELECT", "3");
            other.call("CONFIG", "GET", "maxmemory");
            other.call("GET", "k");
            String port = other.call("CLIENT", "INFO").replaceAll("(?s).*? addr=127\\.0\\.0\\.1:(\\d+) .*", "$1");
            assertThat(monitor.readReplyString()).matches("\\+\\d{10}\\.\\d{6} \\[0 127\\.0\\.0\\.1:" + port
                    + "\\] \"SET\" \"k\" \"a \\\\\"b\\\\\"\\\\n\\\\x01\"\r\n");
            assertThat(monitor.readReplyString()).matches("\\+\\d+\\.\\d{6} \\[3 127\\.0\\.0\\.1:\\d+\\] \"SELECT\" \"3\"\r\n");
            assertThat(monitor.readReplyString()).matches("\\+\\d+\\.\\d{6} \\[3 127\\.0\\.0\\.1:\\d+\\] \"GET\" \"k\"\r\n");
        }
    }

    @Test
    void monitorShowsAScriptBeforeTheCommandsItRuns() {
        try (RawClient monitor = newClient(); RawClient other = newClient()) {
            assertThat(monitor.call("MONITOR")).isEqualTo("+OK\r\n");
            other.call("EVAL", "redis.call('set', KEYS[1], ARGV[1])", "1", "foo", "bar");
            assertThat(monitor.readReplyString()).matches("\\+\\d+\\.\\d{6} \\[0 127\\.0\\.0\\.1:\\d+\\] \"EVAL\" .*\r\n");
            assertThat(monitor.readReplyString()).matches("\\+\\d+\\.\\d{6} \\[0 lua\\] \"set\" \"foo\" \"bar\"\r\n");
        }
    }

    @Test
    void monitorShowsScriptsBeforeTheCommandsTheyCall() {
        try (RawClient monitor = newClient(); RawClient other = newClient()) {
            assertThat(monitor.call("MONITOR")).isEqualTo("+OK\r\n");
            other.call("EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0");
            other.call("EVAL", "return redis.call('ping')", "0");
            other.call("FCALL", "nosuch", "0");
            assertThat(monitor.readReplyString()).matches(
                    "\\+\\d+\\.\\d{6} \\[0 127\\.0\\.0\\.1:\\d+\\] \"EVALSHA\" \"e0e1f9fabfc9d4800c877a703b823ac0578ff8db\" \"0\"\r\n");
            assertThat(monitor.readReplyString()).matches(
                    "\\+\\d+\\.\\d{6} \\[0 127\\.0\\.0\\.1:\\d+\\] \"EVAL\" \"return redis.call\\('ping'\\)\" \"0\"\r\n");
            assertThat(monitor.readReplyString()).matches("\\+\\d+\\.\\d{6} \\[0 lua\\] \"ping\"\r\n");
            assertThat(monitor.readReplyString()).matches(
                    "\\+\\d+\\.\\d{6} \\[0 127\\.0\\.0\\.1:\\d+\\] \"FCALL\" \"nosuch\" \"0\"\r\n");
        }
    }

    @Test
    void memoryUsageSizesStringsLikeRedis() {
        call("SET k v");
        assertReply("MEMORY USAGE k", ":64\r\n");
        call("SET k 12345");
        assertReply("MEMORY USAGE k", ":48\r\n");
        call("SET k " + "a".repeat(45));
        assertReply("MEMORY USAGE k", ":112\r\n");
        call("SET k " + "a".repeat(5000));
        assertReply("MEMORY USAGE k SAMPLES 0", ":5168\r\n");
        assertReply("MEMORY USAGE nokey", "$-1\r\n");
        assertReply("MEMORY USAGE k SAMPLES -1", "-ERR syntax error\r\n");
        assertReply("MEMORY USAGE k SAMPLES x", "-ERR value is not an integer or out of range\r\n");
        assertThat(call("MEMORY STATS")).startsWith("*56\r\n$14\r\npeak.allocated\r\n:");
    }

    @Test
    void debugNeedsEnableDebugCommandAndSleepsOnTheEngineThread() {
        assertThat(call("DEBUG SLEEP 0")).startsWith("-ERR DEBUG command not allowed.");
        server.config().enableDebugCommand = "local";
        assertReply("CONFIG SET latency-monitor-threshold 1", "+OK\r\n");
        long start = System.nanoTime();
        assertReply("DEBUG SLEEP 0.05", "+OK\r\n");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(45_000_000L);
        assertThat(call("LATENCY LATEST")).matches("\\*1\r\n\\*4\r\n\\$7\r\ncommand\r\n:\\d+\r\n:\\d+\r\n:\\d+\r\n");
        assertThat(call("LATENCY HISTORY command")).startsWith("*1\r\n*2\r\n:");
        assertThat(call("LATENCY GRAPH command")).contains("command - high ");
        assertReply("LATENCY RESET command nosuch", ":1\r\n");
        assertReply("DEBUG SET-ACTIVE-EXPIRE 1", "+OK\r\n");
        assertReply("DEBUG nosuch",
                "-ERR unknown subcommand or wrong number of arguments for 'nosuch'. Try DEBUG HELP.\r\n");
    }

    @Test
    void latencyStatsAndHistogramCoverCommandsThatRan() {
        assertReply("CONFIG RESETSTAT", "+OK\r\n");
        call("SET k v");
        call("SET k w");
        assertThat(call("INFO latencystats")).containsPattern(
                "\r\nlatency_percentiles_usec_set:p50=\\d+\\.\\d{3},p99=\\d+\\.\\d{3},p99\\.9=\\d+\\.\\d{3}\r\n");
        assertThat(call("LATENCY HISTOGRAM set nosuch")).matches(
                "\\*2\r\n\\$3\r\nset\r\n\\*4\r\n\\$5\r\ncalls\r\n:2\r\n\\$14\r\nhistogram_usec\r\n\\*\\d+\r\n(?s).*:2\r\n");
        assertReply("LATENCY HISTOGRAM get", "*0\r\n");
        call("CLIENT ID");
        // a parent command answers with its subcommands that ran
        assertThat(call("LATENCY HISTOGRAM client")).startsWith("*2\r\n$9\r\nclient|id\r\n*4\r\n$5\r\ncalls\r\n:1\r\n");
    }

    @Test
    void memoryUsageEstimatesOtherTypes() {
        call("HSET h f v");
        assertThat(call("MEMORY USAGE h")).matches(":\\d+\r\n");
        call("SADD s 1 2 3");
        assertThat(call("MEMORY USAGE s SAMPLES 2")).matches(":\\d+\r\n");
    }

    @Test
    void idleClientsAreClosedAfterTimeout() {
        try (RawClient idle = newClient()) {
            assertThat(idle.call("PING")).isEqualTo("+PONG\r\n");
            assertReply("CONFIG SET timeout 1", "+OK\r\n");
            server.fastForward(java.time.Duration.ofSeconds(5));
            assertThat(idle.isClosedByServer()).isTrue();
        } finally {
            newClient().call("CONFIG", "SET", "timeout", "0");
        }
    }

    @Test
    void shutdownStopsOnlyThisServer() {
        EmbeddedRedisServer other = EmbeddedRedisServer.builder().port(0).build().start();
        int port = other.port();
        try (RawClient c = new RawClient(port)) {
            assertThat(c.call("SHUTDOWN", "FOO")).isEqualTo("-ERR syntax error\r\n");
            assertThat(c.call("SHUTDOWN", "ABORT")).isEqualTo("-ERR No shutdown in progress.\r\n");
            c.send("SHUTDOWN", "NOSAVE");
            assertThat(c.isClosedByServer()).isTrue();
        }
        for (int i = 0; i < 50 && RawClient.isListening("127.0.0.1", port); i++) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        assertThat(RawClient.isListening("127.0.0.1", port)).isFalse();
        other.stop();
        assertReply("PING", "+PONG\r\n");
    }
}
