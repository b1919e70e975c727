package dev.redisinside.autoconfigure;

import dev.redisinside.engine.EmbeddedRedisServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts and closes 50 differently configured contexts: every server thread and port is released. */
class ManyContextsTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(InMemoryRedisAutoConfiguration.class, DataRedisAutoConfiguration.class));

    @Test
    void fiftyContextsReleaseThreadsAndPorts() throws IOException {
        List<Thread> before = serverThreads();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int databases = 1 + (i % 16);
            List<String> properties = new ArrayList<>(List.of("cache.in-memory=true",
                    "cache.embedded.databases=" + databases, "spring.data.redis.database=" + (i % databases)));
            if (i % 3 == 0) {
                properties.add("cache.embedded.password=pw" + i);
            }
            if (i % 5 == 0) {
                properties.add("cache.embedded.maxmemory=" + (i + 1) + "MB");
            }
            this.contextRunner.withPropertyValues(properties.toArray(String[]::new)).run(context -> {
                ports.add(context.getBean(EmbeddedRedisServer.class).port());
                StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
                template.opsForValue().set("k", "v");
                assertThat(template.opsForValue().get("k")).isEqualTo("v");
            });
        }
        assertThat(ports).hasSize(50);
        // Servers of other test classes' cached contexts may still run: only the ones started here must be gone.
        List<Thread> leaked = new ArrayList<>(serverThreads());
        leaked.removeAll(before);
        assertThat(leaked).isEmpty();
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress("127.0.0.1", port));
            }
        }
    }

    private static List<Thread> serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().startsWith("redis-inside-"))
            .toList();
    }
}
