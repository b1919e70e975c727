package dev.redisinside.autoconfigure.testapp;

import dev.redisinside.autoconfigure.InMemoryRedisAutoConfiguration;
import dev.redisinside.engine.EmbeddedRedisServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a DevTools restart does to the embedded server: the Restarter closes the application context and
 * immediately runs the application again on a new {@code restartedMain} thread. With a fixed
 * {@code cache.embedded.port}, the port must be free again at once (no "port in use"), no server thread may
 * survive the close, and a client connected before (like a {@code redis-cli} session) finds the server at
 * the same address after the restart.
 */
class RestartTests {

    @Test
    void restartWithFixedPortRebindsSameAddressAndLeaksNothing() throws Exception {
        int port = freePort();
        List<Thread> before = serverThreads();
        ConfigurableApplicationContext context = startOnRestartedMainThread(port);
        Socket client = connect(port);
        try {
            assertThat(command(client, "SET", "k", "v")).isEqualTo("+OK\r\n");
            for (int restart = 1; restart <= 3; restart++) {
                context.close();
                assertThat(serverThreads()).as("server threads after close").containsExactlyInAnyOrderElementsOf(before);
                assertThat(client.getInputStream().read()).as("the old connection is closed").isEqualTo(-1);
                context = startOnRestartedMainThread(port);
                assertThat(context.getBean(EmbeddedRedisServer.class).port()).isEqualTo(port);
                assertThat(context.getEnvironment().getProperty(InMemoryRedisAutoConfiguration.PORT_PROPERTY))
                    .isEqualTo(Integer.toString(port));
                // The client reconnects to the same address, as redis-cli does; the data is a new server's.
                client.close();
                client = connect(port);
                assertThat(command(client, "PING")).isEqualTo("+PONG\r\n");
                assertThat(command(client, "DBSIZE")).isEqualTo(":0\r\n");
                StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
                template.opsForValue().set("restart", Integer.toString(restart));
                assertThat(template.opsForValue().get("restart")).isEqualTo(Integer.toString(restart));
            }
        }
        finally {
            client.close();
            context.close();
        }
        assertThat(serverThreads()).containsExactlyInAnyOrderElementsOf(before);
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    /** Runs the application as the DevTools Restarter does: on a new thread named {@code restartedMain}. */
    private static ConfigurableApplicationContext startOnRestartedMainThread(int port) throws Exception {
        CompletableFuture<ConfigurableApplicationContext> started = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                started.complete(new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
                    .properties("cache.in-memory=true", "cache.embedded.port=" + port, "spring.main.banner-mode=off")
                    .run());
            }
            catch (Throwable ex) {
                started.completeExceptionally(ex);
            }
        }, "restartedMain");
        thread.start();
        ConfigurableApplicationContext context = started.get(60, TimeUnit.SECONDS);
        thread.join(10_000);
        return context;
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
        return socket;
    }

    /** Sends one command as a RESP array and returns the reply, assumed to be a single line. */
    private static String command(Socket socket, String... words) throws IOException {
        StringBuilder request = new StringBuilder("*").append(words.length).append("\r\n");
        for (String word : words) {
            request.append('$').append(word.length()).append("\r\n").append(word).append("\r\n");
        }
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder reply = new StringBuilder();
        while (!reply.toString().endsWith("\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            reply.append((char) b);
        }
        return reply.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static List<Thread> serverThreads() {
        return Thread.getAllStackTraces()
            .keySet()
            .stream()
            .filter(thread -> thread.getName().startsWith("redis-inside-") && thread.isAlive())
            .toList();
    }
}
