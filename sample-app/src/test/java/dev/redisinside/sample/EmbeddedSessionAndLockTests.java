package dev.redisinside.sample;

import java.time.Duration;

import dev.redisinside.autoconfigure.test.AutoConfigureInMemoryRedis;
import dev.redisinside.engine.EmbeddedRedisServer;
import dev.redisinside.sample.cart.SessionEvents;
import org.junit.jupiter.api.Nested;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Sessions and distributed locks on the embedded server, where expiry needs no waiting: the test moves the
 * server's clock past the session timeout or the lock's expiry.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureInMemoryRedis
class EmbeddedSessionAndLockTests {

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedRedisServer server;

    @Autowired
    SessionEvents events;

    @Autowired
    StringRedisTemplate redis;

    @Nested
    class Sessions extends SessionScenarios {

        @Override
        String baseUrl() {
            return "http://localhost:" + EmbeddedSessionAndLockTests.this.port;
        }

        @Override
        SessionEvents events() {
            return EmbeddedSessionAndLockTests.this.events;
        }

        @Override
        StringRedisTemplate redis() {
            return EmbeddedSessionAndLockTests.this.redis;
        }

        @Override
        String namespace() {
            return "spring:session";
        }

        /** Past the default timeout of 30 minutes, at once. */
        @Override
        void expireIdleSession(String sessionId) {
            EmbeddedSessionAndLockTests.this.server.fastForward(Duration.ofMinutes(31));
        }

        @Override
        boolean passEndedSessionRetention() {
            EmbeddedSessionAndLockTests.this.server.fastForward(Duration.ofMinutes(5).plusSeconds(1));
            return true;
        }
    }

    @Nested
    class Locks extends LockScenarios {

        @Override
        RedisConnectionFactory connectionFactory() {
            return EmbeddedSessionAndLockTests.this.redis.getRequiredConnectionFactory();
        }

        @Override
        StringRedisTemplate redis() {
            return EmbeddedSessionAndLockTests.this.redis;
        }

        @Override
        Duration shortExpiry() {
            return Duration.ofSeconds(10);
        }

        @Override
        void letExpiryPass(Duration expiry) {
            EmbeddedSessionAndLockTests.this.server.fastForward(expiry.plusSeconds(1));
        }
    }
}
