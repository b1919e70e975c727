package dev.redisinside.engine;

import dev.redisinside.engine.config.ServerConfig;
import dev.redisinside.engine.protocol.RespValues;
import dev.redisinside.engine.server.NettyServer;
import dev.redisinside.engine.server.RedisEngine;
import dev.redisinside.engine.server.TlsSetup;
import dev.redisinside.engine.store.KeyEntry;
import dev.redisinside.engine.store.ValueType;
import dev.redisinside.engine.time.ServerClock;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A Redis-compatible server running inside this JVM. Build it, {@link #start()} it (returns once the
 * port accepts connections), point any Redis client at {@link #port()}, and {@link #stop()} it, which
 * releases the port and every thread.
 *
 * <pre>{@code
 * EmbeddedRedisServer server = EmbeddedRedisServer.builder().port(0).build();
 * server.start();
 * ... connect to 127.0.0.1:server.port() ...
 * server.fastForward(Duration.ofMinutes(5)); // expire keys without waiting
 * server.stop();
 * }</pre>
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private final ServerConfig config;
    private final ServerClock clock = new ServerClock();
    private final TlsSetup tls;
    /** Users made at start (name to password), see {@link Builder#user}. */
    private final Map<String, String> users;
    private NettyServer server;

    private EmbeddedRedisServer(ServerConfig config, TlsSetup tls, Map<String, String> users) {
        this.config = config;
        this.tls = tls;
        this.users = users;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the port and starts the engine thread; does nothing if already started. */
    public synchronized EmbeddedRedisServer start() {
        if (server == null) {
            RedisEngine engine = new RedisEngine(config, clock);
            String aclFile = config.parameter("aclfile").getter().get();
            if (!aclFile.isEmpty()) {
                // like redis-server, an ACL file that does not load stops the start
                String errors = engine.acl().load(aclFile);
                if (errors != null) {
                    throw new IllegalStateException("Aborting startup because of ACL errors: " + errors);
                }
            }
            users.forEach((name, password) -> {
                String error = engine.acl().setUser(name,
                        List.of("on", password.isEmpty() ? "nopass" : ">" + password, "~*", "&*", "+@all"));
                if (error != null) {
                    throw new IllegalArgumentException("User '" + name + "': " + error);
                }
            });
            if (config.loadDumpAtStart) {
                try {
                    engine.loadRdb();
                } catch (java.io.IOException | dev.redisinside.engine.store.rdb.RdbFormatException | RuntimeException e) {
                    throw new IllegalStateException("Fatal error loading the DB from " + engine.rdbPath() + ": "
                            + e.getMessage(), e);
                }
            }
            NettyServer started = new NettyServer(engine, config.bind, config.port, tls);
            started.start();
            server = started;
        }
        return this;
    }

    /** Closes every connection, releases the port and stops every thread. Idempotent. */
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Whether the server accepts connections: false after {@link #stop()} or a client's SHUTDOWN. */
    public synchronized boolean isRunning() {
        return server != null && server.isRunning();
    }

    /** The port the server listens on (the bound one when configured with port 0). */
    public int port() {
        return running().port();
    }

    /** The TLS port (tls-port), or 0 when the server speaks no TLS. */
    public int tlsPort() {
        return running().tlsPort();
    }

    public String host() {
        return config.bind;
    }

    public ServerConfig config() {
        return config;
    }

    public ServerClock clock() {
        return clock;
    }

    /** Moves the server's clock forward: TTLs and blocking timeouts behave as if the time had passed. */
    public void fastForward(Duration duration) {
        clock.fastForward(duration);
        if (server != null) {
            server.onEngine(() -> {
                server.engine().clockMoved();
                return null;
            });
        }
    }

    /**
     * How many clients wait in blocking commands (BLPOP, BLMOVE, ...): lets a test wait until its consumer
     * is parked before producing.
     */
    public int blockedClients() {
        return running().onEngine(() -> running().engine().blocking().blockedCount());
    }

    /** Sets the server's clock to the instant. */
    public void setTime(Instant instant) {
        clock.setTime(instant);
    }

    /** Empties every database. */
    public void flushAll() {
        running().onEngine(() -> {
            server.engine().flushAll();
            return null;
        });
    }

    /**
     * Runs a command as a client would (in database 0, RESP3) and returns the reply as a value:
     * Long, byte[], String for status replies, List, {@link RespValues.Map}, {@link RespValues.Error}...
     */
    public Object execute(String... command) {
        return running().execute(0, command);
    }

    /** Runs a command in the given database; see {@link #execute(String...)}. */
    public Object execute(int database, String... command) {
        return running().execute(database, command);
    }

    /** Runs code on the engine thread, where it may read and change the keyspace atomically. */
    public <T> T onEngine(Callable<T> task) {
        return running().onEngine(task);
    }

    // ---- direct access for tests: arrange and check data without a client (database 0, UTF-8 text) ----

    /** The live keys of database 0, in no particular order. */
    public List<String> keys() {
        return onEngine(() -> {
            List<String> keys = new ArrayList<>();
            server.engine().database(0).forEachLive(entry -> keys.add(new String(entry.key(), StandardCharsets.UTF_8)));
            return keys;
        });
    }

    /** The string value of the key in database 0, or null if it does not exist; fails on another type. */
    public String get(String key) {
        return onEngine(() -> {
            KeyEntry entry = server.engine().database(0).entry(key.getBytes(StandardCharsets.UTF_8));
            if (entry == null) {
                return null;
            }
            if (entry.value() instanceof byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
            throw new IllegalStateException("Key '" + key + "' holds a " + ValueType.of(entry.value()).typeName()
                    + ", not a string");
        });
    }

    /** Sets the key in database 0 to the string value, as SET does (dropping any TTL). */
    public void set(String key, String value) {
        execute("SET", key, value);
    }

    /** The time to live of the key in database 0; null if the key does not exist or has no expiry. */
    public Duration ttl(String key) {
        return onEngine(() -> {
            RedisEngine engine = server.engine();
            KeyEntry entry = engine.database(0).entry(key.getBytes(StandardCharsets.UTF_8));
            if (entry == null || entry.expireAt() == KeyEntry.NO_EXPIRY) {
                return null;
            }
            return Duration.ofMillis(Math.max(0, entry.expireAt() - engine.now()));
        });
    }

    /** A snapshot of the server's counters, for health and metrics. */
    public Stats stats() {
        return onEngine(() -> {
            RedisEngine engine = server.engine();
            long keys = 0;
            for (int i = 0; i < engine.databaseCount(); i++) {
                keys += engine.database(i).size();
            }
            RedisEngine.Stats stats = engine.stats;
            return new Stats(engine.clients().size(), stats.totalConnections, stats.totalCommands, keys,
                    stats.expiredKeys, stats.evictedKeys, engine.usedMemory());
        });
    }

    /**
     * Connected clients, connections and commands since start, keys in all databases, expired and evicted keys,
     * and INFO's used_memory (the estimate that {@code maxmemory} is checked against).
     */
    public record Stats(int connectedClients, long totalConnections, long totalCommands, long keys, long expiredKeys,
            long evictedKeys, long usedMemory) {
    }

    private NettyServer running() {
        NettyServer s = server;
        if (s == null) {
            throw new IllegalStateException("The server is not running");
        }
        return s;
    }

    /** Options for a server, defaulting to a random port on 127.0.0.1 and 16 databases. */
    public static final class Builder {
        private int port = 0;
        private String bind = "127.0.0.1";
        private String password = "";
        private final Map<String, String> users = new LinkedHashMap<>();
        private int databases = 16;
        private long maxKeys = 0;
        private boolean loadDump;
        private KeyManagerFactory tlsKeys;
        private TrustManagerFactory tlsTrust;
        private final Map<String, String> settings = new LinkedHashMap<>();

        /**
         * TLS on {@code tlsPort} (0 picks a free one) with the given server certificate; with {@code clientTrust} non-null,
         * clients must present a certificate it trusts (tls-auth-clients yes), otherwise none is asked for.
         * Without this, the tls-* settings (PEM files) configure TLS as in Redis.
         */
        public Builder tls(int tlsPort, KeyManagerFactory serverKeys, TrustManagerFactory clientTrust) {
            if (tlsPort < 0 || serverKeys == null) {
                throw new IllegalArgumentException("tlsPort must not be negative and serverKeys must be given");
            }
            this.tlsKeys = serverKeys;
            this.tlsTrust = clientTrust;
            settings.put("tls-port", Integer.toString(tlsPort));
            settings.put("tls-auth-clients", clientTrust == null ? "no" : "yes");
            return this;
        }

        /** The port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder bind(String address) {
            this.bind = address;
            return this;
        }

        /**
         * An ACL user with every permission (on, all commands, keys and channels), made at start; an empty
         * password means nopass. For clients that authenticate with a user name ({@code AUTH user pass}).
         */
        public Builder user(String name, String password) {
            if (name == null || name.isEmpty() || dev.redisinside.engine.acl.Acl.hasSpaces(name)) {
                throw new IllegalArgumentException("Invalid user name: '" + name + "'");
            }
            users.put(bytesAsText(name), password == null ? "" : bytesAsText(password));
            return this;
        }

        /** The server keeps names and passwords as Latin-1 text of their bytes; clients send Java strings as UTF-8. */
        private static String bytesAsText(String text) {
            return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        }

        /** A password for the default user (Redis's {@code requirepass}). */
        public Builder password(String password) {
            this.password = password == null ? "" : bytesAsText(password);
            return this;
        }

        public Builder databases(int databases) {
            if (databases < 1) {
                throw new IllegalArgumentException("databases must be at least 1");
            }
            this.databases = databases;
            return this;
        }

        /**
         * At most this many keys per database (0, the default, is unbounded): before a write, the least
         * recently used of a few sampled keys is evicted, as Redis's approximated LRU does.
         */
        public Builder maxKeys(long maxKeys) {
            if (maxKeys < 0) {
                throw new IllegalArgumentException("maxKeys must not be negative");
            }
            this.maxKeys = maxKeys;
            return this;
        }

        /**
         * Whether {@link #start()} loads the RDB file at {@code dir}/{@code dbfilename} when one exists, as
         * redis-server does (off by default: tests should not see a dump an earlier run left behind). SAVE,
         * BGSAVE and SHUTDOWN SAVE write that file either way.
         */
        public Builder loadDumpAtStart(boolean load) {
            this.loadDump = load;
            return this;
        }

        /** Any other configuration parameter, as CONFIG SET would take it (e.g. {@code maxmemory 10mb}). */
        public Builder setting(String name, String value) {
            settings.put(name, value);
            return this;
        }

        public EmbeddedRedisServer build() {
            ServerConfig config = new ServerConfig();
            config.port = port;
            config.bind = bind;
            config.requirePass = password;
            config.databases = databases;
            config.maxKeys = maxKeys;
            config.loadDumpAtStart = loadDump;
            settings.forEach((name, value) -> {
                ServerConfig.Parameter parameter = config.parameter(name);
                if (parameter == null || parameter.setter() == null) {
                    throw new IllegalArgumentException("Unknown or read-only setting: " + name);
                }
                parameter.setter().accept(value);
            });
            return new EmbeddedRedisServer(config, new TlsSetup(tlsKeys, tlsTrust), new LinkedHashMap<>(users));
        }
    }
}
