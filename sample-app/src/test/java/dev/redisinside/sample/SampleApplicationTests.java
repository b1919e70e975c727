package dev.redisinside.sample;

import java.time.Duration;
import java.util.List;

import dev.redisinside.autoconfigure.test.AutoConfigureInMemoryRedis;
import dev.redisinside.engine.EmbeddedRedisServer;
import dev.redisinside.sample.catalog.Product;
import dev.redisinside.sample.catalog.ProductCatalog;
import dev.redisinside.sample.leaderboard.Leaderboard;
import dev.redisinside.sample.players.Player;
import dev.redisinside.sample.players.PlayerRepository;
import dev.redisinside.sample.ratelimit.RateLimiter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app's Redis uses, on the embedded server: no Docker, no Redis installed. Tests of commands
 * the engine does not implement yet are skipped (see {@link EngineSupport}); events are in {@link ScoreEventsTests}.
 */
@SpringBootTest(properties = { "sample.rate-limit.requests=3", "sample.rate-limit.window=60s",
        "sample.events.enabled=false" })
@AutoConfigureInMemoryRedis
class SampleApplicationTests {

    @Autowired
    EmbeddedRedisServer server;

    @Autowired
    ProductCatalog catalog;

    @Autowired
    RateLimiter rateLimiter;

    @Autowired
    Leaderboard leaderboard;

    @Autowired
    PlayerRepository players;

    @BeforeEach
    void flush() {
        this.server.flushAll();
    }

    @Test
    void productsAreCachedInRedis() {
        long before = this.catalog.loads();
        Product first = this.catalog.find("42");
        Product second = this.catalog.find("42");
        assertThat(second).isEqualTo(first);
        assertThat(this.catalog.loads()).isEqualTo(before + 1);
        assertThat(this.server.keys()).contains("products::42");
    }

    @Test
    void cachedProductsExpireWithTheConfiguredTtl() {
        this.catalog.find("7");
        Duration ttl = this.server.ttl("products::7");
        org.junit.jupiter.api.Assumptions.assumeTrue(ttl != null, "the embedded server ignores SET PX yet");
        assertThat(ttl).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10));
        long loads = this.catalog.loads();
        this.server.fastForward(Duration.ofMinutes(11));
        this.catalog.find("7");
        assertThat(this.catalog.loads()).isEqualTo(loads + 1);
    }

    @Test
    void rateLimiterAllowsThreeRequestsPerWindowAndUser() {
        EngineSupport.assumeCommands(this.server, "incr", "expire");
        assertThat(this.rateLimiter.acquire("alice").remaining()).isEqualTo(2);
        this.rateLimiter.acquire("alice");
        assertThat(this.rateLimiter.acquire("alice").allowed()).isTrue();
        assertThat(this.rateLimiter.acquire("alice").allowed()).isFalse();
        assertThat(this.rateLimiter.acquire("bob").allowed()).isTrue();
        assertThat(this.server.ttl("rate:alice")).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
        this.server.fastForward(Duration.ofSeconds(61));
        assertThat(this.rateLimiter.acquire("alice").allowed()).isTrue();
    }

    @Test
    void leaderboardRanksByScore() {
        EngineSupport.assumeCommands(this.server, "zincrby", "zadd", "zrevrange");
        this.leaderboard.set("carol", 5);
        this.leaderboard.score("alice", 10);
        this.leaderboard.score("bob", 3);
        this.leaderboard.score("bob", 4.5);
        assertThat(this.leaderboard.top(2)).containsExactly(new Leaderboard.Entry(1, "alice", 10),
                new Leaderboard.Entry(2, "bob", 7.5));
    }

    @Test
    void playersAreStoredAsHashesAndFoundByCountry() {
        EngineSupport.assumeCommands(this.server, "hmset", "hgetall", "sadd", "smembers", "srem", "sinter", "del", "exists");
        this.players.save(new Player("p1", "Ada", "UK"));
        this.players.save(new Player("p2", "Grace", "US"));
        assertThat(this.players.findById("p1")).get().extracting(Player::getName).isEqualTo("Ada");
        List<Player> uk = this.players.findByCountry("UK");
        assertThat(uk).extracting(Player::getId).containsExactly("p1");
        assertThat(this.server.keys()).contains("players:p1", "players:p2", "players", "players:country:UK");
    }
}
