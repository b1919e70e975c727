package dev.redisinside.engine;

/**
 * Runs the server from the command line so that redis-cli and redis-benchmark can talk to it:
 * {@code java -jar redis-inside-server.jar --port 6380 [--bind 127.0.0.1] [--requirepass secret]
 * [--databases 16] [--<config-parameter> <value> ...]}.
 */
public final class StandaloneServer {

    private StandaloneServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Netty's default leak detection records a stack trace for a sample of buffers on the hot path; the
        // standalone server owns its JVM, so it turns that off unless the user asked for a level.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        // like redis-server: the dump in dir (the working directory by default) is loaded at start
        EmbeddedRedisServer.Builder builder = EmbeddedRedisServer.builder().port(6379).loadDumpAtStart(true)
                .setting("dir", System.getProperty("user.dir"));
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("-h") || option.equals("--help")) {
                System.out.println("Usage: java -jar redis-inside-server.jar [--port 6379] [--bind 127.0.0.1] "
                        + "[--requirepass <password>] [--databases 16] [--<config-parameter> <value> ...]");
                return;
            }
            if (!option.startsWith("--") || i + 1 >= args.length) {
                System.err.println("Bad option '" + option + "'. Try --help.");
                System.exit(2);
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> builder.port(Integer.parseInt(value));
                case "--bind" -> builder.bind(value);
                case "--requirepass" -> builder.password(value);
                case "--databases" -> builder.databases(Integer.parseInt(value));
                default -> builder.setting(option.substring(2), value);
            }
        }
        EmbeddedRedisServer server = builder.build();
        server.start();
        System.out.println("redis-inside " + dev.redisinside.engine.server.RedisEngine.VERSION
                + "-compatible server listening on " + server.host() + ":" + server.port()
                + (server.tlsPort() > 0 ? " (TLS on port " + server.tlsPort() + ")" : ""));
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "redis-inside-shutdown"));
        // Like redis-server, the process ends when a client sends SHUTDOWN (the engine closes its port).
        while (server.isRunning()) {
            Thread.sleep(200);
        }
        server.stop();
    }
}
