package dev.redisinside.autoconfigure;

import dev.redisinside.engine.EmbeddedRedisServer;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.StringUtils;

/**
 * Connection details of the embedded server: Spring Boot's Lettuce or Jedis configuration builds its
 * connection factory from these, the way it does for a Testcontainers or Docker Compose service.
 */
public final class InMemoryRedisConnectionDetails implements DataRedisConnectionDetails {

    private final EmbeddedRedisServer server;

    private final InMemoryRedisProperties properties;

    private final int database;

    private final SslBundle sslBundle;

    InMemoryRedisConnectionDetails(EmbeddedRedisServer server, InMemoryRedisProperties properties, int database) {
        this(server, properties, database, null);
    }

    /** With {@code sslBundle} non-null, clients connect to the server's TLS port trusting that bundle. */
    InMemoryRedisConnectionDetails(EmbeddedRedisServer server, InMemoryRedisProperties properties, int database,
            SslBundle sslBundle) {
        this.server = server;
        this.properties = properties;
        this.database = database;
        this.sslBundle = sslBundle;
    }

    @Override
    public SslBundle getSslBundle() {
        return this.sslBundle;
    }

    private int clientPort() {
        return this.sslBundle != null ? this.server.tlsPort() : this.server.port();
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
        return Standalone.of(connectHost(this.properties.getBindAddress()), clientPort(), this.database);
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
                + clientPort() + "/" + this.database + (this.sslBundle != null ? ", TLS" : "") + "]";
    }
}
