package dev.redisinside.engine.config;

import dev.redisinside.engine.pubsub.KeyspaceNotifier;
import dev.redisinside.engine.store.EncodingLimits;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The server's configuration parameters as CONFIG GET/SET see them. Each parameter has a name (and
 * aliases), a getter that renders the value as Redis does and a setter that validates like Redis.
 * Settings we accept but do not act on (persistence, replication) are kept so tools that set them work.
 */
public final class ServerConfig implements EncodingLimits {

    /** Thrown by a setter with the reason Redis gives; CONFIG SET wraps it in its error format. */
    public static final class InvalidValue extends RuntimeException {
        public InvalidValue(String message) {
            super(message, null, false, false);
        }
    }

    /** A parameter: its canonical name, aliases, and how to read and write it. */
    public record Parameter(String name, List<String> aliases, Supplier<String> getter, Consumer<String> setter,
            boolean immutable) {
    }

    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Parameter> byAlias = new LinkedHashMap<>();

    // Values the engine reads on its hot paths are plain fields.
    public volatile String requirePass = "";
    public volatile int databases = 16;
    public volatile long protoMaxBulkLen = 512L * 1024 * 1024;
    public volatile long maxmemory = 0;
    public volatile String maxmemoryPolicy = "noeviction";
    /** Whether {@link #maxmemoryPolicy} is an LFU one (read on every key access). */
    public volatile boolean lfuPolicy = false;
    public volatile int lfuLogFactor = 10;
    public volatile int lfuDecayTime = 1;
    public volatile int maxmemorySamples = 5;
    public volatile int hz = 10;
    public volatile long maxclients = 10000;
    public volatile long timeout = 0;
    public volatile long hashMaxListpackEntries = 512;
    public volatile long hashMaxListpackValue = 64;
    public volatile long setMaxIntsetEntries = 512;
    public volatile long setMaxListpackEntries = 128;
    public volatile long zsetMaxListpackEntries = 128;
    public volatile long zsetMaxListpackValue = 64;
    public volatile long listMaxListpackSize = -2;
    public volatile long listCompressDepth = 0;
    public volatile long busyReplyThreshold = 5000;
    public volatile long slowlogLogSlowerThan = 10000;
    public volatile long slowlogMaxLen = 128;
    public volatile long latencyMonitorThreshold = 0;
    /** The {@code notify-keyspace-events} classes as {@link KeyspaceNotifier} flag bits. */
    public volatile int notifyKeyspaceEvents = 0;
    private volatile OutputBufferLimit[] outputBufferLimits = {
            new OutputBufferLimit(0, 0, 0),
            new OutputBufferLimit(256L * 1024 * 1024, 64L * 1024 * 1024, 60),
            new OutputBufferLimit(32L * 1024 * 1024, 8L * 1024 * 1024, 60)};
    public volatile int port = 6379;
    public volatile String bind = "127.0.0.1";
    /** Keys per database before eviction (0 = unbounded); not a Redis parameter, so not in CONFIG. */
    public volatile long maxKeys = 0;

    /** Free-form parameters kept only so that CONFIG GET returns what CONFIG SET stored. */
    private final Map<String, String> passive = new LinkedHashMap<>();

