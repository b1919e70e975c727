package dev.redisinside.autoconfigure;

import dev.redisinside.engine.EmbeddedRedisServer;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** cache.embedded.ssl.bundle: the embedded server speaks TLS and TLS clients are pointed at its TLS port. */
class InMemoryRedisTlsTests {

    @TempDir
    static Path dir;

    private static Path keyStore;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(InMemoryRedisAutoConfiguration.class, DataRedisAutoConfiguration.class,
                SslAutoConfiguration.class));

    /** A self-signed certificate for 127.0.0.1, made with the JDK's keytool (no library needed). */
    @BeforeAll
    static void certificate() throws Exception {
        keyStore = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", "secret", "-keypass", "secret", "-ext", "SAN=dns:localhost,ip:127.0.0.1")
            .redirectErrorStream(true)
            .start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("keytool").isTrue();
    }

    private String[] bundle(String... more) {
        String location = "file:" + keyStore;
        String[] base = { "cache.in-memory=true", "cache.embedded.ssl.bundle=server",
                "spring.ssl.bundle.jks.server.keystore.location=" + location,
                "spring.ssl.bundle.jks.server.keystore.password=secret",
                "spring.ssl.bundle.jks.server.keystore.type=PKCS12",
                "spring.ssl.bundle.jks.server.truststore.location=" + location,
                "spring.ssl.bundle.jks.server.truststore.password=secret",
                "spring.ssl.bundle.jks.server.truststore.type=PKCS12" };
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void lettuceSpeaksTlsToTheServersTlsPort() {
        this.contextRunner.withPropertyValues(bundle("spring.data.redis.ssl.enabled=true")).run(context -> {
            EmbeddedRedisServer server = context.getBean(EmbeddedRedisServer.class);
            assertThat(server.tlsPort()).isPositive().isNotEqualTo(server.port());
            LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
            assertThat(factory.isUseSsl()).isTrue();
            assertThat(factory.getPort()).isEqualTo(server.tlsPort());
            StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
            template.opsForValue().set("secure", "yes");
            assertThat(template.opsForValue().get("secure")).isEqualTo("yes");
            assertThat(server.get("secure")).isEqualTo("yes");
        });
    }

    @Test
    void jedisSpeaksTlsToTheServersTlsPort() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(io.lettuce.core.RedisClient.class))
            .withPropertyValues(bundle("spring.data.redis.ssl.enabled=true"))
            .run(context -> {
                EmbeddedRedisServer server = context.getBean(EmbeddedRedisServer.class);
                JedisConnectionFactory factory = context.getBean(JedisConnectionFactory.class);
                assertThat(factory.isUseSsl()).isTrue();
                assertThat(factory.getPort()).isEqualTo(server.tlsPort());
                StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
                template.opsForValue().set("secure", "jedis");
                assertThat(server.get("secure")).isEqualTo("jedis");
            });
    }

    @Test
    void redissUrlIsAcceptedWhenTheServerHasACertificate() {
        this.contextRunner.withPropertyValues(bundle("spring.data.redis.url=rediss://redis.example.com:6380"))
            .run(context -> {
                EmbeddedRedisServer server = context.getBean(EmbeddedRedisServer.class);
                assertThat(context.getBean(DataRedisConnectionDetails.class).getStandalone().getPort())
                    .isEqualTo(server.tlsPort());
                StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
                template.opsForValue().set("secure", "url");
                assertThat(server.get("secure")).isEqualTo("url");
            });
    }

    @Test
    void plainClientsKeepThePlainPortWhileTheServerAlsoSpeaksTls() {
        this.contextRunner.withPropertyValues(bundle()).run(context -> {
            EmbeddedRedisServer server = context.getBean(EmbeddedRedisServer.class);
            assertThat(server.tlsPort()).isPositive();
            LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
            assertThat(factory.isUseSsl()).isFalse();
            assertThat(factory.getPort()).isEqualTo(server.port());
            context.getBean(StringRedisTemplate.class).opsForValue().set("plain", "ok");
            assertThat(server.get("plain")).isEqualTo("ok");
        });
    }

    @Test
    void unknownBundleFailsTheStart() {
        this.contextRunner.withPropertyValues("cache.in-memory=true", "cache.embedded.ssl.bundle=missing")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("missing"));
    }
}
