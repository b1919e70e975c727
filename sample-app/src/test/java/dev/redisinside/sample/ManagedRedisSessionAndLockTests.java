package dev.redisinside.sample;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import dev.redisinside.engine.EmbeddedRedisServer;
import dev.redisinside.sample.cart.SessionEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions and distributed locks with the switch off, on the real Redis at 127.0.0.1:6379: only keys under
 * a unique prefix, deleted afterwards; the server's {@code notify-keyspace-events}, which Spring Session
 * changes, is put back. Real time cannot be moved, so what expires is given a short time to live and
 * awaited. Skipped without that Redis unless {@code -Dredis.required=true}.
 */
class ManagedRedisSessionAndLockTests {

    private static final String PREFIX = "redis-inside:sample-session-test:" + UUID.randomUUID();

    private static ConfigurableApplicationContext context;

    private static String notifyKeyspaceEvents;

    @BeforeAll
    static void startOnRealRedis() {
        RealRedis.assumeSharedRedis();
        notifyKeyspaceEvents = RealRedis.config("notify-keyspace-events");
        context = new SpringApplicationBuilder(SampleApplication.class).run("--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=6379", "--server.port=0", "--spring.main.banner-mode=off",
                "--spring.session.data.redis.namespace=" + PREFIX + ":session", "--sample.key-prefix=" + PREFIX + ":");
        assertThat(context.getBeansOfType(EmbeddedRedisServer.class)).isEmpty();
        try (RedisConnection connection = redis().getRequiredConnectionFactory().getConnection()) {
            Properties info = connection.serverCommands().info("server");
            assertThat(info.getProperty("process_id")).isNotEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
    }

    @AfterAll
    static void stop() {
        if (context == null) {
            return;
        }
        try {
            List<String> keys = List.copyOf(redis().keys(PREFIX + ":*"));
            if (!keys.isEmpty()) {
                redis().delete(keys);
            }
        }
        finally {
            context.close();
            RealRedis.setConfig("notify-keyspace-events", notifyKeyspaceEvents);
        }
    }

    private static StringRedisTemplate redis() {
        return context.getBean(StringRedisTemplate.class);
    }

    @Nested
    class Sessions extends SessionScenarios {

        @Override
        String baseUrl() {
            return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
        }

        @Override
        SessionEvents events() {
            return context.getBean(SessionEvents.class);
        }

        @Override
        StringRedisTemplate redis() {
            return ManagedRedisSessionAndLockTests.redis();
        }

        @Override
        String namespace() {
            return PREFIX + ":session";
        }

        /** A timeout of one second, which Redis enforces by expiring the session's {@code expires} key. */
        @Override
        @SuppressWarnings("unchecked")
        void expireIdleSession(String sessionId) {
            FindByIndexNameSessionRepository<Session> sessions = context.getBean(FindByIndexNameSessionRepository.class);
            Session session = sessions.findById(sessionId);
            session.setMaxInactiveInterval(Duration.ofSeconds(1));
            sessions.save(session);
        }

        /** Five minutes are too long to wait: the hash is deleted with the other keys after the tests. */
        @Override
        boolean passEndedSessionRetention() {
            return false;
        }
    }

    @Nested
    class Locks extends LockScenarios {

        @Override
        RedisConnectionFactory connectionFactory() {
            return redis().getRequiredConnectionFactory();
        }

        @Override
        StringRedisTemplate redis() {
            return ManagedRedisSessionAndLockTests.redis();
        }

        @Override
        Duration shortExpiry() {
            return Duration.ofMillis(500);
        }

        /** Real time passes while the test awaits the other instance's lock. */
        @Override
        void letExpiryPass(Duration expiry) {
        }
    }
}
