package dev.redisinside.engine.config;

import dev.redisinside.engine.pubsub.KeyspaceNotifier;
import dev.redisinside.engine.store.EncodingLimits;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
    public volatile long clientQueryBufferLimit = 1024L * 1024 * 1024;
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
    public volatile long hllSparseMaxBytes = 3000;
    public volatile long listCompressDepth = 0;
    public volatile long busyReplyThreshold = 5000;
    public volatile long slowlogLogSlowerThan = 10000;
    public volatile long slowlogMaxLen = 128;
    public volatile long latencyMonitorThreshold = 0;
    public volatile long streamNodeMaxBytes = 4096;
    public volatile long streamNodeMaxEntries = 100;
    /** The {@code notify-keyspace-events} classes as {@link KeyspaceNotifier} flag bits. */
    public volatile int notifyKeyspaceEvents = 0;
    /** Keys remembered for client-side caching before random ones are invalidated; 0 means no limit. */
    public volatile long trackingTableMaxKeys = 1_000_000;
    private volatile OutputBufferLimit[] outputBufferLimits = {
            new OutputBufferLimit(0, 0, 0),
            new OutputBufferLimit(256L * 1024 * 1024, 64L * 1024 * 1024, 60),
            new OutputBufferLimit(32L * 1024 * 1024, 8L * 1024 * 1024, 60)};
    public volatile int port = 6379;
    public volatile String bind = "127.0.0.1";
    /** Keys per database before eviction (0 = unbounded); not a Redis parameter, so not in CONFIG. */
    public volatile long maxKeys = 0;
    /** Load dir/dbfilename at start when it exists (the standalone server, like redis-server). */
    public boolean loadDumpAtStart;

    public volatile String enableDebugCommand = "no";
    public volatile boolean latencyTracking = true;

    /** Every parameter's current value as CONFIG GET renders it, for those without a typed field. */
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, Spec> specs = new LinkedHashMap<>();

    public ServerConfig() {
        loadSpecs();
        for (Spec spec : specs.values()) {
            // dir: the temporary directory, so that a SAVE in an application's tests never writes into the
            // project; the standalone server sets its working directory, as redis-server has it
            values.put(spec.name, spec.name.equals("dir") ? temporaryDirectory() : spec.defaultValue);
            define(spec.name, () -> values.get(spec.name), v -> values.put(spec.name, v));
        }
        define("requirepass", () -> requirePass, v -> requirePass = v);
        define("databases", () -> Integer.toString(databases), v -> databases = Integer.parseInt(v));
        define("proto-max-bulk-len", () -> Long.toString(protoMaxBulkLen), v -> protoMaxBulkLen = Long.parseLong(v));
        define("client-query-buffer-limit", () -> Long.toString(clientQueryBufferLimit),
                v -> clientQueryBufferLimit = Long.parseLong(v));
        define("maxmemory", () -> Long.toUnsignedString(maxmemory), v -> maxmemory = Long.parseUnsignedLong(v));
        define("maxmemory-policy", () -> maxmemoryPolicy, v -> {
            maxmemoryPolicy = v;
            lfuPolicy = v.endsWith("-lfu");
        });
        define("lfu-log-factor", () -> Integer.toString(lfuLogFactor), v -> lfuLogFactor = Integer.parseInt(v));
        define("lfu-decay-time", () -> Integer.toString(lfuDecayTime), v -> lfuDecayTime = Integer.parseInt(v));
        define("maxmemory-samples", () -> Integer.toString(maxmemorySamples), v -> maxmemorySamples = Integer.parseInt(v));
        define("hz", () -> Integer.toString(hz), v -> hz = (int) Math.min(500, Math.max(1, Long.parseLong(v))));
        define("maxclients", () -> Long.toString(maxclients), v -> maxclients = Long.parseLong(v));
        define("timeout", () -> Long.toString(timeout), v -> timeout = Long.parseLong(v));
        define("hash-max-listpack-entries", () -> Long.toString(hashMaxListpackEntries),
                v -> hashMaxListpackEntries = Long.parseLong(v));
        define("hash-max-listpack-value", () -> Long.toString(hashMaxListpackValue),
                v -> hashMaxListpackValue = Long.parseLong(v));
        define("set-max-intset-entries", () -> Long.toString(setMaxIntsetEntries),
                v -> setMaxIntsetEntries = Long.parseLong(v));
        define("zset-max-listpack-entries", () -> Long.toString(zsetMaxListpackEntries),
                v -> zsetMaxListpackEntries = Long.parseLong(v));
        define("zset-max-listpack-value", () -> Long.toString(zsetMaxListpackValue),
                v -> zsetMaxListpackValue = Long.parseLong(v));
        define("list-max-listpack-size", () -> Long.toString(listMaxListpackSize),
                v -> listMaxListpackSize = Long.parseLong(v));
        define("list-compress-depth", () -> Long.toString(listCompressDepth), v -> listCompressDepth = Long.parseLong(v));
        define("busy-reply-threshold", () -> Long.toString(busyReplyThreshold), v -> busyReplyThreshold = Long.parseLong(v));
        define("hll-sparse-max-bytes", () -> Long.toString(hllSparseMaxBytes),
                v -> hllSparseMaxBytes = Long.parseLong(v));
        define("slowlog-log-slower-than", () -> Long.toString(slowlogLogSlowerThan),
                v -> slowlogLogSlowerThan = Long.parseLong(v));
        define("slowlog-max-len", () -> Long.toString(slowlogMaxLen), v -> slowlogMaxLen = Long.parseLong(v));
        define("latency-monitor-threshold", () -> Long.toString(latencyMonitorThreshold),
                v -> latencyMonitorThreshold = Long.parseLong(v));
        define("stream-node-max-bytes", () -> Long.toString(streamNodeMaxBytes),
                v -> streamNodeMaxBytes = Long.parseLong(v));
        define("stream-node-max-entries", () -> Long.toString(streamNodeMaxEntries),
                v -> streamNodeMaxEntries = Long.parseLong(v));
        define("notify-keyspace-events", () -> KeyspaceNotifier.flagsToString(notifyKeyspaceEvents), v -> {
            int flags = KeyspaceNotifier.parseFlags(v);
            if (flags < 0) {
                throw new InvalidValue("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
            }
            notifyKeyspaceEvents = flags;
        });
        define("client-output-buffer-limit", this::outputBufferLimits, this::setOutputBufferLimits);
        define("tracking-table-max-keys", () -> Long.toString(trackingTableMaxKeys),
                v -> trackingTableMaxKeys = Long.parseLong(v));
        define("port", () -> Integer.toString(port), v -> port = Integer.parseInt(v));
        define("bind", () -> bind, v -> bind = v);
        startupOnly("bind");
        startupOnly("tls-port");
        define("enable-debug-command", () -> enableDebugCommand, v -> enableDebugCommand = v);
        define("latency-tracking", () -> latencyTracking ? "yes" : "no", v -> latencyTracking = v.equals("yes"));
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
            Long hard = memoryValue(words[i + 1]);
            Long soft = memoryValue(words[i + 2]);
            long seconds;
            try {
                seconds = Long.parseLong(words[i + 3]);
            } catch (NumberFormatException e) {
                seconds = -1;
            }
            if (hard == null || soft == null || seconds < 0) {
                throw new InvalidValue("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
            }
            updated[index] = new OutputBufferLimit(hard, soft, seconds);
        }
        outputBufferLimits = updated;
    }

    /**
     * Defines a parameter. When Redis has it (config-params.tsv), its aliases, immutability and Redis's
     * validation come from there: the setter receives the value already checked and normalised.
     */
    public void define(String name, Supplier<String> getter, Consumer<String> setter) {
        Spec spec = specs.get(name);
        if (spec == null) {
            define(name, List.of(), getter, setter);
            return;
        }
        Consumer<String> checked = setter == null ? null : v -> setter.accept(spec.normalize(v));
        Parameter parameter = new Parameter(name, spec.alias.isEmpty() ? List.of() : List.of(spec.alias), getter, checked,
                setter == null || spec.immutable);
        register(parameter);
    }

    /**
     * Marks a parameter that Redis can change at runtime but this server only takes at start (the
     * listening address is bound once): CONFIG SET answers that it is immutable.
     */
    private void startupOnly(String name) {
        Parameter p = parameters.get(name);
        register(new Parameter(p.name(), p.aliases(), p.getter(), p.setter(), true));
    }

    public void define(String name, List<String> aliases, Supplier<String> getter, Consumer<String> setter) {
        register(new Parameter(name, aliases, getter, setter, setter == null));
    }

    private void register(Parameter parameter) {
        parameters.put(parameter.name(), parameter);
        byAlias.put(parameter.name(), parameter);
        parameter.aliases().forEach(alias -> byAlias.put(alias, parameter));
    }

    /** A parameter by name or alias (case-insensitive), or null. */
    public Parameter parameter(String name) {
        return byAlias.get(name.toLowerCase(Locale.ROOT));
    }

    public Map<String, Parameter> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /**
     * Whether CONFIG SET may change the parameter for this connection: Redis's protected parameters
     * ({@code dir}...) need {@code enable-protected-configs} yes, or local when the client is local.
     */
    public boolean settable(String name, boolean localClient) {
        Spec spec = specs.get(name);
        if (spec == null || !spec.isProtected) {
            return true;
        }
        String allowed = values.get("enable-protected-configs");
        return "yes".equals(allowed) || ("local".equals(allowed) && localClient);
    }

    private static String temporaryDirectory() {
        return java.nio.file.Path.of(System.getProperty("java.io.tmpdir", ".")).toAbsolutePath().normalize().toString();
    }

    /** Every name and alias that CONFIG GET patterns match (hidden debugging parameters excluded). */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (String name : byAlias.keySet()) {
            Spec spec = specs.get(byAlias.get(name).name());
            if (spec == null || !spec.hidden) {
                names.add(name);
            }
        }
        return names;
    }

    private void loadSpecs() {
        try (InputStream in = ServerConfig.class.getResourceAsStream("config-params.tsv")) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                specs.put(f[0], new Spec(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One row of config-params.tsv: how Redis validates and renders the parameter. */
    private static final class Spec {
        final String name;
        final String alias;
        final boolean immutable;
        final boolean hidden;
        final boolean isProtected;
        final boolean unsigned;
        final String type;
        final long min;
        final long max;
        final List<String> choices;
        final String defaultValue;

        Spec(String name, String alias, String flags, String type, String min, String max, String choices,
                String defaultValue) {
            this.name = name;
            this.alias = alias;
            this.immutable = flags.contains("I");
            this.hidden = flags.contains("H");
            this.isProtected = flags.contains("P");
            this.unsigned = flags.contains("U");
            this.type = type;
            this.min = min.isEmpty() ? 0 : Long.parseUnsignedLong(min.startsWith("-") ? "0" : min)
                    + (min.startsWith("-") ? Long.parseLong(min) : 0);
            this.max = max.isEmpty() ? 0 : Long.parseUnsignedLong(max);
            this.choices = choices.isEmpty() ? List.of() : List.of(choices.split(","));
            this.defaultValue = defaultValue;
        }

        /** Redis's set-time validation; returns the value as CONFIG GET will show it. */
        String normalize(String value) {
            switch (type) {
                case "bool" -> {
                    if (value.equalsIgnoreCase("yes")) {
                        return "yes";
                    }
                    if (value.equalsIgnoreCase("no")) {
                        return "no";
                    }
                    throw new InvalidValue("argument must be 'yes' or 'no'");
                }
                case "enum", "enumM" -> {
                    for (String choice : choices) {
                        if (choice.equalsIgnoreCase(value)) {
                            return choice;
                        }
                    }
                    throw new InvalidValue("argument(s) must be one of the following: " + String.join(", ", choices));
                }
                case "int", "memory", "octal" -> {
                    return Long.toString(bounded(parse(value)));
                }
                case "memory%" -> {
                    long parsed = bounded(parse(value));
                    return parsed < 0 ? -parsed + "%" : Long.toString(parsed);
                }
                default -> {
                    return switch (name) {
                        case "save" -> saveParameters(value);
                        case "latency-tracking-info-percentiles" -> percentiles(value);
                        case "dir" -> directory(value);
                        default -> value;
                    };
                }
            }
        }

        /** Percentiles between 0 and 100, rendered as Redis's "%f" with trailing zeros trimmed. */
        private static String percentiles(String value) {
            String[] parts = value.trim().isEmpty() ? new String[0] : value.trim().split("\\s+");
            List<String> rendered = new ArrayList<>();
            for (String part : parts) {
                double p;
                try {
                    p = Double.parseDouble(part);
                } catch (NumberFormatException e) {
                    throw new InvalidValue("Invalid latency-tracking-info-percentiles parameters");
                }
                if (p < 0.0 || p > 100.0) {
                    throw new InvalidValue("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
                }
                String text = String.format(Locale.ROOT, "%f", p).replaceAll("0+$", "");
                rendered.add(text.endsWith(".") ? text.substring(0, text.length() - 1) : text);
            }
            return String.join(" ", rendered);
        }

        /** The working directory must exist (Redis changes into it); CONFIG GET shows it absolute. */
        private static String directory(String value) {
            java.nio.file.Path path = java.nio.file.Path.of(value).toAbsolutePath().normalize();
            if (!java.nio.file.Files.isDirectory(path)) {
                throw new InvalidValue("No such file or directory");
            }
            return path.toString();
        }

        /** Redis's setConfigSaveOption check: pairs of seconds (at least 1) and changes (at least 0). */
        private static String saveParameters(String value) {
            String[] parts = value.trim().isEmpty() ? new String[0] : value.trim().split("\\s+");
            if ((parts.length & 1) != 0) {
                throw new InvalidValue("Invalid save parameters");
            }
            for (int j = 0; j < parts.length; j++) {
                long parsed;
                try {
                    parsed = Long.parseLong(parts[j]);
                } catch (NumberFormatException e) {
                    throw new InvalidValue("Invalid save parameters");
                }
                if (parsed < ((j & 1) == 0 ? 1 : 0)) {
                    throw new InvalidValue("Invalid save parameters");
                }
            }
            return String.join(" ", parts);
        }

        private long parse(String value) {
            if (type.startsWith("memory")) {
                Long memory = memoryValue(value);
                if (memory != null) {
                    return memory;
                }
                if (type.endsWith("%") && value.length() > 1 && value.endsWith("%")) {
                    Long percent = integer(value.substring(0, value.length() - 1));
                    if (percent != null && percent >= 0) {
                        return -percent;
                    }
                }
                throw new InvalidValue(type.endsWith("%") ? "argument must be a memory or percent value"
                        : "argument must be a memory value");
            }
            if (type.equals("octal")) {
                try {
                    return Long.parseLong(value, 8);
                } catch (NumberFormatException e) {
                    throw new InvalidValue("argument couldn't be parsed as an octal number");
                }
            }
            Long parsed = integer(value);
            if (parsed == null) {
                throw new InvalidValue("argument couldn't be parsed into an integer");
            }
            return parsed;
        }

        private long bounded(long value) {
            if (type.endsWith("%") && value < 0) {
                if (value < min) {
                    throw new InvalidValue("percentage argument must be less or equal to " + -min);
                }
                return value;
            }
            boolean out = unsigned ? Long.compareUnsigned(value, min) < 0 || Long.compareUnsigned(value, max) > 0
                    : value < min || value > max;
            if (out) {
                throw new InvalidValue("argument must be between " + (unsigned ? Long.toUnsignedString(min) : min)
                        + " and " + (unsigned ? Long.toUnsignedString(max) : max) + " inclusive");
            }
            return value;
        }
    }

    /** Redis's string2ll: an optional minus and digits, no leading zeros or spaces. */
    private static Long integer(String value) {
        return dev.redisinside.engine.command.Numbers.parse(value.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Redis's memtoull: digits with an optional unit (b, k, kb, m, mb, g, gb; any case), or null. */
    public static Long memoryValue(String value) {
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
        if (v.isEmpty() || !v.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            return Math.multiplyExact(Long.parseUnsignedLong(v), multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
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
