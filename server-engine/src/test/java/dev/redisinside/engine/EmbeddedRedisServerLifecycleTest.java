package dev.redisinside.engine;

import dev.redisinside.engine.support.RawClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Servers come and go inside one JVM (a test suite, a Spring test-context cache): each must release its
 * port and every thread it started, and be usable as soon as {@code start()} returns.
 */
class EmbeddedRedisServerLifecycleTest {

    /** Threads the JVM, the test runner or Netty's shared helpers may start on their own. */
    private static final Pattern JVM_THREADS = Pattern.compile(
            "Attach Listener|Common-Cleaner|Signal Dispatcher|Finalizer|Reference Handler|Notification Thread"
                    + "|process reaper|ForkJoinPool.*|surefire.*|globalEventExecutor|ObjectCleanerThread"
                    + "|Keep-Alive-Timer|C[12] CompilerThread.*|Sweeper thread|JFR.*|RMI.*|JMX.*");

    @Test
    void twoHundredServersLeaveNoThreadAndNoPortBehind() throws Exception {
        EmbeddedRedisServer.builder().build().start().stop();   // loads classes and Netty's shared state
        Set<String> before = threadNames();

        List<Integer> ports = new ArrayList<>();
        long[] pongs = new long[200];
        for (int i = 0; i < 200; i++) {
            long started = System.nanoTime();
            EmbeddedRedisServer server = EmbeddedRedisServer.builder().port(0).build().start();
            try (RawClient client = new RawClient(server.port())) {
                assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
                pongs[i] = System.nanoTime() - started;
                assertThat(client.call("SET", "k", "v")).isEqualTo("+OK\r\n");
            }
            ports.add(server.port());
            server.stop();
        }
        long first = pongs[0];
        java.util.Arrays.sort(pongs);
        System.out.printf("start() to first PONG over 200 servers: first %.2f ms, median %.2f ms, slowest %.2f ms%n",
                first / 1e6, pongs[100] / 1e6, pongs[199] / 1e6);

        assertThat(leftoverThreads(before)).as("threads left behind").isEmpty();
        assertThat(new HashSet<>(ports)).as("distinct ports").hasSizeGreaterThan(1);
        for (int port : new TreeSet<>(ports)) {
            try (ServerSocket again = new ServerSocket()) {
                again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
        }
    }

    @Test
    void startReturnsOnlyOnceTheServerAnswers() {
        long started = System.nanoTime();
        EmbeddedRedisServer server = EmbeddedRedisServer.builder().build().start();
        try (RawClient client = new RawClient(server.port())) {
            assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
            System.out.printf("start() to first PONG in this JVM: %.2f ms%n", (System.nanoTime() - started) / 1e6);
        } finally {
            server.stop();
        }
    }

    @Test
    void stopIsIdempotentAndReleasesThePort() throws IOException {
        EmbeddedRedisServer server = EmbeddedRedisServer.builder().build().start();
        int port = server.port();
        assertThat(server.isRunning()).isTrue();
        server.stop();
        server.stop();
        server.close();
        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class);
        assertThat(RawClient.isListening("127.0.0.1", port)).isFalse();
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
        assertThat(server.start().isRunning()).as("a stopped server can start again").isTrue();
        server.stop();
    }

    @Test
    void startingOnAPortInUseFailsClearlyAndLeavesNoThread() throws Exception {
        EmbeddedRedisServer.builder().build().start().stop();
        Set<String> before = threadNames();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            EmbeddedRedisServer server = EmbeddedRedisServer.builder().port(taken.getLocalPort()).build();
            assertThatThrownBy(server::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("Address already in use")
                    .hasCauseInstanceOf(java.net.BindException.class);
            assertThat(server.isRunning()).isFalse();
            server.stop();
        }
        assertThat(leftoverThreads(before)).as("threads left behind").isEmpty();
    }

    private static Set<String> threadNames() {
        Set<String> names = new TreeSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive()) {
                names.add(thread.getName());
            }
        }
        return names;
    }

    /** Threads alive now that were not before, ignoring the JVM's own; waits briefly for exiting ones. */
    private static List<String> leftoverThreads(Set<String> before) throws InterruptedException {
        List<String> leftover = List.of();
        for (int attempt = 0; attempt < 50; attempt++) {
            leftover = new ArrayList<>();
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                String name = thread.getName();
                if (thread.isAlive() && !before.contains(name) && !JVM_THREADS.matcher(name).matches()) {
                    leftover.add(name);
                }
            }
            if (leftover.isEmpty()) {
                return leftover;
            }
            Thread.sleep(100);
        }
        return leftover;
    }
}
