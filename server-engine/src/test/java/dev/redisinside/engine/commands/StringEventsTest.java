package dev.redisinside.engine.commands;

import dev.redisinside.engine.config.ServerConfig;
import dev.redisinside.engine.pubsub.KeyspaceNotifier;
import dev.redisinside.engine.server.Client;
import dev.redisinside.engine.server.RedisEngine;
import dev.redisinside.engine.time.ServerClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the string commands report besides their replies: keyspace events with their class (t_string.c,
 * db.c) and keyspace hit/miss counts, as Redis 7.0.15 reports them.
 */
class StringEventsTest {

    private final List<String> events = new ArrayList<>();
    private RedisEngine engine;
    private Client client;

    @BeforeEach
    void setUp() {
        engine = new RedisEngine(new ServerConfig(), new ServerClock());
        engine.notifications(new KeyspaceNotifier() {
            @Override
            public void notify(int type, String event, byte[] key, int db) {
                String kind = switch (type) {
                    case GENERIC -> "g";
                    case STRING -> "$";
                    case EXPIRED -> "x";
                    case KEY_MISS -> "m";
                    case NEW -> "n";
                    default -> "?" + type;
                };
                events.add(kind + ":" + event + ":" + new String(key, StandardCharsets.ISO_8859_1) + "@" + db);
            }
        });
        client = engine.internalClient();
    }

    private List<String> eventsOf(String... command) {
        byte[][] argv = new byte[command.length][];
        for (int i = 0; i < command.length; i++) {
            argv[i] = command[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        events.clear();
        engine.dispatcher().execute(client, argv);
        client.out().target().clear();
        return List.copyOf(events);
    }

    /** The events Redis published on {@code __keyevent@0__:*} with {@code notify-keyspace-events KEAmn}. */
    @Test
    void everyStringCommandReportsTheEventsRedisReports() {
        assertThat(eventsOf("GET", "missing")).containsExactly("m:keymiss:missing@0");
        assertThat(eventsOf("SET", "k", "v")).containsExactly("n:new:k@0", "$:set:k@0");
        assertThat(eventsOf("SET", "k", "v", "EX", "100")).containsExactly("$:set:k@0", "g:expire:k@0");
        assertThat(eventsOf("SET", "k", "v", "PX", "100", "GET")).containsExactly("$:set:k@0", "g:expire:k@0");
        assertThat(eventsOf("SET", "k", "v", "NX")).isEmpty();
        assertThat(eventsOf("SET", "k2", "v", "XX")).isEmpty();
        assertThat(eventsOf("SET", "k", "v", "KEEPTTL")).containsExactly("$:set:k@0");
        assertThat(eventsOf("SET", "k", "v", "EXAT", "1")).containsExactly("$:set:k@0", "g:expire:k@0");
        assertThat(eventsOf("GET", "k")).containsExactly("x:expired:k@0", "m:keymiss:k@0");
        assertThat(eventsOf("SETNX", "n", "v")).containsExactly("n:new:n@0", "$:set:n@0");
        assertThat(eventsOf("SETEX", "x", "100", "v")).containsExactly("n:new:x@0", "$:set:x@0", "g:expire:x@0");
        assertThat(eventsOf("PSETEX", "x", "100000", "v")).containsExactly("$:set:x@0", "g:expire:x@0");
        assertThat(eventsOf("GETSET", "x", "v2")).containsExactly("$:set:x@0");
        assertThat(eventsOf("GETSET", "newgs", "v")).containsExactly("m:keymiss:newgs@0", "n:new:newgs@0", "$:set:newgs@0");
        assertThat(eventsOf("GETDEL", "x")).containsExactly("g:del:x@0");
        assertThat(eventsOf("GETDEL", "x")).containsExactly("m:keymiss:x@0");
        assertThat(eventsOf("SET", "g", "v")).containsExactly("n:new:g@0", "$:set:g@0");
        assertThat(eventsOf("GETEX", "g")).isEmpty();
        assertThat(eventsOf("GETEX", "g", "EX", "100")).containsExactly("g:expire:g@0");
        assertThat(eventsOf("GETEX", "g", "PERSIST")).containsExactly("g:persist:g@0");
        assertThat(eventsOf("GETEX", "g", "PERSIST")).isEmpty();
        assertThat(eventsOf("GETEX", "g", "PXAT", "1")).containsExactly("g:del:g@0");
        assertThat(eventsOf("GETEX", "missing", "EX", "10")).containsExactly("m:keymiss:missing@0");
        assertThat(eventsOf("MSET", "a", "1", "b", "2")).containsExactly("n:new:a@0", "$:set:a@0", "n:new:b@0", "$:set:b@0");
        assertThat(eventsOf("MSETNX", "a", "1", "c", "2")).isEmpty();
        assertThat(eventsOf("MSETNX", "c", "1", "d", "2")).containsExactly("n:new:c@0", "$:set:c@0", "n:new:d@0", "$:set:d@0");
        assertThat(eventsOf("MGET", "a", "missing1", "c")).containsExactly("m:keymiss:missing1@0");
        assertThat(eventsOf("APPEND", "ap", "x")).containsExactly("n:new:ap@0", "$:append:ap@0");
        assertThat(eventsOf("APPEND", "ap", "y")).containsExactly("$:append:ap@0");
        assertThat(eventsOf("STRLEN", "ap")).isEmpty();
        assertThat(eventsOf("STRLEN", "missing2")).containsExactly("m:keymiss:missing2@0");
        assertThat(eventsOf("GETRANGE", "missing3", "0", "1")).containsExactly("m:keymiss:missing3@0");
        assertThat(eventsOf("SETRANGE", "sr", "0", "abc")).containsExactly("n:new:sr@0", "$:setrange:sr@0");
        assertThat(eventsOf("SETRANGE", "sr", "0", "")).isEmpty();
        assertThat(eventsOf("SETRANGE", "nosr", "0", "")).isEmpty();
        assertThat(eventsOf("INCR", "i")).containsExactly("n:new:i@0", "$:incrby:i@0");
        assertThat(eventsOf("DECR", "i")).containsExactly("$:incrby:i@0");
        assertThat(eventsOf("INCRBY", "i", "5")).containsExactly("$:incrby:i@0");
        assertThat(eventsOf("DECRBY", "i", "2")).containsExactly("$:incrby:i@0");
        assertThat(eventsOf("INCRBYFLOAT", "f", "1.5")).containsExactly("n:new:f@0", "$:incrbyfloat:f@0");
        assertThat(eventsOf("INCR", "ap")).isEmpty();
        assertThat(eventsOf("LCS", "a", "missing4")).containsExactly("m:keymiss:missing4@0");
    }

    @Test
    void readsCountKeyspaceHitsAndMisses() {
        for (String command : new String[] {"GET missing", "SET k v", "GET k", "MGET k x y", "SET k v2 GET", "INCR n",
                "APPEND k x", "STRLEN k", "GETRANGE z 0 1", "LCS k z", "GETEX k", "GETDEL k", "SETRANGE q 0 x",
                "INCRBYFLOAT n 1"}) {
            eventsOf(command.split(" "));
        }
        // INFO stats of Redis 7.0.15 after the same commands
        assertThat(engine.stats.keyspaceHits).isEqualTo(7);
        assertThat(engine.stats.keyspaceMisses).isEqualTo(5);
    }
}
