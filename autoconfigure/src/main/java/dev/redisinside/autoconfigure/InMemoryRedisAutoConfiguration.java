package dev.redisinside.autoconfigure;

import dev.redisinside.engine.EmbeddedRedisServer;
import dev.redisinside.engine.server.RedisEngine;

import java.net.BindException;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;

/**
 * With {@code cache.in-memory=true}: starts an embedded Redis server and points Spring Boot's own Redis
 * auto-configuration (Lettuce or Jedis, with every {@code spring.data.redis.*} client setting) at it.
 * Without the switch this registers nothing and the application talks to its managed Redis.
 * <p>
 * Lifecycle: the server binds its port in its bean method, and every {@link RedisConnectionFactory}
 * bean depends on it, so it is listening before any factory exists and is stopped only after every
 * factory (and everything using one, such as listener containers) has been destroyed. It is not a
 * {@code Lifecycle} bean, so it stays bound while the test framework pauses a cached context.
 * <p>
 * Its {@link InMemoryRedisConnectionDetails} are {@code @Primary}, so they win over the properties-based,
 * Docker Compose and Testcontainers ones; an application's own {@code RedisStandaloneConfiguration} bean is
 * pointed at the server too. Settings that cannot apply (TLS, a missing database, an unknown user, a port
 * in use) fail the start with an {@link InMemoryRedisStartupException}.
 */
@AutoConfiguration(beforeName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
        "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration" })
@ConditionalOnClass(EmbeddedRedisServer.class)
@ConditionalOnBooleanProperty(InMemoryRedisAutoConfiguration.SWITCH)
@EnableConfigurationProperties(InMemoryRedisProperties.class)
public final class InMemoryRedisAutoConfiguration {

    /** The property that turns the embedded server on. */
    public static final String SWITCH = "cache.in-memory";

    /** The name of the {@link EmbeddedRedisServer} bean. */
    public static final String SERVER_BEAN_NAME = "embeddedRedisServer";

    /** The Environment property holding the port the server listens on. */
    public static final String PORT_PROPERTY = "local.cache.embedded.port";

    private static final String PROPERTY_SOURCE_NAME = "local.cache.embedded";

    private static final Log logger = LogFactory.getLog(InMemoryRedisAutoConfiguration.class);

    @Bean(name = SERVER_BEAN_NAME, destroyMethod = "stop")
    EmbeddedRedisServer embeddedRedisServer(InMemoryRedisProperties properties, ApplicationContext context,
            ObjectProvider<SslBundles> sslBundles) {
        ClientSettings.check(context.getEnvironment(), properties);
        EmbeddedRedisServer server = build(properties, serverBundle(properties, sslBundles));
        start(server, properties);
        publishPort(context, server.port());
        if (logger.isInfoEnabled()) {
            logger.info("Embedded Redis server (Redis " + RedisEngine.VERSION + " compatible) listening on "
                    + properties.getBindAddress() + ":" + server.port() + " with " + properties.getDatabases()
                    + " databases (" + SWITCH + "=true)");
        }
        return server;
    }

