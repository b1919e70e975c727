package dev.redisinside.autoconfigure;

import dev.redisinside.engine.EmbeddedRedisServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * With the switch off, the application talks to the managed Redis: here the real one at 127.0.0.1:6379.
 * Skipped when nothing listens there, unless {@code -Dredis.required=true} (set by .ci/run).
 * Uses only keys under a unique prefix, with a TTL, and deletes them.
 */
class ManagedRedisFallbackTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(InMemoryRedisAutoConfiguration.class, DataRedisAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=6379");

    @BeforeAll
    static void realRedis() {
        boolean listening;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
            listening = true;
        }
        catch (IOException ex) {
            listening = false;
        }
        if (!listening && Boolean.getBoolean("redis.required")) {
            throw new IllegalStateException("A Redis at 127.0.0.1:6379 is required (-Dredis.required=true)");
        }
        assumeTrue(listening, "no Redis at 127.0.0.1:6379");
    }

    @Test
    void switchOffTalksToTheRealRedis() {
        String key = "redis-inside:starter-test:" + UUID.randomUUID() + ":greeting";
        this.contextRunner.withPropertyValues("cache.in-memory=false").run(context -> {
            assertThat(context).doesNotHaveBean(EmbeddedRedisServer.class);
            assertThat(context.getBean(LettuceConnectionFactory.class).getPort()).isEqualTo(6379);
            StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
            try {
                template.opsForValue().set(key, "from the managed Redis", Duration.ofMinutes(1));
                assertThat(template.opsForValue().get(key)).isEqualTo("from the managed Redis");
                try (RedisConnection connection = template.getRequiredConnectionFactory().getConnection()) {
                    Properties info = connection.serverCommands().info("server");
                    // Another process: the real redis-server, not a server inside this JVM.
                    assertThat(info.getProperty("process_id"))
                        .isNotEqualTo(Long.toString(ProcessHandle.current().pid()));
                    assertThat(info.getProperty("tcp_port")).isEqualTo("6379");
                }
            }
            finally {
                template.delete(key);
            }
            assertThat(template.hasKey(key)).isFalse();
        });
    }

    @Test
    void switchOnDoesNotTouchTheRealRedis() {
        String key = "redis-inside:starter-test:" + UUID.randomUUID() + ":embedded-only";
        this.contextRunner.withPropertyValues("cache.in-memory=true").run(context -> {
            StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
            template.opsForValue().set(key, "x", Duration.ofMinutes(1));
            assertThat(context.getBean(EmbeddedRedisServer.class).get(key)).isEqualTo("x");
        });
        this.contextRunner.withPropertyValues("cache.in-memory=false").run(context -> {
            StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
            try {
                assertThat(template.hasKey(key)).isFalse();
            }
            finally {
                template.delete(key);
            }
        });
    }
}
