package dev.redisinside.engine.server;

import dev.redisinside.engine.EmbeddedRedisServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded server's bound on keys per database (cache.embedded.max-keys in the starter). */
class KeyLimitTest {

    @Test
    void keepsAtMostMaxKeysPerDatabase() {
        try (EmbeddedRedisServer server = EmbeddedRedisServer.builder().maxKeys(3).build().start()) {
            for (int i = 0; i < 10; i++) {
                server.set("k" + i, "v");
            }
            assertThat(server.keys()).hasSize(3).contains("k9");
            assertThat(server.stats().evictedKeys()).isEqualTo(7);
            server.execute(1, "SET", "other-db", "v");
            assertThat(server.execute(1, "DBSIZE")).isEqualTo(1L);
        }
    }

    @Test
    void evictsTheLeastRecentlyUsedOfTheSampledKeys() {
        // 64 samples of 3 keys: the least recently used one is all but certainly among them.
        try (EmbeddedRedisServer server = EmbeddedRedisServer.builder().maxKeys(3)
                .setting("maxmemory-samples", "64").build().start()) {
            server.set("a", "1");
            server.fastForward(Duration.ofSeconds(10));
            server.set("b", "2");
            server.fastForward(Duration.ofSeconds(10));
            server.set("c", "3");
            server.fastForward(Duration.ofSeconds(10));
            server.execute("GET", "a");
            server.fastForward(Duration.ofSeconds(10));
            server.set("d", "4");
            assertThat(server.keys()).containsExactlyInAnyOrder("a", "c", "d");
        }
    }

    @Test
    void readsAndOverwritesDoNotEvict() {
        try (EmbeddedRedisServer server = EmbeddedRedisServer.builder().maxKeys(2).build().start()) {
            server.set("a", "1");
            server.set("b", "2");
            server.execute("GET", "a");
            server.set("a", "overwritten");
            server.set("b", "overwritten");
            assertThat(server.keys()).containsExactlyInAnyOrder("a", "b");
            server.execute("DEL", "b");
            server.set("c", "3");
            assertThat(server.keys()).containsExactlyInAnyOrder("a", "c");
            assertThat(server.stats().evictedKeys()).isZero();
        }
    }

    @Test
    void unboundedByDefault() {
        try (EmbeddedRedisServer server = EmbeddedRedisServer.builder().build().start()) {
            for (int i = 0; i < 100; i++) {
                server.set("k" + i, "v");
            }
            assertThat(server.keys()).hasSize(100);
        }
    }
}
