package dev.redisinside.engine.support;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis for tests that compare with the reference: a private {@code redis-server} on a free
 * loopback port, started from the machine's binary. Where there is none the test is skipped, unless
 * {@code -Dredis.required=true} (set by .ci/run), which makes it fail instead.
 */
public final class RealRedis implements AutoCloseable {

    private final Process process;
    private final int port;

    private RealRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static boolean required() {
        return Boolean.getBoolean("redis.required");
    }

    /** Starts a private redis-server, or skips (fails when required) if the binary is missing. */
    public static RealRedis startOrSkip() {
        return startOrSkip(new String[0]);
    }

    /** As {@link #startOrSkip()}, with more {@code --name value} options for redis-server. */
    public static RealRedis startOrSkip(String... options) {
        String binary = findBinary();
        if (binary == null) {
            if (required()) {
                throw new IllegalStateException("redis-server is required (-Dredis.required=true) but not on the PATH");
            }
            Assumptions.abort("redis-server is not installed");
        }
        try {
            int port = freePort();
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(binary, "--port",
                    Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                    "--loglevel", "warning"));
            command.addAll(java.util.List.of(options));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!RawClient.isListening("127.0.0.1", port)) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    process.destroyForcibly();
                    throw new IllegalStateException("redis-server did not start on port " + port);
                }
                Thread.sleep(20);
            }
            return new RealRedis(process, port);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start redis-server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The shared Redis at 127.0.0.1:6379, or skip (fail when required) if none answers. */
    public static void assumeSharedRedis() {
        if (!RawClient.isListening("127.0.0.1", 6379)) {
            if (required()) {
                throw new IllegalStateException("A Redis at 127.0.0.1:6379 is required (-Dredis.required=true)");
            }
            Assumptions.abort("No Redis at 127.0.0.1:6379");
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static String findBinary() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, "redis-server");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        for (String fallback : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (new File(fallback).canExecute()) {
                return fallback;
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
