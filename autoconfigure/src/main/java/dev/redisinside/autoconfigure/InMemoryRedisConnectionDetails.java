package dev.redisinside.autoconfigure;

import dev.redisinside.engine.EmbeddedRedisServer;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.util.StringUtils;

/**
 * Connection details of the embedded server: Spring Boot's Lettuce or Jedis configuration builds its
 * connection factory from these, the way it does for a Testcontainers or Docker Compose service.
 */
public final class InMemoryRedisConnectionDetails implements DataRedisConnectionDetails {

    private final EmbeddedRedisServer server;

    private final InMemoryRedisProperties properties;

    private final int database;

    InMemoryRedisConnectionDetails(EmbeddedRedisServer server, InMemoryRedisProperties properties, int database) {
        this.server = server;
        this.properties = properties;
        this.database = database;
    }

    @Override
    public String getUsername() {
        return StringUtils.hasLength(this.properties.getUsername()) ? this.properties.getUsername() : null;
    }

    @Override
    public String getPassword() {
        return StringUtils.hasLength(this.properties.getPassword()) ? this.properties.getPassword() : null;
    }

    @Override
    public Standalone getStandalone() {
        return Standalone.of(connectHost(this.properties.getBindAddress()), this.server.port(), this.database);
    }

    /** Clients reach a server bound to every interface through the loopback address. */
    static String connectHost(String bindAddress) {
        if (!StringUtils.hasText(bindAddress) || "0.0.0.0".equals(bindAddress) || "::".equals(bindAddress)
                || "*".equals(bindAddress)) {
            return "127.0.0.1";
        }
        return bindAddress;
    }

    @Override
    public String toString() {
        return "InMemoryRedisConnectionDetails[" + connectHost(this.properties.getBindAddress()) + ":"
                + this.server.port() + "/" + this.database + "]";
    }
}
