package dev.redisinside.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Tuning of the embedded Redis server that {@code cache.in-memory=true} starts. The switch itself is
 * not here: it is the sibling property {@code cache.in-memory}, so turning the server on or off never
 * depends on these settings.
 */
@ConfigurationProperties("cache.embedded")
public class InMemoryRedisProperties {

    /**
     * Port of the embedded Redis server. 0 picks a free port; the port in use is published as
     * 'local.cache.embedded.port'.
     */
    private int port = 0;

    /**
     * Address the embedded Redis server listens on.
     */
    private String bindAddress = "127.0.0.1";

    /**
     * User name clients authenticate as. Other than 'default', the embedded server creates this ACL
     * user at start with the password and every permission.
     */
    private String username;

    /**
     * Password of the embedded server's default user (Redis's 'requirepass'), and of the user named
     * by 'username'. Empty means no authentication.
     */
    private String password;

    /**
     * Number of databases.
     */
    private int databases = 16;

    /**
     * Maximum number of keys per database (not a Redis setting): a write that would add one more first evicts
     * a key of that database as 'maxmemory-policy' chooses, or the least recently used one when the policy
     * chooses none (noeviction, volatile-* without keys with a time to live). Unbounded when not set.
     */
    private Long maxKeys;

    /**
     * Memory limit of the embedded server (Redis's 'maxmemory'), checked before every command against its
     * used_memory: Redis's startup figure plus an estimate of the data in Redis's own terms (what MEMORY USAGE
     * reports per key), not the JVM heap. Unlimited when not set.
     */
    private DataSize maxmemory;

    /**
     * How the embedded server makes room when 'maxmemory' is reached, as in Redis: evict by LRU, LFU, at
     * random or nearest expiry, among all keys or those with a time to live, or refuse writes with OOM
     * (noeviction, the default).
     */
    private MaxmemoryPolicy maxmemoryPolicy;

    private final Ssl ssl = new Ssl();

    public Ssl getSsl() {
        return this.ssl;
    }

    public int getPort() {
        return this.port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getBindAddress() {
        return this.bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public String getUsername() {
        return this.username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return this.password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public int getDatabases() {
        return this.databases;
    }

    public void setDatabases(int databases) {
        this.databases = databases;
    }

    public Long getMaxKeys() {
        return this.maxKeys;
    }

    public void setMaxKeys(Long maxKeys) {
        this.maxKeys = maxKeys;
    }

    public DataSize getMaxmemory() {
        return this.maxmemory;
    }

    public void setMaxmemory(DataSize maxmemory) {
        this.maxmemory = maxmemory;
    }

    public MaxmemoryPolicy getMaxmemoryPolicy() {
        return this.maxmemoryPolicy;
    }

    public void setMaxmemoryPolicy(MaxmemoryPolicy maxmemoryPolicy) {
        this.maxmemoryPolicy = maxmemoryPolicy;
    }

    /** Redis's {@code maxmemory-policy} values. */
    public enum MaxmemoryPolicy {

        /** Reject writes when the limit is reached (Redis's default). */
        NOEVICTION("noeviction"),

        /** Evict the least recently used keys. */
        ALLKEYS_LRU("allkeys-lru"),

        /** Evict the least frequently used keys. */
        ALLKEYS_LFU("allkeys-lfu"),

        /** Evict random keys. */
        ALLKEYS_RANDOM("allkeys-random"),

        /** Evict the least recently used keys among those with a TTL. */
        VOLATILE_LRU("volatile-lru"),

        /** Evict the least frequently used keys among those with a TTL. */
        VOLATILE_LFU("volatile-lfu"),

        /** Evict random keys among those with a TTL. */
        VOLATILE_RANDOM("volatile-random"),

        /** Evict the keys with the nearest expiry. */
        VOLATILE_TTL("volatile-ttl");

        private final String redisName;

        MaxmemoryPolicy(String redisName) {
            this.redisName = redisName;
        }

        /** The value as Redis's CONFIG SET takes it. */
        public String redisName() {
            return this.redisName;
        }
    }

    /** TLS of the embedded server. */
    public static class Ssl {

        /**
         * Name of the SSL bundle holding the embedded server's key and certificate. When set, the server
         * also listens for TLS on a free port, and clients that use TLS (spring.data.redis.ssl.enabled or a
         * rediss:// URL) are pointed at it, trusting spring.data.redis.ssl.bundle or else this bundle.
         */
        private String bundle;

        public String getBundle() {
            return this.bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }
    }
}