    private static void start(EmbeddedRedisServer server, InMemoryRedisProperties properties) {
        try {
            server.start();
        }
        catch (Exception ex) {
            for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException) {
                    throw new InMemoryRedisStartupException("The embedded Redis server could not listen on "
                            + properties.getBindAddress() + ":" + properties.getPort() + ": " + cause.getMessage(),
                            "Stop the process that uses port " + properties.getPort() + ", or set cache.embedded.port "
                                    + "to another port (0 picks a free one).",
                            ex);
                }
            }
            throw ex;
        }
    }

    /** The SSL bundle named by cache.embedded.ssl.bundle, or null. */
    static SslBundle serverBundle(InMemoryRedisProperties properties, ObjectProvider<SslBundles> sslBundles) {
        String name = properties.getSsl().getBundle();
        if (name == null || name.isEmpty()) {
            return null;
        }
        SslBundles bundles = sslBundles.getIfAvailable();
        if (bundles == null) {
            throw new InMemoryRedisStartupException("cache.embedded.ssl.bundle=" + name + ", but there are no SSL "
                    + "bundles", "Define the bundle under spring.ssl.bundle.");
        }
        return bundles.getBundle(name);
    }

    static EmbeddedRedisServer build(InMemoryRedisProperties properties) {
        return build(properties, null);
    }

    static EmbeddedRedisServer build(InMemoryRedisProperties properties, SslBundle serverBundle) {
        EmbeddedRedisServer.Builder builder = EmbeddedRedisServer.builder()
            .port(properties.getPort())
            .bind(properties.getBindAddress())
            .password(properties.getPassword())
            .databases(properties.getDatabases());
        if (properties.getMaxmemory() != null) {
            builder.setting("maxmemory", Long.toString(properties.getMaxmemory().toBytes()));
        }
        if (properties.getMaxmemoryPolicy() != null) {
            builder.setting("maxmemory-policy", properties.getMaxmemoryPolicy().redisName());
        }
        if (properties.getMaxKeys() != null) {
            builder.maxKeys(properties.getMaxKeys());
        }
        if (serverBundle != null) {
            builder.tls(0, serverBundle.getManagers().getKeyManagerFactory(), null);
        }
        String username = properties.getUsername();
        if (username != null && !username.isEmpty() && !"default".equals(username)) {
            builder.user(username, properties.getPassword());
        }
        return builder.build();
    }

    /** Publishes the port as {@value #PORT_PROPERTY} in this context's Environment and its parents'. */
    private static void publishPort(ApplicationContext context, int port) {
        if (context instanceof ConfigurableApplicationContext configurable) {
            MutablePropertySources sources = configurable.getEnvironment().getPropertySources();
            getPortsMap(sources).put(PORT_PROPERTY, port);
        }
        if (context.getParent() != null) {
            publishPort(context.getParent(), port);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> getPortsMap(MutablePropertySources sources) {
        PropertySource<?> propertySource = sources.get(PROPERTY_SOURCE_NAME);
        if (propertySource == null) {
            propertySource = new MapPropertySource(PROPERTY_SOURCE_NAME, new HashMap<>());
            sources.addFirst(propertySource);
        }
        return (Map<String, Object>) propertySource.getSource();
    }

    /** Actuator: a health component saying Redis is the embedded server, and where. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {

        /** Nested, so that its condition's annotation is read only when Spring Boot's health module is present. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnEnabledHealthIndicator("inmemoryredis")
        static class HealthIndicatorConfiguration {

            @Bean
            @ConditionalOnMissingBean(name = "inMemoryRedisHealthIndicator")
            InMemoryRedisHealthIndicator inMemoryRedisHealthIndicator(EmbeddedRedisServer embeddedRedisServer) {
                return new InMemoryRedisHealthIndicator(embeddedRedisServer);
            }
        }
    }

    /** Micrometer: connections, commands and keys of the embedded server. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        InMemoryRedisMetrics inMemoryRedisMetrics(EmbeddedRedisServer embeddedRedisServer) {
            return new InMemoryRedisMetrics(embeddedRedisServer);
        }
    }

    /** Points Spring Boot's Redis client configuration at the embedded server. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ DataRedisConnectionDetails.class, RedisConnectionFactory.class })
    static class ConnectionDetailsConfiguration {

        /** Primary, so that it wins over Docker Compose and Testcontainers service connections. */
        @Bean
        @Primary
        InMemoryRedisConnectionDetails inMemoryRedisConnectionDetails(EmbeddedRedisServer embeddedRedisServer,
                InMemoryRedisProperties properties, Environment environment, ObjectProvider<SslBundles> sslBundles) {
            return new InMemoryRedisConnectionDetails(embeddedRedisServer, properties,
                    ClientSettings.database(environment), ClientSettings.clientBundle(environment, properties, sslBundles));
        }

        @Bean
        static ConnectionFactoryDependsOnServer redisConnectionFactoryDependsOnEmbeddedRedisServer() {
            return new ConnectionFactoryDependsOnServer(RedisConnectionFactory.class);
        }

        @Bean
        static ConnectionFactoryDependsOnServer reactiveRedisConnectionFactoryDependsOnEmbeddedRedisServer() {
            return new ConnectionFactoryDependsOnServer(ReactiveRedisConnectionFactory.class);
        }

        @Bean
        static StandaloneConfigurationRepointer embeddedRedisStandaloneConfigurationRepointer(
                ObjectProvider<InMemoryRedisConnectionDetails> connectionDetails) {
            return new StandaloneConfigurationRepointer(connectionDetails);
        }
    }

    /**
     * Points an application's own {@link RedisStandaloneConfiguration} beans (which Spring Boot prefers
     * over any connection details) at the embedded server, keeping their database index: with the
     * switch on, the managed Redis they describe is the one being replaced.
     */
    static final class StandaloneConfigurationRepointer implements BeanPostProcessor {

        private final ObjectProvider<InMemoryRedisConnectionDetails> connectionDetails;

        StandaloneConfigurationRepointer(ObjectProvider<InMemoryRedisConnectionDetails> connectionDetails) {
            this.connectionDetails = connectionDetails;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof RedisStandaloneConfiguration configuration) {
                InMemoryRedisConnectionDetails details = this.connectionDetails.getObject();
                DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
                if (logger.isDebugEnabled()) {
                    logger.debug("Pointing RedisStandaloneConfiguration bean '" + beanName + "' at the embedded "
                            + "Redis server " + standalone.getHost() + ":" + standalone.getPort());
                }
                configuration.setHostName(standalone.getHost());
                configuration.setPort(standalone.getPort());
                configuration.setUsername(details.getUsername());
                configuration.setPassword(RedisPassword.of(details.getPassword()));
            }
            return bean;
        }
    }

    /** Makes every bean of the type (including users' own factories) depend on the server bean. */
    static final class ConnectionFactoryDependsOnServer extends AbstractDependsOnBeanFactoryPostProcessor {

        ConnectionFactoryDependsOnServer(Class<?> type) {
            super(type, SERVER_BEAN_NAME);
        }
    }

    /** Checks the client settings that cannot apply to the embedded server, before it binds a port. */
    static final class ClientSettings {

        private ClientSettings() {
        }

        static void check(Environment environment, InMemoryRedisProperties properties) {
            Binder binder = Binder.get(environment);
            String url = binder.bind("spring.data.redis.url", String.class).orElse(null);
            boolean serverTls = properties.getSsl().getBundle() != null && !properties.getSsl().getBundle().isEmpty();
            if (url != null && url.regionMatches(true, 0, "rediss:", 0, 7) && !serverTls) {
                throw new InMemoryRedisStartupException("spring.data.redis.url uses rediss:// (TLS), but the embedded "
                        + "Redis server that " + SWITCH + "=true puts in its place has no certificate",
                        "Set cache.embedded.ssl.bundle to an SSL bundle with the server's key and certificate, or "
                                + "use a redis:// URL where " + SWITCH + " is true.");
            }
            if (binder.bind("spring.data.redis.ssl.enabled", Boolean.class).orElse(false) && !serverTls) {
                throw new InMemoryRedisStartupException("spring.data.redis.ssl.enabled=true, but the embedded Redis "
                        + "server that " + SWITCH + "=true puts in its place has no certificate",
                        "Set cache.embedded.ssl.bundle to an SSL bundle with the server's key and certificate, or "
                                + "spring.data.redis.ssl.enabled=false where " + SWITCH + " is true.");
            }
            int database = database(environment);
            if (database < 0 || database >= properties.getDatabases()) {
                throw new InMemoryRedisStartupException("spring.data.redis.database=" + database + " does not exist "
                        + "on the embedded Redis server, which has " + properties.getDatabases() + " databases",
                        "Set cache.embedded.databases to more than " + database + ", or choose another "
                                + "spring.data.redis.database.");
            }
            String username = properties.getUsername();
            if (username != null && !username.isEmpty() && !username.chars().allMatch(c -> c > ' ' && c != 127)) {
                throw new InMemoryRedisStartupException("cache.embedded.username='" + username + "': Redis user names "
                        + "cannot contain spaces or control characters", "Choose another cache.embedded.username.");
            }
        }

        /**
         * The bundle clients trust when they use TLS (spring.data.redis.ssl.enabled or a rediss:// URL) and the
         * server has one: spring.data.redis.ssl.bundle, else the server's own bundle; null for plain TCP.
         */
        static SslBundle clientBundle(Environment environment, InMemoryRedisProperties properties,
                ObjectProvider<SslBundles> sslBundles) {
            SslBundle server = serverBundle(properties, sslBundles);
            if (server == null) {
                return null;
            }
            Binder binder = Binder.get(environment);
            String url = binder.bind("spring.data.redis.url", String.class).orElse(null);
            boolean clientTls = binder.bind("spring.data.redis.ssl.enabled", Boolean.class).orElse(false)
                    || (url != null && url.regionMatches(true, 0, "rediss:", 0, 7));
            if (!clientTls) {
                return null;
            }
            String name = binder.bind("spring.data.redis.ssl.bundle", String.class).orElse(null);
            return (name == null || name.isEmpty()) ? server : sslBundles.getObject().getBundle(name);
        }

        static int database(Environment environment) {
            return Binder.get(environment).bind("spring.data.redis.database", Integer.class).orElse(0);
        }
    }
}
