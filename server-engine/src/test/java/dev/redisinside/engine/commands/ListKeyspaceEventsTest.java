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

/** The keyspace events of the list commands, in Redis's order (checked with PSUBSCRIBE on Redis 7.0.15). */
class ListKeyspaceEventsTest {

    private final List<String> events = new ArrayList<>();
    private RedisEngine engine;
    private Client client;

    @BeforeEach
    void setUp() {
        engine = new RedisEngine(new ServerConfig(), new ServerClock());
        engine.notifications(new KeyspaceNotifier() {
            @Override
            public void notify(int type, String event, byte[] key, int db) {
                if (type == LIST || type == GENERIC) {
                    String kind = type == LIST ? "l" : "g";
                    events.add(kind + ":" + event + ":" + new String(key, StandardCharsets.ISO_8859_1));
                }
            }
        });
        client = engine.internalClient();
    }

    private List<String> eventsOf(String command) {
        events.clear();
        engine.dispatcher().execute(client, bytes(command.split(" ")));
        client.out().target().clear();
        return List.copyOf(events);
    }

    private static byte[][] bytes(String[] words) {
        byte[][] argv = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            argv[i] = words[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return argv;
    }

    @Test
    void pushesAndPops() {
        assertThat(eventsOf("RPUSH l a b c d e")).containsExactly("l:rpush:l");
        assertThat(eventsOf("LPUSH l z")).containsExactly("l:lpush:l");
        assertThat(eventsOf("LPUSHX l y")).containsExactly("l:lpush:l");
        assertThat(eventsOf("RPUSHX nokey y")).isEmpty();
        assertThat(eventsOf("LPOP l")).containsExactly("l:lpop:l");
        assertThat(eventsOf("RPOP l 2")).containsExactly("l:rpop:l");
        assertThat(eventsOf("LPOP l 0")).isEmpty();
        assertThat(eventsOf("LMPOP 1 l LEFT COUNT 5")).containsExactly("l:lpop:l", "g:del:l");
        assertThat(eventsOf("RPUSH l a")).containsExactly("l:rpush:l");
        assertThat(eventsOf("BLPOP l 0")).containsExactly("l:lpop:l", "g:del:l");
        assertThat(eventsOf("BLPOP l 0")).isEmpty();
    }

    @Test
    void inPlaceChanges() {
        eventsOf("RPUSH l a b c d e");
        assertThat(eventsOf("LSET l 0 q")).containsExactly("l:lset:l");
        assertThat(eventsOf("LINSERT l BEFORE q p")).containsExactly("l:linsert:l");
        assertThat(eventsOf("LINSERT l BEFORE nope p")).isEmpty();
        assertThat(eventsOf("LREM l 1 p")).containsExactly("l:lrem:l");
        assertThat(eventsOf("LREM l 1 nope")).isEmpty();
        assertThat(eventsOf("LTRIM l 0 1")).containsExactly("l:ltrim:l");
        assertThat(eventsOf("LTRIM l 5 6")).containsExactly("l:ltrim:l", "g:del:l");
        assertThat(eventsOf("LTRIM l 5 6")).isEmpty();
        eventsOf("RPUSH l a");
        assertThat(eventsOf("LREM l 0 a")).containsExactly("l:lrem:l", "g:del:l");
    }

    @Test
    void movesReportThePushBeforeThePop() {
        eventsOf("RPUSH l a b");
        assertThat(eventsOf("LMOVE l l2 LEFT RIGHT")).containsExactly("l:rpush:l2", "l:lpop:l");
        assertThat(eventsOf("RPOPLPUSH l l2")).containsExactly("l:lpush:l2", "l:rpop:l", "g:del:l");
        assertThat(eventsOf("BLMOVE l2 l2 LEFT RIGHT 0")).containsExactly("l:rpush:l2", "l:lpop:l2");
    }
}
