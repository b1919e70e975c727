package dev.redisinside.sample;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import dev.redisinside.engine.EmbeddedRedisServer;
import dev.redisinside.sample.catalog.ProductCatalog;
import dev.redisinside.sample.events.ScoreEvents;
import dev.redisinside.sample.leaderboard.Leaderboard;
import dev.redisinside.sample.players.Player;
import dev.redisinside.sample.players.PlayerRepository;
import dev.redisinside.sample.ratelimit.RateLimiter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the switch off (no dev profile) the sample app runs on real Redis servers: the shared standalone one
 * at 127.0.0.1:6379 (only keys under a unique prefix, deleted afterwards) and a private three-master Redis
 * Cluster, which is how applications outgrow one machine.
 */
class ManagedRedisTests {

    @Test
    void standaloneRedisAt6379() {
        RealRedis.assumeSharedRedis();
        String prefix = "redis-inside:sample-test:" + UUID.randomUUID() + ":";
        try (ConfigurableApplicationContext context = start("spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=6379", "sample.key-prefix=" + prefix, "spring.cache.redis.key-prefix=" + prefix)) {
            StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
            try {
                assertThat(context.getBeansOfType(EmbeddedRedisServer.class)).isEmpty();
                try (RedisConnection connection = redis.getRequiredConnectionFactory().getConnection()) {
                    Properties info = connection.serverCommands().info("server");
                    assertThat(info.getProperty("tcp_port")).isEqualTo("6379");
                    assertThat(info.getProperty("process_id")).isNotEqualTo(Long.toString(ProcessHandle.current().pid()));
                }
                exerciseCacheRateLimiterLeaderboardAndEvents(context, prefix);
            }
            finally {
                deleteKeys(redis, prefix);
            }
            assertThat(redis.keys(prefix + "*")).isEmpty();
        }
    }

    @Test
    void threeMasterRedisCluster() throws Exception {
        try (RealRedis.Cluster cluster = RealRedis.Cluster.startOrSkip();
                ConfigurableApplicationContext context = start("spring.data.redis.cluster.nodes=" + cluster.nodes())) {
            StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
            try (RedisClusterConnection connection = redis.getRequiredConnectionFactory().getClusterConnection()) {
                assertThat(connection.clusterGetNodes()).hasSize(3);
            }
            exerciseCacheRateLimiterLeaderboardAndEvents(context, "");
            PlayerRepository players = context.getBean(PlayerRepository.class);
            players.save(new Player("p1", "Ada", "UK"));
            players.save(new Player("p2", "Grace", "US"));
            players.save(new Player("p3", "Alan", "UK"));
            assertThat(players.findById("p2")).get().extracting(Player::getName).isEqualTo("Grace");
            assertThat(players.findByCountry("UK")).extracting(Player::getId).containsExactlyInAnyOrder("p1", "p3");
            players.deleteById("p1");
            assertThat(players.findByCountry("UK")).extracting(Player::getId).containsExactly("p3");
        }
    }

    /** Starts the app with the properties as command-line arguments, so that they win over application.properties. */
    private static ConfigurableApplicationContext start(String... properties) {
        List<String> args = new java.util.ArrayList<>();
        for (String property : properties) {
            args.add("--" + property);
        }
        args.addAll(List.of("--sample.events.enabled=true", "--sample.rate-limit.requests=3", "--spring.main.banner-mode=off"));
        return new SpringApplicationBuilder(SampleApplication.class).web(WebApplicationType.NONE)
            .run(args.toArray(String[]::new));
    }

    private static void exerciseCacheRateLimiterLeaderboardAndEvents(ConfigurableApplicationContext context,
            String prefix) {
        StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
        ProductCatalog catalog = context.getBean(ProductCatalog.class);
        long loads = catalog.loads();
        catalog.find("42");
        catalog.find("42");
        assertThat(catalog.loads()).isEqualTo(loads + 1);
        assertThat(redis.getExpire(prefix + "products::42")).isBetween(540L, 600L);

        RateLimiter limiter = context.getBean(RateLimiter.class);
        assertThat(List.of(limiter.acquire("alice").allowed(), limiter.acquire("alice").allowed(),
                limiter.acquire("alice").allowed(), limiter.acquire("alice").allowed()))
            .containsExactly(true, true, true, false);
        assertThat(redis.getExpire(prefix + "rate:alice")).isBetween(30L, 60L);

        Leaderboard leaderboard = context.getBean(Leaderboard.class);
        leaderboard.set("carol", 5);
        leaderboard.score("alice", 10);
        leaderboard.score("bob", 3);
        leaderboard.score("bob", 4.5);
        assertThat(leaderboard.top(2)).containsExactly(new Leaderboard.Entry(1, "alice", 10),
                new Leaderboard.Entry(2, "bob", 7.5));

        ScoreEvents events = context.getBean(ScoreEvents.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.recent().contains("bob +4.5 = 7.5"));
    }

    private static void deleteKeys(StringRedisTemplate redis, String prefix) {
        Set<String> keys = new java.util.HashSet<>();
        try (var cursor = redis.scan(ScanOptions.scanOptions().match(prefix + "*").count(1000).build())) {
            cursor.forEachRemaining(keys::add);
        }
        if (!keys.isEmpty()) {
            redis.delete(keys);
        }
    }
}
