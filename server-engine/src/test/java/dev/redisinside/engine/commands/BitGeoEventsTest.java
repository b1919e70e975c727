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

/** The keyspace events of bitmap, HyperLogLog and geo commands (bitops.c, hyperloglog.c, geo.c). */
class BitGeoEventsTest {

    private final List<String> events = new ArrayList<>();
    private RedisEngine engine;
    private Client client;

    @BeforeEach
    void setUp() {
        engine = new RedisEngine(new ServerConfig(), new ServerClock());
        engine.notifications(new KeyspaceNotifier() {
            @Override
            public void notify(int type, String event, byte[] key, int db) {
                if (type != NEW) {
                    events.add(type + ":" + event + ":" + new String(key, StandardCharsets.ISO_8859_1));
                }
            }
        });
        client = engine.internalClient();
    }

    private List<String> eventsOf(String... command) {
        events.clear();
        byte[][] argv = new byte[command.length][];
        for (int i = 0; i < command.length; i++) {
            argv[i] = command[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        engine.dispatcher().execute(client, argv);
        client.out().target().clear();
        return List.copyOf(events);
    }

    private static String string(String event, String key) {
        return KeyspaceNotifier.STRING + ":" + event + ":" + key;
    }

    @Test
    void bitmapWritesReportSetbitOnlyWhenSomethingChanged() {
        assertThat(eventsOf("SETBIT", "b", "3", "1")).containsExactly(string("setbit", "b"));
        assertThat(eventsOf("SETBIT", "b", "3", "1")).isEmpty();
        assertThat(eventsOf("BITFIELD", "b", "SET", "u8", "0", "17")).containsExactly(string("setbit", "b"));
        assertThat(eventsOf("BITFIELD", "b", "SET", "u8", "0", "17")).isEmpty();
        assertThat(eventsOf("BITOP", "OR", "d", "b")).containsExactly(string("set", "d"));
        assertThat(eventsOf("BITOP", "OR", "d", "missing"))
                .containsExactly(KeyspaceNotifier.KEY_MISS + ":keymiss:missing", KeyspaceNotifier.GENERIC + ":del:d");
    }

    @Test
    void hyperLogLogWritesReportPfadd() {
        assertThat(eventsOf("PFADD", "h", "a")).containsExactly(string("pfadd", "h"));
        assertThat(eventsOf("PFADD", "h", "a")).isEmpty();
        assertThat(eventsOf("PFCOUNT", "h")).isEmpty();
        // PFMERGE reads its destination as one of the sources.
        assertThat(eventsOf("PFMERGE", "m", "h"))
                .containsExactly(KeyspaceNotifier.KEY_MISS + ":keymiss:m", string("pfadd", "m"));
    }

    @Test
    void geoWritesReportZaddAndStoreEvents() {
        assertThat(eventsOf("GEOADD", "g", "1", "1", "a")).containsExactly(KeyspaceNotifier.ZSET + ":zadd:g");
        assertThat(eventsOf("GEOSEARCHSTORE", "d", "g", "FROMMEMBER", "a", "BYRADIUS", "1", "km"))
                .containsExactly(KeyspaceNotifier.ZSET + ":geosearchstore:d");
        assertThat(eventsOf("GEORADIUS", "g", "1", "1", "1", "km", "STORE", "e"))
                .containsExactly(KeyspaceNotifier.ZSET + ":georadiusstore:e");
    }
}