    public ServerConfig() {
        define("requirepass", () -> requirePass, v -> requirePass = v);
        define("databases", () -> Integer.toString(databases), null);
        define("proto-max-bulk-len", () -> Long.toString(protoMaxBulkLen),
                v -> protoMaxBulkLen = memory(v, 1024 * 1024, Long.MAX_VALUE));
        define("maxmemory", () -> Long.toString(maxmemory), v -> maxmemory = memory(v, 0, Long.MAX_VALUE));
        define("maxmemory-policy", () -> maxmemoryPolicy, v -> {
            maxmemoryPolicy = oneOf(v, "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
                    "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction");
            lfuPolicy = maxmemoryPolicy.endsWith("-lfu");
        });
        define("lfu-log-factor", () -> Integer.toString(lfuLogFactor),
                v -> lfuLogFactor = (int) number(v, 0, Integer.MAX_VALUE));
        define("lfu-decay-time", () -> Integer.toString(lfuDecayTime),
                v -> lfuDecayTime = (int) number(v, 0, Integer.MAX_VALUE));
        define("maxmemory-samples", () -> Integer.toString(maxmemorySamples),
                v -> maxmemorySamples = (int) number(v, 1, 64));
        define("hz", () -> Integer.toString(hz), v -> hz = (int) Math.min(500, Math.max(1, number(v, 0, Integer.MAX_VALUE))));
        define("maxclients", () -> Long.toString(maxclients), v -> maxclients = number(v, 1, Integer.MAX_VALUE));
        define("timeout", () -> Long.toString(timeout), v -> timeout = number(v, 0, Integer.MAX_VALUE));
        define("hash-max-listpack-entries", List.of("hash-max-ziplist-entries"),
                () -> Long.toString(hashMaxListpackEntries), v -> hashMaxListpackEntries = number(v, 0, Long.MAX_VALUE));
        define("hash-max-listpack-value", List.of("hash-max-ziplist-value"),
                () -> Long.toString(hashMaxListpackValue), v -> hashMaxListpackValue = number(v, 0, Long.MAX_VALUE));
        define("set-max-intset-entries", () -> Long.toString(setMaxIntsetEntries),
                v -> setMaxIntsetEntries = number(v, 0, Long.MAX_VALUE));
        define("zset-max-listpack-entries", List.of("zset-max-ziplist-entries"),
                () -> Long.toString(zsetMaxListpackEntries), v -> zsetMaxListpackEntries = number(v, 0, Long.MAX_VALUE));
        define("zset-max-listpack-value", List.of("zset-max-ziplist-value"),
                () -> Long.toString(zsetMaxListpackValue), v -> zsetMaxListpackValue = number(v, 0, Long.MAX_VALUE));
        define("list-max-listpack-size", List.of("list-max-ziplist-size"),
                () -> Long.toString(listMaxListpackSize), v -> listMaxListpackSize = number(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
        define("list-compress-depth", () -> Long.toString(listCompressDepth),
                v -> listCompressDepth = number(v, 0, Integer.MAX_VALUE));
        define("busy-reply-threshold", List.of("lua-time-limit"), () -> Long.toString(busyReplyThreshold),
                v -> busyReplyThreshold = number(v, 0, Long.MAX_VALUE));
        define("slowlog-log-slower-than", () -> Long.toString(slowlogLogSlowerThan),
                v -> slowlogLogSlowerThan = number(v, -1, Long.MAX_VALUE));
        define("slowlog-max-len", () -> Long.toString(slowlogMaxLen), v -> slowlogMaxLen = number(v, 0, Long.MAX_VALUE));
        define("latency-monitor-threshold", () -> Long.toString(latencyMonitorThreshold),
                v -> latencyMonitorThreshold = number(v, 0, Long.MAX_VALUE));
        define("notify-keyspace-events", () -> KeyspaceNotifier.flagsToString(notifyKeyspaceEvents), v -> {
            int flags = KeyspaceNotifier.parseFlags(v);
            if (flags < 0) {
                throw new InvalidValue("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
            }
            notifyKeyspaceEvents = flags;
        });
        define("client-output-buffer-limit", this::outputBufferLimits, this::setOutputBufferLimits);
        define("port", () -> Integer.toString(port), null);
        define("bind", () -> bind, null);
        for (String[] kv : new String[][] {
                {"save", ""}, {"appendonly", "no"}, {"appendfsync", "everysec"}, {"dir", "/tmp"},
                {"dbfilename", "dump.rdb"}, {"loglevel", "notice"}, {"protected-mode", "no"},
                {"tcp-keepalive", "300"}, {"daemonize", "no"}, {"lazyfree-lazy-user-del", "no"},
                {"lazyfree-lazy-user-flush", "no"}, {"lazyfree-lazy-eviction", "no"},
                {"lazyfree-lazy-expire", "no"}, {"lazyfree-lazy-server-del", "no"}, {"active-expire-effort", "1"}, {"stream-node-max-bytes", "4096"},
                {"stream-node-max-entries", "100"}, {"activerehashing", "yes"}, {"replica-read-only", "yes"},
                {"cluster-enabled", "no"}, {"io-threads", "1"}, {"tracking-table-max-keys", "1000000"},
                {"client-query-buffer-limit", "1073741824"}, {"min-replicas-to-write", "0"},
                {"appendfilename", "appendonly.aof"}, {"repl-diskless-sync", "yes"}, {"stop-writes-on-bgsave-error", "yes"},
                {"rdbcompression", "yes"}, {"rdbchecksum", "yes"}, {"enable-debug-command", "no"}}) {
            passive.put(kv[0], kv[1]);
            define(kv[0], () -> passive.get(kv[0]), v -> passive.put(kv[0], v));
        }
    }

    /** The client classes of {@code client-output-buffer-limit}, in Redis's order. */
    public enum ClientClass { NORMAL, REPLICA, PUBSUB }

    /** One class's output buffer limits; 0 bytes means no limit. */
    public record OutputBufferLimit(long hardBytes, long softBytes, long softSeconds) {
    }

    public OutputBufferLimit outputBufferLimit(ClientClass clientClass) {
        return outputBufferLimits[clientClass.ordinal()];
    }

    private String outputBufferLimits() {
        StringBuilder text = new StringBuilder();
        String[] names = {"normal", "slave", "pubsub"};
        for (int i = 0; i < names.length; i++) {
            OutputBufferLimit limit = outputBufferLimits[i];
            if (i > 0) {
                text.append(' ');
            }
            text.append(names[i]).append(' ').append(limit.hardBytes()).append(' ').append(limit.softBytes())
                    .append(' ').append(limit.softSeconds());
        }
        return text.toString();
    }

    /** Redis's updateClientOutputBufferLimit: groups of class, hard, soft, seconds; all or nothing. */
    private void setOutputBufferLimits(String value) {
        String[] words = value.trim().isEmpty() ? new String[0] : value.trim().split(" +");
        if (words.length % 4 != 0) {
            throw new InvalidValue("Wrong number of arguments in buffer limit configuration.");
        }
        OutputBufferLimit[] updated = outputBufferLimits.clone();
        for (int i = 0; i < words.length; i += 4) {
            int index = switch (words[i].toLowerCase(Locale.ROOT)) {
                case "normal" -> 0;
                case "slave", "replica" -> 1;
                case "pubsub" -> 2;
                default -> throw new InvalidValue("Invalid client class specified in buffer limit configuration.");
            };
            long hard;
            long soft;
            long seconds;
            try {
                hard = memory(words[i + 1], 0, Long.MAX_VALUE);
                soft = memory(words[i + 2], 0, Long.MAX_VALUE);
                seconds = Long.parseLong(words[i + 3]);
            } catch (InvalidValue | NumberFormatException e) {
                throw new InvalidValue("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
            }
            if (seconds < 0) {
                throw new InvalidValue("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
            }
            updated[index] = new OutputBufferLimit(hard, soft, seconds);
        }
        outputBufferLimits = updated;
    }

    public void define(String name, Supplier<String> getter, Consumer<String> setter) {
        define(name, List.of(), getter, setter);
    }

    public void define(String name, List<String> aliases, Supplier<String> getter, Consumer<String> setter) {
        Parameter parameter = new Parameter(name, aliases, getter, setter, setter == null);
        parameters.put(name, parameter);
        byAlias.put(name, parameter);
        aliases.forEach(alias -> byAlias.put(alias, parameter));
    }

    /** A parameter by name or alias (case-insensitive), or null. */
    public Parameter parameter(String name) {
        return byAlias.get(name.toLowerCase(Locale.ROOT));
    }

    public Map<String, Parameter> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** Every name and alias, for CONFIG GET patterns. */
    public List<String> names() {
        return new ArrayList<>(byAlias.keySet());
    }

    public static long number(String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidValue("argument couldn't be parsed into an integer");
        }
        if (parsed < min || parsed > max) {
            throw new InvalidValue("argument must be between " + min + " and " + max + " inclusive");
        }
        return parsed;
    }

    /** Parses a memory amount with Redis's units (k, kb, m, mb, g, gb). */
    public static long memory(String value, long min, long max) {
        String v = value.toLowerCase(Locale.ROOT);
        long multiplier = 1;
        String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"}, {"k", "1000"}, {"m", "1000000"},
                {"g", "1000000000"}, {"b", "1"}};
        for (String[] unit : units) {
            if (v.endsWith(unit[0])) {
                multiplier = Long.parseLong(unit[1]);
                v = v.substring(0, v.length() - unit[0].length());
                break;
            }
        }
        long parsed;
        try {
            parsed = Long.parseLong(v) * multiplier;
        } catch (NumberFormatException e) {
            throw new InvalidValue("argument must be a memory value");
        }
        if (parsed < min || parsed > max) {
            throw new InvalidValue("argument must be between " + min + " and " + max + " inclusive");
        }
        return parsed;
    }

    private static String oneOf(String value, String... allowed) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(lower)) {
                return a;
            }
        }
        throw new InvalidValue("argument(s) must be one of the following: " + String.join(", ", allowed));
    }

    @Override
    public long hashMaxListpackEntries() {
        return hashMaxListpackEntries;
    }

    @Override
    public long hashMaxListpackValue() {
        return hashMaxListpackValue;
    }

    @Override
    public long setMaxIntsetEntries() {
        return setMaxIntsetEntries;
    }

    @Override
    public long setMaxListpackEntries() {
        return setMaxListpackEntries;
    }

    @Override
    public long zsetMaxListpackEntries() {
        return zsetMaxListpackEntries;
    }

    @Override
    public long zsetMaxListpackValue() {
        return zsetMaxListpackValue;
    }

    @Override
    public long listMaxListpackSize() {
        return listMaxListpackSize;
    }
}
