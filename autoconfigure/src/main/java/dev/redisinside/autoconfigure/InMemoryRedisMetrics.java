package dev.redisinside.autoconfigure;

import dev.redisinside.engine.EmbeddedRedisServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters of the embedded server: {@code redis.inside.connections} (connected clients),
 * {@code redis.inside.commands} (commands executed), {@code redis.inside.keys} (keys in all databases),
 * {@code redis.inside.keys.expired}, {@code redis.inside.keys.evicted} and {@code redis.inside.memory.used} (INFO's
 * used_memory, the figure {@code maxmemory} applies to).
 */
public class InMemoryRedisMetrics implements MeterBinder {

    private final EmbeddedRedisServer server;

    public InMemoryRedisMetrics(EmbeddedRedisServer server) {
        this.server = server;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("redis.inside.connections", this, m -> m.stats().connectedClients())
            .description("Clients connected to the embedded Redis server")
            .register(registry);
        Gauge.builder("redis.inside.keys", this, m -> m.stats().keys())
            .description("Keys in all databases of the embedded Redis server")
            .register(registry);
        Gauge.builder("redis.inside.memory.used", this, m -> m.stats().usedMemory())
            .description("Memory the embedded Redis server accounts to its data, as Redis's used_memory")
            .baseUnit("bytes")
            .register(registry);
        FunctionCounter.builder("redis.inside.commands", this, m -> m.stats().totalCommands())
            .description("Commands executed by the embedded Redis server")
            .register(registry);
        FunctionCounter.builder("redis.inside.keys.expired", this, m -> m.stats().expiredKeys())
            .description("Keys the embedded Redis server expired")
            .register(registry);
        FunctionCounter.builder("redis.inside.keys.evicted", this, m -> m.stats().evictedKeys())
            .description("Keys the embedded Redis server evicted")
            .register(registry);
    }

    /** Zeros once the server has stopped (a meter may be read after the context closed). */
    private EmbeddedRedisServer.Stats stats() {
        return this.server.isRunning() ? this.server.stats() : new EmbeddedRedisServer.Stats(0, 0, 0, 0, 0, 0, 0);
    }
}
