package dev.redisinside.autoconfigure;

import dev.redisinside.engine.EmbeddedRedisServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.health.DataRedisHealthIndicator;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

class InMemoryRedisAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(InMemoryRedisAutoConfiguration.class, DataRedisAutoConfiguration.class));

    @Test
    void switchOnStartsServerAndPointsLettuceAtIt() {
        this.contextRunner.withPropertyValues("cache.in-memory=true").run(context -> {
            assertThat(context).hasSingleBean(EmbeddedRedisServer.class)
                .hasSingleBean(InMemoryRedisConnectionDetails.class);
            EmbeddedRedisServer server = context.getBean(EmbeddedRedisServer.class);
            assertThat(server.isRunning()).isTrue();
            assertThat(context.getBean(DataRedisConnectionDetails.class))
                .isInstanceOf(InMemoryRedisConnectionDetails.class);
            LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
            assertThat(factory.getHostName()).isEqualTo("127.0.0.1");
            assertThat(factory.getPort()).isEqualTo(server.port());
            assertThat(context.getEnvironment().getProperty("local.cache.embedded.port", Integer.class))
                .isEqualTo(server.port());
            StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
            template.opsForValue().set("greeting", "hello");
            assertThat(template.opsForValue().get("greeting")).isEqualTo("hello");
            assertThat(server.get("greeting")).isEqualTo("hello");
        });
    }

    @Test
    void switchOffRegistersNothing() {
        this.contextRunner.withPropertyValues("cache.in-memory=false").run(context -> {
            assertThat(context).doesNotHaveBean(EmbeddedRedisServer.class)
                .doesNotHaveBean(InMemoryRedisConnectionDetails.class)
                .doesNotHaveBean(InMemoryRedisProperties.class)
                .hasSingleBean(DataRedisConnectionDetails.class);
            assertThat(context.getBean(LettuceConnectionFactory.class).getPort()).isEqualTo(6379);
            assertThat(context.getEnvironment().containsProperty("local.cache.embedded.port")).isFalse();
        });
    }

    @Test
    void switchAbsentRegistersNothing() {
        this.contextRunner.run(context -> {
            assertThat(context).doesNotHaveBean(EmbeddedRedisServer.class)
                .doesNotHaveBean(InMemoryRedisConnectionDetails.class)
                .doesNotHaveBean(InMemoryRedisProperties.class)
                .hasSingleBean(DataRedisConnectionDetails.class);
            assertThat(context.getBean(LettuceConnectionFactory.class).getPort()).isEqualTo(6379);
        });
    }

    @Test
    void switchOffKeepsSentinelAndClusterSettingsUntouched() {
        this.contextRunner
            .withPropertyValues("cache.in-memory=false", "spring.data.redis.cluster.nodes=127.0.0.1:7000,127.0.0.1:7001")
            .run(context -> {
                assertThat(context).doesNotHaveBean(EmbeddedRedisServer.class);
                assertThat(context.getBean(LettuceConnectionFactory.class).getClusterConfiguration()).isNotNull();
            });
    }

    @Test
    void switchOnIgnoresClusterSettingsOfTheManagedRedis() {
        this.contextRunner
            .withPropertyValues("cache.in-memory=true", "spring.data.redis.cluster.nodes=127.0.0.1:7000,127.0.0.1:7001")
            .run(context -> {
                LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
                assertThat(factory.getClusterConfiguration()).isNull();
                assertThat(factory.getPort()).isEqualTo(context.getBean(EmbeddedRedisServer.class).port());
            });
    }

    @Test
    void userDefinedConnectionFactoryIsKeptAndDependsOnTheServer() {
        this.contextRunner.withPropertyValues("cache.in-memory=true")
            .withUserConfiguration(UserConnectionFactoryConfiguration.class)
            .run(context -> {
                assertThat(context).hasSingleBean(RedisConnectionFactory.class)
                    .hasSingleBean(EmbeddedRedisServer.class);
                assertThat(context.getBean(RedisConnectionFactory.class))
                    .isSameAs(context.getBean("userConnectionFactory"));
                BeanDefinition definition = context.getBeanFactory().getBeanDefinition("userConnectionFactory");
                assertThat(definition.getDependsOn()).contains(InMemoryRedisAutoConfiguration.SERVER_BEAN_NAME);
                // The user's factory was created from the published port; it works against the server.
                StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
                template.opsForValue().set("k", "v");
                assertThat(context.getBean(EmbeddedRedisServer.class).get("k")).isEqualTo("v");
            });
    }

    @Test
    void userDefinedStandaloneConfigurationIsPointedAtTheServer() {
        this.contextRunner.withPropertyValues("cache.in-memory=true", "cache.embedded.databases=4")
            .withUserConfiguration(UserStandaloneConfiguration.class)
            .run(context -> {
                EmbeddedRedisServer server = context.getBean(EmbeddedRedisServer.class);
                LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
                assertThat(factory.getHostName()).isEqualTo("127.0.0.1");
                assertThat(factory.getPort()).isEqualTo(server.port());
                assertThat(factory.getDatabase()).isEqualTo(2);
                context.getBean(StringRedisTemplate.class).opsForValue().set("in-db-2", "yes");
                assertThat(server.execute(2, "GET", "in-db-2")).isEqualTo("yes".getBytes());
            });
    }

    @Test
    void userDefinedStandaloneConfigurationUntouchedWhenSwitchOff() {
        this.contextRunner.withUserConfiguration(UserStandaloneConfiguration.class).run(context -> {
            assertThat(context).doesNotHaveBean(EmbeddedRedisServer.class);
            assertThat(context.getBean(LettuceConnectionFactory.class).getPort()).isEqualTo(6390);
        });
    }

    @Test
    void winsOverOtherConnectionDetails() {
        this.contextRunner.withPropertyValues("cache.in-memory=true")
            .withBean("dockerComposeRedisConnectionDetails", DataRedisConnectionDetails.class,
                    () -> new DataRedisConnectionDetails() {
                        @Override
                        public Standalone getStandalone() {
                            return Standalone.of("redis.example.com", 6390);
                        }
                    })
            .run(context -> {
                LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
                assertThat(factory.getHostName()).isEqualTo("127.0.0.1");
                assertThat(factory.getPort()).isEqualTo(context.getBean(EmbeddedRedisServer.class).port());
            });
    }

    @Test
    void jedisInsteadOfLettuce() {
        this.contextRunner.withPropertyValues("cache.in-memory=true")
            .withClassLoader(new FilteredClassLoader("io.lettuce.core"))
            .run(context -> {
                assertThat(context).doesNotHaveBean(LettuceConnectionFactory.class)
                    .hasSingleBean(JedisConnectionFactory.class);
                JedisConnectionFactory factory = context.getBean(JedisConnectionFactory.class);
                assertThat(factory.getPort()).isEqualTo(context.getBean(EmbeddedRedisServer.class).port());
                StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
                template.opsForValue().set("jedis", "works");
                assertThat(template.opsForValue().get("jedis")).isEqualTo("works");
            });
    }

    @Test
    void withoutSpringDataRedisTheServerStillStarts() {
        this.contextRunner.withPropertyValues("cache.in-memory=true")
            .withClassLoader(new FilteredClassLoader("org.springframework.data.redis", "org.springframework.boot.data.redis"))
            .run(context -> {
                assertThat(context).hasNotFailed()
                    .hasSingleBean(EmbeddedRedisServer.class)
                    .doesNotHaveBean(InMemoryRedisConnectionDetails.class);
                int port = context.getEnvironment().getProperty("local.cache.embedded.port", Integer.class);
                assertThatNoException().isThrownBy(() -> new Socket("127.0.0.1", port).close());
            });
    }

    @Test
    void withoutTheEngineRegistersNothing() {
        this.contextRunner.withPropertyValues("cache.in-memory=true")
            .withClassLoader(new FilteredClassLoader(EmbeddedRedisServer.class))
            .run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(InMemoryRedisConnectionDetails.class)
                .getBean(DataRedisConnectionDetails.class)
                .isNotInstanceOf(InMemoryRedisConnectionDetails.class));
    }

    @Test
    void propertiesConfigureTheServer() throws IOException {
        int port = freePort();
        this.contextRunner
            .withPropertyValues("cache.in-memory=true", "cache.embedded.port=" + port, "cache.embedded.password=s3cret",
                    "cache.embedded.databases=3", "cache.embedded.maxmemory=10MB",
                    "cache.embedded.maxmemory-policy=allkeys-lru", "spring.data.redis.database=2",
                    "spring.data.redis.client-name=props-test", "cache.embedded.max-keys=100")
            .run(context -> {
                EmbeddedRedisServer server = context.getBean(EmbeddedRedisServer.class);
                assertThat(server.port()).isEqualTo(port);
                assertThat(server.config().databases).isEqualTo(3);
                assertThat(server.config().requirePass).isEqualTo("s3cret");
                assertThat(server.config().maxmemory).isEqualTo(10L * 1024 * 1024);
                assertThat(server.config().maxmemoryPolicy).isEqualTo("allkeys-lru");
                assertThat(server.config().maxKeys).isEqualTo(100);
                StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
                template.opsForValue().set("db2", "x");
                assertThat(server.execute(2, "GET", "db2")).isEqualTo("x".getBytes());
                assertThat(server.get("db2")).isNull();
            });
    }

    @Test
    void maxmemoryEvictsByPolicyThroughATemplate() {
        // 1MB leaves about 170KB above Redis's startup figure for data
        this.contextRunner
            .withPropertyValues("cache.in-memory=true", "cache.embedded.maxmemory=1MB",
                    "cache.embedded.maxmemory-policy=allkeys-lru")
            .run(context -> {
                EmbeddedRedisServer server = context.getBean(EmbeddedRedisServer.class);
                StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
                String value = "x".repeat(1000);
                for (int i = 0; i < 500; i++) {
                    template.opsForValue().set("key:" + i, value);
                    server.fastForward(Duration.ofSeconds(1)); // LRU idle times count in seconds
                }
                // the last write may overshoot until the next command evicts, as in Redis
                assertThat(template.hasKey("key:0")).isFalse();
                EmbeddedRedisServer.Stats stats = server.stats();
                assertThat(stats.evictedKeys()).isGreaterThan(300);
                assertThat(stats.keys()).isEqualTo(500 - stats.evictedKeys());
                assertThat(stats.usedMemory()).isLessThanOrEqualTo(1024 * 1024);
                assertThat(template.opsForValue().get("key:499")).isEqualTo(value);
            });
    }

    @Test
    void maxmemoryWithNoevictionRefusesWritesThroughATemplate() {
        this.contextRunner
            .withPropertyValues("cache.in-memory=true", "cache.embedded.maxmemory=1MB")
            .run(context -> {
                StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
                String value = "x".repeat(1000);
                assertThatThrownBy(() -> {
                    for (int i = 0; i < 500; i++) {
                        template.opsForValue().set("key:" + i, value);
                    }
                }).hasStackTraceContaining("OOM command not allowed when used memory > 'maxmemory'.");
                assertThat(template.opsForValue().get("key:0")).isEqualTo(value);
                assertThat(context.getBean(EmbeddedRedisServer.class).stats().evictedKeys()).isZero();
            });
    }

    @Test
    void closingTheContextStopsTheServerAndReleasesThePort() {
        EmbeddedRedisServer[] server = new EmbeddedRedisServer[1];
        this.contextRunner.withPropertyValues("cache.in-memory=true").run(context -> {
            server[0] = context.getBean(EmbeddedRedisServer.class);
            context.getBean(StringRedisTemplate.class).opsForValue().set("a", "b");
        });
        assertThat(server[0].isRunning()).isFalse();
    }

    @Test
    void restartOnAFixedPortRebindsTheSameAddress() throws IOException {
        // What a DevTools restart does: close the context and start a new one at once.
        int port = freePort();
        for (int i = 0; i < 3; i++) {
            this.contextRunner.withPropertyValues("cache.in-memory=true", "cache.embedded.port=" + port).run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(EmbeddedRedisServer.class).port()).isEqualTo(port);
                context.getBean(StringRedisTemplate.class).opsForValue().set("restart", "ok");
            });
        }
    }

    @Test
    void survivesTestContextPausing() {
        this.contextRunner.withPropertyValues("cache.in-memory=true").run(context -> {
            EmbeddedRedisServer server = context.getBean(EmbeddedRedisServer.class);
            int port = server.port();
            StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
            template.opsForValue().set("before", "pause");
            // What Spring Framework 7's test context cache does with a context that is not in use.
            context.getSourceApplicationContext().pause();
            assertThat(server.isRunning()).isTrue();
            assertThat(server.port()).isEqualTo(port);
            context.getSourceApplicationContext().restart();
            assertThat(template.opsForValue().get("before")).isEqualTo("pause");
        });
    }

    @Test
    void healthSaysItIsTheEmbeddedServer() {
        this.contextRunner.withPropertyValues("cache.in-memory=true").run(context -> {
            EmbeddedRedisServer server = context.getBean(EmbeddedRedisServer.class);
            server.set("a", "1");
            Health health = context.getBean("inMemoryRedisHealthIndicator", InMemoryRedisHealthIndicator.class)
                .health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("server", "redis-inside (embedded)")
                .containsEntry("address", "127.0.0.1:" + server.port())
                .containsEntry("databases", 16)
                .containsEntry("keys", 1L);
        });
    }

    @Test
    void springBootsRedisHealthIndicatorWorksAgainstTheServer() {
        this.contextRunner.withPropertyValues("cache.in-memory=true").run(context -> {
            Health health = new DataRedisHealthIndicator(context.getBean(RedisConnectionFactory.class)).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("version", "7.0.15");
        });
    }

    @Test
    void healthIndicatorCanBeDisabled() {
        this.contextRunner.withPropertyValues("cache.in-memory=true", "management.health.inmemoryredis.enabled=false")
            .run(context -> assertThat(context).hasSingleBean(EmbeddedRedisServer.class)
                .doesNotHaveBean(InMemoryRedisHealthIndicator.class));
    }

    @Test
    void metersCountConnectionsCommandsAndKeys() {
        this.contextRunner.withPropertyValues("cache.in-memory=true").run(context -> {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(InMemoryRedisMetrics.class).bindTo(registry);
            StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
            template.opsForValue().set("m1", "x");
            template.opsForValue().set("m2", "y");
            assertThat(registry.get("redis.inside.keys").gauge().value()).isEqualTo(2);
            assertThat(registry.get("redis.inside.connections").gauge().value()).isGreaterThanOrEqualTo(1);
            assertThat(registry.get("redis.inside.commands").functionCounter().count()).isGreaterThanOrEqualTo(2);
        });
    }

    @Test
    void withoutActuatorOrMicrometerTheServerStillStarts() {
        this.contextRunner.withPropertyValues("cache.in-memory=true")
            .withClassLoader(new FilteredClassLoader("org.springframework.boot.health", "io.micrometer.core"))
            .run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(EmbeddedRedisServer.class)
                .doesNotHaveBean(InMemoryRedisHealthIndicator.class)
                .doesNotHaveBean(InMemoryRedisMetrics.class));
    }

    @Test
    void portInUseFailsWithAnAnalyzedMessage() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            this.contextRunner.withPropertyValues("cache.in-memory=true", "cache.embedded.port=" + port).run(context -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = new InMemoryRedisFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(analysis).isNotNull();
                assertThat(analysis.getDescription())
                    .startsWith("The embedded Redis server could not listen on 127.0.0.1:" + port);
                assertThat(analysis.getAction()).contains("cache.embedded.port");
            });
            // The failed server released its event loop thread.
            assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.getName().startsWith("redis-inside-" + port + "-"));
        }
    }

    @Test
    void rejectsTlsUrl() {
        this.contextRunner.withPropertyValues("cache.in-memory=true", "spring.data.redis.url=rediss://redis.example.com:6380")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("spring.data.redis.url uses rediss://"));
    }

    @Test
    void acceptsPlainUrlAndStillUsesTheServer() {
        this.contextRunner.withPropertyValues("cache.in-memory=true", "spring.data.redis.url=redis://redis.example.com:6380")
            .run(context -> assertThat(context.getBean(LettuceConnectionFactory.class).getPort())
                .isEqualTo(context.getBean(EmbeddedRedisServer.class).port()));
    }

    @Test
    void rejectsSslEnabled() {
        this.contextRunner.withPropertyValues("cache.in-memory=true", "spring.data.redis.ssl.enabled=true")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("spring.data.redis.ssl.enabled=true"));
    }

    @Test
    void rejectsDatabaseBeyondTheServersDatabases() {
        this.contextRunner.withPropertyValues("cache.in-memory=true", "spring.data.redis.database=16")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("spring.data.redis.database=16 does not exist")
                .isInstanceOf(InMemoryRedisStartupException.class));
    }

    @Test
    void aUsernameBecomesAnAclUserThatClientsAuthenticateAs() {
        this.contextRunner
            .withPropertyValues("cache.in-memory=true", "cache.embedded.username=alice", "cache.embedded.password=pw")
            .run(context -> {
                StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
                template.opsForValue().set("k", "v");
                assertThat(template.opsForValue().get("k")).isEqualTo("v");
                Object whoami = template.execute((RedisCallback<Object>) connection -> connection.execute("ACL",
                        "WHOAMI".getBytes()));
                assertThat(whoami).isEqualTo("alice".getBytes());
            });
    }

    @Test
    void rejectsAUsernameRedisWouldRefuse() {
        this.contextRunner.withPropertyValues("cache.in-memory=true", "cache.embedded.username=al ice")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("cannot contain spaces"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserConnectionFactoryConfiguration {

        @Bean
        LettuceConnectionFactory userConnectionFactory(org.springframework.core.env.Environment environment) {
            // Created after the server (it depends on it), so the port is already published.
            int port = environment.getRequiredProperty("local.cache.embedded.port", Integer.class);
            return new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserStandaloneConfiguration {

        @Bean
        RedisStandaloneConfiguration redisStandaloneConfiguration() {
            RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration("redis.example.com", 6390);
            configuration.setDatabase(2);
            return configuration;
        }
    }
}
