package dev.redisinside.autoconfigure.testapp;

import dev.redisinside.autoconfigure.InMemoryRedisConnectionDetails;
import dev.redisinside.autoconfigure.test.AutoConfigureInMemoryRedis;
import dev.redisinside.engine.EmbeddedRedisServer;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.test.autoconfigure.DataRedisTest;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The annotation joins the {@code @DataRedisTest} slice. */
@DataRedisTest
@AutoConfigureInMemoryRedis
class InMemoryRedisDataRedisTests {

    @Autowired
    StringRedisTemplate template;

    @Autowired
    EmbeddedRedisServer server;

    @Autowired
    DataRedisConnectionDetails connectionDetails;

    @Test
    void sliceUsesTheEmbeddedServer() {
        assertThat(this.connectionDetails).isInstanceOf(InMemoryRedisConnectionDetails.class);
        this.template.opsForValue().set("slice", "yes");
        assertThat(this.server.get("slice")).isEqualTo("yes");
    }
}
