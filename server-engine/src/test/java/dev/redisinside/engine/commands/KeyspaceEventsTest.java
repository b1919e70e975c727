package dev.redisinside.engine.commands;

import dev.redisinside.engine.config.ServerConfig;
import dev.redisinside.engine.pubsub.KeyspaceNotifier;
import dev.redisinside.engine.server.Client;
import dev.redisinside.engine.server.RedisEngine;
import dev.redisinside.engine.time.ServerClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The keyspace events the generic commands report, with their class and database (db.c, expire.c). */
class KeyspaceEventsTest {

    private final ServerClock clock = new ServerClock();
    private final List<String> events = new ArrayList<>();
    private RedisEngine engine;
    private Client client;

    @BeforeEach
    void setUp() {
        engine = new RedisEngine(new ServerConfig(), clock);
        engine.notifications(new KeyspaceNotifier() {
            @Override
            public void notify(int type, String event, byte[] key, int db) {
                if (type == NEW) {
                    return; // "new" has its own flag ('n', not in 'A'); these tests follow the others
                }
                String kind = type == GENERIC ? "g" : type == EXPIRED ? "x" : type == STRING ? "$" : type == KEY_MISS ? "m" : "?" + type;
                events.add(kind + ":" + event + ":" + new String(key, StandardCharsets.ISO_8859_1) + "@" + db);
            }
        });
        client = engine.internalClient();
    }

    private void run(String... command) {
        byte[][] argv = new byte[command.length][];
        for (int i = 0; i < command.length; i++) {
            argv[i] = command[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        engine.dispatcher().execute(client, argv);
        client.out().target().clear();
    }

    private List<String> eventsOf(String... command) {
        events.clear();
        run(command);
        return List.copyOf(events);
    }

    @Test
    void delAndUnlinkReportDelForRemovedKeysOnly() {
        run("SET", "a", "1");
        run("SET", "b", "1");
        assertThat(eventsOf("DEL", "a", "nokey")).containsExactly("g:del:a@0");
        assertThat(eventsOf("UNLINK", "b", "b")).containsExactly("g:del:b@0");
    }

    @Test
    void renameReportsFromThenTo() {
        run("SET", "a", "1");
        run("SET", "b", "2");
        assertThat(eventsOf("RENAME", "a", "b")).containsExactly("g:rename_from:a@0", "g:rename_to:b@0");
        assertThat(eventsOf("RENAME", "b", "b")).isEmpty();
        assertThat(eventsOf("RENAMENX", "b", "c")).containsExactly("g:rename_from:b@0", "g:rename_to:c@0");
    }

    @Test
    void copyAndMoveReportInTheTargetDatabase() {
        run("SET", "a", "1");
        assertThat(eventsOf("COPY", "a", "b", "DB", "3")).containsExactly("g:copy_to:b@3");
        assertThat(eventsOf("COPY", "a", "c")).containsExactly("g:copy_to:c@0");
        assertThat(eventsOf("MOVE", "a", "2")).containsExactly("g:move_from:a@0", "g:move_to:a@2");
        assertThat(eventsOf("MOVE", "b", "2")).isEmpty();
    }

    @Test
    void readLookupsCountHitsAndMissesAndReportKeymiss() {
        run("HSET", "h", "f", "v");
        run("SADD", "s", "m");
        run("ZADD", "z", "1", "a");
        long hits = engine.stats.keyspaceHits;
        long misses = engine.stats.keyspaceMisses;
        assertThat(eventsOf("HGET", "h", "f")).isEmpty();
        assertThat(eventsOf("HGET", "nokey", "f")).containsExactly("m:keymiss:nokey@0");
        assertThat(eventsOf("SINTER", "s", "nokey", "s")).containsExactly("m:keymiss:nokey@0");
        assertThat(eventsOf("ZUNION", "2", "z", "nokey")).containsExactly("m:keymiss:nokey@0");
        assertThat(eventsOf("EXISTS", "h", "nokey")).containsExactly("m:keymiss:nokey@0");
        assertThat(eventsOf("ZSCORE", "h", "a")).isEmpty();
        // OBJECT counts, but publishes no keymiss (LOOKUP_NONOTIFY); HSET looks up for writing.
        assertThat(eventsOf("OBJECT", "ENCODING", "nokey")).isEmpty();
        assertThat(eventsOf("HSET", "nokey", "f", "v")).doesNotContain("m:keymiss:nokey@0");
        assertThat(engine.stats.keyspaceHits - hits).isEqualTo(6);
        assertThat(engine.stats.keyspaceMisses - misses).isEqualTo(5);
    }

    @Test
    void expireReportsExpireOrDelWhenTheDeadlineHasPassed() {
        run("SET", "a", "1");
        assertThat(eventsOf("EXPIRE", "a", "100")).containsExactly("g:expire:a@0");
        assertThat(eventsOf("EXPIRE", "a", "100", "NX")).isEmpty();
        assertThat(eventsOf("PERSIST", "a")).containsExactly("g:persist:a@0");
        assertThat(eventsOf("PERSIST", "a")).isEmpty();
        assertThat(eventsOf("PEXPIREAT", "a", "1")).containsExactly("g:del:a@0");
    }

    @Test
    void keysFoundPastTheirDeadlineReportExpired() {
        run("SET", "a", "1");
        run("PEXPIRE", "a", "10");
        clock.fastForward(Duration.ofSeconds(1));
        assertThat(eventsOf("TTL", "a")).containsExactly("x:expired:a@0", "m:keymiss:a@0");
        run("SET", "b", "1");
        run("PEXPIRE", "b", "10");
        clock.fastForward(Duration.ofSeconds(1));
        assertThat(eventsOf("DEL", "b")).containsExactly("x:expired:b@0");
        run("SET", "c", "1");
        run("PEXPIRE", "c", "10");
        clock.fastForward(Duration.ofSeconds(1));
        engine.activeExpireNow();
        assertThat(events).contains("x:expired:c@0");
    }
}
