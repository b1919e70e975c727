package dev.redisinside.autoconfigure;

import dev.redisinside.engine.EmbeddedRedisServer;
import dev.redisinside.engine.server.RedisEngine;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Says that Redis is the embedded server and where it listens (component {@code inMemoryRedis}), next to
 * Spring Boot's own {@code redis} indicator, which checks it through the connection factory as usual.
 */
public class InMemoryRedisHealthIndicator extends AbstractHealthIndicator {

    private final EmbeddedRedisServer server;

    public InMemoryRedisHealthIndicator(EmbeddedRedisServer server) {
        super("Embedded Redis server health check failed");
        this.server = server;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!this.server.isRunning()) {
            builder.down().withDetail("server", "redis-inside (embedded, stopped)");
            return;
        }
        EmbeddedRedisServer.Stats stats = this.server.stats();
        builder.up()
            .withDetail("server", "redis-inside (embedded)")
            .withDetail("version", RedisEngine.VERSION)
            .withDetail("address", InMemoryRedisConnectionDetails.connectHost(this.server.host()) + ":" + this.server.port())
            .withDetail("databases", this.server.config().databases)
            .withDetail("keys", stats.keys())
            .withDetail("connectedClients", stats.connectedClients());
    }
}
