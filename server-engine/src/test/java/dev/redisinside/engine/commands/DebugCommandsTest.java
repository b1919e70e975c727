package dev.redisinside.engine.commands;

import dev.redisinside.engine.EmbeddedRedisServer;
import dev.redisinside.engine.support.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DEBUG as the Redis test suite uses it. Expected digests and texts were answered by Redis 7.0.15 for the
 * same commands (started with {@code --enable-debug-command yes}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DebugCommandsTest {

    private EmbeddedRedisServer server;
    private RawClient client;
    private Path dir;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("debug-test");
        server = EmbeddedRedisServer.builder().port(0).setting("enable-debug-command", "yes")
                .setting("dir", dir.toString()).build().start();
    }

    @AfterAll
    void stop() throws Exception {
        server.stop();
        Files.deleteIfExists(dir.resolve("dump.rdb"));
        Files.deleteIfExists(dir);
    }

    @BeforeEach
    void connect() {
        server.flushAll();
        client = new RawClient(server.port());
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void setDisableDenyScriptsLetsScriptsCallDebugProtocol() {
        // scripting.tcl's protocol parsing tests; bytes from Redis 7.0.15
        String script = "redis.setresp(3);return redis.call('debug', 'protocol', ARGV[1])";
        assertThat(client.call("EVAL", script, "0", "map"))
                .isEqualTo("-ERR This Redis command is not allowed from script script: "
                        + client.call("SCRIPT", "LOAD", script).substring(5, 45) + ", on @user_script:1.\r\n");
        assertThat(client.call("DEBUG", "SET-DISABLE-DENY-SCRIPTS", "1")).isEqualTo("+OK\r\n");
        try {
            assertThat(client.call("EVAL", script, "0", "map")).isEqualTo("*6\r\n:1\r\n:1\r\n:2\r\n:0\r\n:0\r\n:0\r\n");
            assertThat(client.call("EVAL", script, "0", "attrib"))
                    .isEqualTo("$39\r\nSome real reply following the attribute\r\n");
            client.call("HELLO", "3");
            assertThat(client.call("EVAL", script, "0", "verbatim"))
                    .isEqualTo("=29\r\ntxt:This is a verbatim\nstring\r\n");
            assertThat(client.call("EVAL", script, "0", "attrib"))
                    .isEqualTo("$39\r\nSome real reply following the attribute\r\n");
        } finally {
            client.call("DEBUG", "SET-DISABLE-DENY-SCRIPTS", "0");
        }
    }

    private void sample() {
        client.call("SET", "s", "hello");
        client.call("SET", "n", "12345");
        client.call("RPUSH", "l", "a", "b", "c", "1", "2");
        client.call("SADD", "st", "a", "b", "1");
        client.call("SADD", "si", "1", "2", "3");
        client.call("ZADD", "z", "1", "a", "2.5", "b", "inf", "c");
        client.call("HSET", "h", "f", "v", "g", "w");
        client.call("XADD", "x", "1-1", "a", "b");
        client.call("XADD", "x", "2-1", "c", "d", "e", "f");
        client.call("PEXPIRE", "s", "100000");
    }

    @Test
    void digestsAreRedisOnes() {
        sample();
        assertThat(client.call("DEBUG", "DIGEST-VALUE", "s", "n", "l", "st", "si", "z", "h", "x", "nokey")).isEqualTo(
                "*9\r\n+d037c4eb8a8b36b602fbced4000daeab0714c1e3\r\n+e1cf90774e995ae03de66e8109dc5cb9d9c2dc83\r\n"
                + "+f48a1249517530ff1906fc79ddbf9b687f71f06f\r\n+e8f32bbb1ad9bf537c8867de4f19fec9e001296d\r\n"
                + "+2a462a3f51a1db89738ebbeef0c47ce1bbc85246\r\n+692ab70d673d8bf452c3a17fb4be02bfcdf437bc\r\n"
                + "+d127864ed50239662bf61bafc9bda63c17da5b37\r\n+492dab78242eb7b95212d536ea354fdf7a758d97\r\n"
                + "+0000000000000000000000000000000000000000\r\n");
        assertThat(client.call("DEBUG", "DIGEST")).isEqualTo("+3a05a8660046de52a4ad75b9d4d77823dca1cc64\r\n");
    }

    @Test
    void reloadAndLoadaofKeepTheDataset() {
        sample();
        String digest = client.call("DEBUG", "DIGEST");
        assertThat(client.call("DEBUG", "RELOAD")).isEqualTo("+OK\r\n");
        assertThat(client.call("DEBUG", "DIGEST")).isEqualTo(digest);
        assertThat(client.call("DEBUG", "LOADAOF")).isEqualTo("+OK\r\n");
        assertThat(client.call("DEBUG", "DIGEST")).isEqualTo(digest);
        assertThat(client.call("DEBUG", "RELOAD", "foo"))
                .isEqualTo("-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n");
    }

    @Test
    void objectDescribesTheValue() {
        sample();
        assertThat(client.call("DEBUG", "OBJECT", "l")).matches("\\+Value at:0x[0-9a-f]+ refcount:1 encoding:quicklist "
                + "serializedlength:23 lru:\\d+ lru_seconds_idle:\\d+ ql_nodes:1 ql_avg_node:5.00 ql_listpack_max:-2 "
                + "ql_compressed:0 ql_uncompressed_size:20\r\n");
        assertThat(client.call("DEBUG", "OBJECT", "z")).matches(
                "\\+Value at:0x[0-9a-f]+ refcount:1 encoding:listpack serializedlength:29 lru:\\d+ lru_seconds_idle:\\d+\r\n");
        assertThat(client.call("DEBUG", "OBJECT", "nokey")).isEqualTo("-ERR no such key\r\n");
        // an in-place INCR keeps the object (incr.tcl checks the address)
        client.call("SET", "foo", "20000");
        String before = client.call("DEBUG", "OBJECT", "foo").split(" ")[1];
        client.call("INCR", "foo");
        assertThat(client.call("DEBUG", "OBJECT", "foo").split(" ")[1]).isEqualTo(before);
    }

    @Test
    void otherSubcommandsAnswerAsRedis() {
        sample();
        assertThat(client.call("DEBUG", "LISTPACK", "l")).isEqualTo("-ERR Not a listpack encoded object.\r\n");
        assertThat(client.call("DEBUG", "LISTPACK", "h")).isEqualTo("+Listpack structure printed on stdout\r\n");
        assertThat(client.call("DEBUG", "QUICKLIST", "l")).isEqualTo("+Quicklist structure printed on stdout\r\n");
        assertThat(client.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "5gb"))
                .isEqualTo("-ERR argument must be a memory value bigger than 1 and smaller than 4gb\r\n");
        assertThat(client.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "1b")).isEqualTo("+OK\r\n");
        assertThat(client.call("DEBUG", "HTSTATS-KEY", "h")).isEqualTo(
                "-ERR The value stored at the specified key is not represented using an hash table\r\n");
        assertThat(client.call("DEBUG", "HTSTATS", "99")).isEqualTo("-ERR Out of range database\r\n");
        assertThat(client.call("DEBUG", "HTSTATS-KEY", "st")).startsWith("$").contains("Hash table 0 stats (main hash table):\n"
                + " table size: 4\n number of elements: 3\n");
        assertThat(client.call("DEBUG", "POPULATE", "-1")).isEqualTo("-ERR value is out of range, must be positive\r\n");
        assertThat(client.call("DEBUG", "POPULATE", "3", "k", "2")).isEqualTo("+OK\r\n");
        assertThat(client.call("MGET", "k:0", "k:2")).isEqualTo("*2\r\n$2\r\nva\r\n$2\r\nva\r\n");
        assertThat(client.call("DEBUG", "JMAP")).isEqualTo(
                "-ERR unknown subcommand or wrong number of arguments for 'JMAP'. Try DEBUG HELP.\r\n");
        assertThat(client.call("DEBUG", "PROTOCOL", "push")).isEqualTo("-ERR RESP2 is not supported by this command\r\n");
        client.call("HELLO", "3");
        // the attribute reads as one reply, the reply it annotates as the next
        assertThat(client.call("DEBUG", "PROTOCOL", "attrib") + client.readReplyString()).isEqualTo("|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\n"
                + "key:123\r\n:90\r\n$39\r\nSome real reply following the attribute\r\n");
    }

    @Test
    void dirtyCountsChangedKeysOnly() {
        long start = changes();
        client.call("SETBIT", "foo", "0", "0");
        client.call("BITFIELD", "foo2", "SET", "i5", "0", "0");
        assertThat(changes()).isEqualTo(start + 2);
        client.call("SETBIT", "foo", "0", "0");
        client.call("BITFIELD", "foo2", "SET", "i5", "0", "0");
        assertThat(changes()).isEqualTo(start + 2);
        client.call("SETBIT", "nk", "5", "1");
        assertThat(changes()).isEqualTo(start + 3);
        client.call("SAVE");
        assertThat(changes()).isZero();
    }

    private long changes() {
        String info = client.call("INFO", "persistence");
        int at = info.indexOf("rdb_changes_since_last_save:") + "rdb_changes_since_last_save:".length();
        return Long.parseLong(info.substring(at, info.indexOf('\r', at)));
    }
}
