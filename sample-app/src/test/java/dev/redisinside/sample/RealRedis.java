package dev.redisinside.sample;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Assumptions;

/**
 * Real Redis servers for the fallback tests: the shared one at 127.0.0.1:6379, or a private three-master
 * Redis Cluster started from the machine's {@code redis-server} on free loopback ports. Missing ones skip
 * the test, unless {@code -Dredis.required=true} (set by .ci/run), which makes it fail instead.
 */
final class RealRedis {

    private RealRedis() {
    }

    static void assumeSharedRedis() {
        if (!isListening(6379)) {
            skipOrFail("A Redis at 127.0.0.1:6379");
        }
    }

    /** A setting of the Redis at 6379 ({@code CONFIG GET}). */
    static String config(String name) {
        try (RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
                StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().configGet(name).get(name);
        }
    }

    /** Changes a setting of the Redis at 6379 ({@code CONFIG SET}), to put back what a test changed. */
    static void setConfig(String name, String value) {
        try (RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
                StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().configSet(name, value);
        }
    }

    static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static void skipOrFail(String what) {
        if (Boolean.getBoolean("redis.required")) {
            throw new IllegalStateException(what + " is required (-Dredis.required=true)");
        }
        Assumptions.abort(what + " is not available");
    }

    private static String binary(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/bin", "/usr/local/bin"));
        for (String dir : dirs) {
            File candidate = new File(dir, name);
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return null;
    }

    /** A three-master Redis Cluster of private {@code redis-server} processes, torn down on close. */
    static final class Cluster implements AutoCloseable {

        private final List<Process> processes = new ArrayList<>();

        private final List<Integer> ports = new ArrayList<>();

        private final Path dir;

        private Cluster(Path dir) {
            this.dir = dir;
        }

        static Cluster startOrSkip() throws Exception {
            String server = binary("redis-server");
            String cli = binary("redis-cli");
            if (server == null || cli == null) {
                skipOrFail("redis-server and redis-cli");
            }
            Cluster cluster = new Cluster(Files.createTempDirectory("redis-inside-cluster"));
            try {
                for (int i = 0; i < 3; i++) {
                    int port = freeClusterPort(cluster.ports);
                    cluster.ports.add(port);
                    cluster.processes.add(new ProcessBuilder(server, "--port", Integer.toString(port), "--bind",
                            "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
                            "--dir", cluster.dir.toString(), "--save", "", "--appendonly", "no", "--loglevel", "warning")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start());
                }
                for (int port : cluster.ports) {
                    await(() -> isListening(port), "redis-server on port " + port);
                }
                List<String> create = new ArrayList<>(List.of(cli, "--cluster", "create"));
                cluster.ports.forEach(port -> create.add("127.0.0.1:" + port));
                create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
                Process creating = new ProcessBuilder(create).redirectErrorStream(true).start();
                String output = new String(creating.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!creating.waitFor(60, TimeUnit.SECONDS) || creating.exitValue() != 0) {
                    throw new IllegalStateException("redis-cli --cluster create failed: " + output);
                }
                for (int port : cluster.ports) {
                    await(() -> {
                        String info = clusterInfo(cli, port);
                        return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3")
                                && info.contains("cluster_size:3");
                    }, "all three masters known to node " + port);
                }
                return cluster;
            }
            catch (Exception | Error ex) {
                cluster.close();
                throw ex;
            }
        }

        /** The value of {@code spring.data.redis.cluster.nodes}. */
        String nodes() {
            return String.join(",", this.ports.stream().map(port -> "127.0.0.1:" + port).toList());
        }

        @Override
        public void close() {
            for (Process process : this.processes) {
                process.destroy();
            }
            for (Process process : this.processes) {
                try {
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
            }
            try (var files = Files.list(this.dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
                Files.deleteIfExists(this.dir);
            }
            catch (IOException ex) {
                // a leftover temporary directory is harmless
            }
        }

        private static String clusterInfo(String cli, int port) {
            try {
                Process process = new ProcessBuilder(cli, "-p", Integer.toString(port), "cluster", "info")
                    .redirectErrorStream(true)
                    .start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                process.waitFor(10, TimeUnit.SECONDS);
                return output;
            }
            catch (IOException ex) {
                return "";
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return "";
            }
        }

        /** A free port whose cluster bus port (+10000) is free too. */
        private static int freeClusterPort(List<Integer> taken) throws IOException {
            for (int attempt = 0; attempt < 100; attempt++) {
                int port;
                try (ServerSocket socket = new ServerSocket(0)) {
                    port = socket.getLocalPort();
                }
                if (port + 10000 > 65535 || taken.contains(port)) {
                    continue;
                }
                try (ServerSocket bus = new ServerSocket(port + 10000)) {
                    return port;
                }
                catch (IOException ex) {
                    // bus port in use: try another
                }
            }
            throw new IllegalStateException("No free port pair for a cluster node");
        }

        private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Timed out waiting for " + what);
                }
                Thread.sleep(50);
            }
        }
    }
}
