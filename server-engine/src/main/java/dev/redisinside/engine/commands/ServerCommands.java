package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.Command;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.GlobMatcher;
import dev.redisinside.engine.command.HelpText;
import dev.redisinside.engine.command.LatencyHistogram;
import dev.redisinside.engine.command.Numbers;
import dev.redisinside.engine.command.RedisErrors;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.config.ServerConfig;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.server.Client;
import dev.redisinside.engine.server.LatencyMonitor;
import dev.redisinside.engine.server.RedisEngine;
import dev.redisinside.engine.server.SlowLog;
import dev.redisinside.engine.store.Database;
import dev.redisinside.engine.store.KeyEntry;
import dev.redisinside.engine.store.MemoryEstimate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Server management: INFO, CONFIG, DBSIZE, FLUSHALL/FLUSHDB, TIME, SAVE/BGSAVE/LASTSAVE, MONITOR, SLOWLOG,
 * LATENCY, MEMORY and SHUTDOWN. Persistence commands are accepted and answered as Redis answers
 * them, without writing files: the embedded server keeps its data in memory only.
 */
public final class ServerCommands implements CommandGroup {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ServerCommands.class);

    private static final List<String> DEFAULT_SECTIONS = List.of("server", "clients", "memory", "persistence",
            "stats", "replication", "cpu", "module_list", "errorstats", "cluster", "keyspace");

    private static final String[] CONFIG_HELP = {
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        "REWRITE",
        "    Rewrite the configuration file.",
    };

    private static final String[] SLOWLOG_HELP = {
        "GET [<count>]",
        "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
        "    Entries are made of:",
        "    id, timestamp, time in microseconds, arguments array, client IP and port,",
        "    client name",
        "LEN",
        "    Return the length of the slowlog.",
        "RESET",
        "    Reset the slowlog.",
    };

    private static final String[] LATENCY_HELP = {
        "DOCTOR",
        "    Return a human readable latency analysis report.",
        "GRAPH <event>",
        "    Return an ASCII latency graph for the <event> class.",
        "HISTORY <event>",
        "    Return time-latency samples for the <event> class.",
        "LATEST",
        "    Return the latest latency samples for all events.",
        "RESET [<event> ...]",
        "    Reset latency data of one or more <event> classes.",
        "    (default: reset all data for all event classes)",
        "HISTOGRAM [COMMAND ...]",
        "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
        "    If no commands are specified then all histograms are replied.",
    };

    private static final String[] MEMORY_HELP = {
        "DOCTOR",
        "    Return memory problems reports.",
        "MALLOC-STATS",
        "    Return internal statistics report from the memory allocator.",
        "PURGE",
        "    Attempt to purge dirty pages for reclamation by the allocator.",
        "STATS",
        "    Return information about the memory usage of the server.",
        "USAGE <key> [SAMPLES <count>]",
        "    Return memory in bytes used by <key> and its value. Nested values are",
        "    sampled up to <count> times (default: 5, 0 means sample all).",
    };

    @Override
    public void register(CommandRegistry r) {
        r.register("flushall", this::flushall);
        r.register("flushdb", this::flushdb);
        r.register("dbsize", this::dbsize);
        r.register("info", this::info);
        r.register("config|get", this::configGet);
        r.register("config|set", this::configSet);
        r.register("config|resetstat", this::configResetstat);
        r.register("config|rewrite", this::configRewrite);
        r.register("config|help", this::configHelp);
        r.register("lolwut", this::lolwut);
        r.register("time", this::time);
        r.register("lastsave", this::lastsave);
        r.register("save", this::save);
        r.register("bgsave", this::bgsave);
        r.register("bgrewriteaof", this::bgrewriteaof);
        r.register("monitor", this::monitor);
        r.register("slowlog|get", this::slowlogGet);
        r.register("slowlog|len", this::slowlogLen);
        r.register("slowlog|reset", this::slowlogReset);
        r.register("slowlog|help", this::slowlogHelp);
        r.register("latency|latest", this::latencyLatest);
        r.register("latency|history", this::latencyHistory);
        r.register("latency|reset", this::latencyReset);
        r.register("latency|doctor", this::latencyDoctor);
        r.register("latency|graph", this::latencyGraph);
        r.register("latency|histogram", this::latencyHistogram);
        r.register("latency|help", this::latencyHelp);
        r.register("memory|usage", this::memoryUsage);
        r.register("memory|stats", this::memoryStats);
        r.register("memory|doctor", this::memoryDoctor);
        r.register("memory|malloc-stats", this::memoryMallocStats);
        r.register("memory|purge", this::memoryPurge);
        r.register("memory|help", this::memoryHelp);
        r.register("shutdown", this::shutdown);
    }

    void flushall(Context ctx, Args args, Reply out) {
        checkFlushOptions(args);
        ctx.engine().flushAll();
        // as in Redis, with save points the emptied dataset is saved at once (and the dirty counter reset)
        if (hasSavePoints(ctx)) {
            saveRdb(ctx);
        }
        out.ok();
    }

    void flushdb(Context ctx, Args args, Reply out) {
        checkFlushOptions(args);
        ctx.db().clear();
        out.ok();
    }

    private static void checkFlushOptions(Args args) {
        if (args.size() > 2 || (args.size() == 2 && !args.is(1, "ASYNC") && !args.is(1, "SYNC"))) {
            throw new RedisException(RedisErrors.SYNTAX);
        }
    }

    void dbsize(Context ctx, Args args, Reply out) {
        out.integer(ctx.db().size());
    }

    // ---- INFO ----

    void info(Context ctx, Args args, Reply out) {
        Set<String> sections = new LinkedHashSet<>();
        boolean all = false;
        if (args.size() == 1) {
            sections.addAll(DEFAULT_SECTIONS);
        }
        for (int i = 1; i < args.size(); i++) {
            String section = args.string(i).toLowerCase(Locale.ROOT);
            switch (section) {
                case "default" -> sections.addAll(DEFAULT_SECTIONS);
                case "all", "everything" -> all = true;
                default -> sections.add(section);
            }
        }
        out.verbatim("txt", ServerInfo.render(ctx, sections, all).getBytes(StandardCharsets.ISO_8859_1));
    }

    // ---- CONFIG ----

    void configGet(Context ctx, Args args, Reply out) {
        ServerConfig config = ctx.engine().config();
        Map<String, ServerConfig.Parameter> matches = new LinkedHashMap<>();
        for (int i = 2; i < args.size(); i++) {
            String pattern = args.string(i);
            if (pattern.indexOf('[') < 0 && pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
                ServerConfig.Parameter parameter = config.parameter(pattern);
                if (parameter != null && !containsIgnoreCase(matches, pattern)) {
                    matches.put(pattern, parameter);
                }
                continue;
            }
            for (String name : config.names()) {
                ServerConfig.Parameter parameter = config.parameter(name);
                if (!matches.containsKey(name) && GlobMatcher.matches(latin1(pattern), latin1(name), true)) {
                    matches.put(name, parameter);
                }
            }
        }
        out.map(matches.size());
        for (Map.Entry<String, ServerConfig.Parameter> e : matches.entrySet()) {
            out.bulk(e.getKey().getBytes(StandardCharsets.ISO_8859_1));
            out.bulk(e.getValue().getter().get().getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean containsIgnoreCase(Map<String, ?> map, String key) {
        for (String k : map.keySet()) {
            if (k.equalsIgnoreCase(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * CONFIG SET name value [name value ...]: every parameter is validated and set, and if one fails the
     * ones already set get their old values back, so the command is all or nothing.
     */
    void configSet(Context ctx, Args args, Reply out) {
        if ((args.size() & 1) != 0) {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        ServerConfig config = ctx.engine().config();
        int count = (args.size() - 2) / 2;
        List<ServerConfig.Parameter> targets = new ArrayList<>();
        String unknown = null;
        String error = null;
        for (int i = 0; i < count; i++) {
            String name = args.string(2 + i * 2);
            ServerConfig.Parameter parameter = config.parameter(name);
            if (parameter == null) {
                if (unknown == null && error == null) {
                    unknown = name;
                }
                continue;
            }
            if (unknown != null || error != null) {
                continue;
            }
            if (parameter.immutable()) {
                error = setFailed(name, "can't set immutable config");
            } else if (!config.settable(parameter.name(), isLocal(ctx.client()))) {
                error = setFailed(name, "can't set protected config");
            } else if (targets.contains(parameter)) {
                error = setFailed(name, "duplicate parameter");
            }
            targets.add(parameter);
        }
        if (unknown != null) {
            throw new RedisException("ERR Unknown option or number of arguments for CONFIG SET - '" + unknown + "'");
        }
        if (error != null) {
            throw new RedisException(error);
        }
        int oldPort = config.port;
        List<String> old = new ArrayList<>();
        for (ServerConfig.Parameter parameter : targets) {
            old.add(parameter.getter().get());
        }
        for (int i = 0; i < count; i++) {
            ServerConfig.Parameter parameter = targets.get(i);
            try {
                parameter.setter().accept(args.string(3 + i * 2));
            } catch (ServerConfig.InvalidValue e) {
                for (int j = i; j >= 0; j--) {
                    try {
                        targets.get(j).setter().accept(old.get(j));
                    } catch (ServerConfig.InvalidValue ignored) {
                        // the old value was valid when it was set
                    }
                }
                throw new RedisException(setFailed(parameter.name(), e.getMessage()));
            }
        }
        // Redis's apply step: moving the listener can fail only once every value is set, and undoes them all
        if (config.port != oldPort && !ctx.engine().changeListenPort(config.port)) {
            for (int j = count - 1; j >= 0; j--) {
                targets.get(j).setter().accept(old.get(j));
            }
            throw new RedisException(setFailed("port", "Unable to listen on this port. Check server logs."));
        }
        ctx.engine().slowLog().trim(ctx.engine().config().slowlogMaxLen);
        out.ok();
    }

    /** A loopback (or in-process) connection, for Redis's "local" protected-action setting. */
    static boolean isLocal(Client client) {
        String address = client.address();
        return client.channel() == null || address.startsWith("127.") || address.startsWith("[::1]");
    }

    private static String setFailed(String name, String reason) {
        return "ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason;
    }

    void configResetstat(Context ctx, Args args, Reply out) {
        ctx.engine().resetStats();
        out.ok();
    }

    void configRewrite(Context ctx, Args args, Reply out) {
        throw new RedisException("ERR The server is running without a config file");
    }

    void configHelp(Context ctx, Args args, Reply out) {
        HelpText.reply(args, out, CONFIG_HELP);
    }

    /**
     * LOLWUT [VERSION v]: the version line Redis 7.0 prints for its own version. (Versions 5 and 6 draw
     * random art in Redis; they get the same line here.)
     */
    void lolwut(Context ctx, Args args, Reply out) {
        if (args.size() >= 3 && args.is(1, "version") && Numbers.parse(args.get(2)) == null) {
            throw new RedisException(RedisErrors.NOT_INTEGER);
        }
        out.verbatim("txt", ("Redis ver. " + RedisEngine.VERSION + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    // ---- time and persistence ----

    void time(Context ctx, Args args, Reply out) {
        long micros = ctx.engine().clock().micros();
        out.array(2);
        out.bulkLong(micros / 1_000_000);
        out.bulkLong(micros % 1_000_000);
    }

    void lastsave(Context ctx, Args args, Reply out) {
        out.integer(ctx.engine().lastSave());
    }

    void save(Context ctx, Args args, Reply out) {
        if (!saveRdb(ctx)) {
            throw new RedisException("ERR");
        }
        out.ok();
    }

    private static boolean hasSavePoints(Context ctx) {
        return !ctx.engine().config().parameter("save").getter().get().isEmpty();
    }

    /** Writes the RDB file; false (and a log line) when it cannot be written, as Redis answers a bare -ERR. */
    private static boolean saveRdb(Context ctx) {
        try {
            ctx.engine().saveRdb();
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("Failed saving the DB to {}: {}", ctx.engine().rdbPath(), e.toString());
            return false;
        }
    }

    void bgsave(Context ctx, Args args, Reply out) {
        if (args.size() > 2 || (args.size() == 2 && !args.is(1, "schedule"))) {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        // the snapshot is taken at once (there is no fork to do it in the background)
        if (!saveRdb(ctx)) {
            throw new RedisException("ERR");
        }
        out.simple("Background saving started");
    }

    void bgrewriteaof(Context ctx, Args args, Reply out) {
        out.simple("Background append only file rewriting started");
    }

    // ---- MONITOR ----

    void monitor(Context ctx, Args args, Reply out) {
        Client client = ctx.client();
        if (client.inMulti() || ctx.engine().dispatcher().inExec()) {
            throw new RedisException("ERR MONITOR isn't allowed for DENY BLOCKING client");
        }
        if (client.monitor) {
            return;
        }
        ctx.engine().addMonitor(client);
        out.ok();
    }

    // ---- SLOWLOG ----

    void slowlogGet(Context ctx, Args args, Reply out) {
        SlowLog log = ctx.engine().slowLog();
        long count = 10;
        if (args.size() == 3) {
            Long parsed = Numbers.parse(args.get(2));
            if (parsed == null || parsed < -1) {
                throw new RedisException("ERR count should be greater than or equal to -1");
            }
            count = parsed == -1 ? log.size() : parsed;
        } else if (args.size() > 3) {
            throw HelpText.syntaxError(args);
        }
        int n = (int) Math.min(count, log.size());
        out.array(n);
        Iterator<SlowLog.Entry> it = log.iterator();
        for (int i = 0; i < n; i++) {
            SlowLog.Entry e = it.next();
            out.array(6);
            out.integer(e.id());
            out.integer(e.time());
            out.integer(e.durationMicros());
            out.array(e.argv().length);
            for (byte[] arg : e.argv()) {
                out.bulk(arg);
            }
            out.bulk(e.peer().getBytes(StandardCharsets.ISO_8859_1));
            out.bulk(e.clientName().getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    void slowlogLen(Context ctx, Args args, Reply out) {
        out.integer(ctx.engine().slowLog().size());
    }

    void slowlogReset(Context ctx, Args args, Reply out) {
        ctx.engine().slowLog().reset();
        out.ok();
    }

    void slowlogHelp(Context ctx, Args args, Reply out) {
        HelpText.reply(args, out, SLOWLOG_HELP);
    }

    // ---- LATENCY ----

    void latencyLatest(Context ctx, Args args, Reply out) {
        Map<String, LatencyMonitor.Series> events = ctx.engine().latency().events();
        out.array(events.size());
        for (Map.Entry<String, LatencyMonitor.Series> e : events.entrySet()) {
            LatencyMonitor.Sample latest = e.getValue().latest();
            out.array(4);
            out.bulk(e.getKey());
            out.integer(latest.time());
            out.integer(latest.latency());
            out.integer(e.getValue().max());
        }
    }

    void latencyHistory(Context ctx, Args args, Reply out) {
        LatencyMonitor.Series series = ctx.engine().latency().events().get(args.string(2));
        List<LatencyMonitor.Sample> samples = series == null ? List.of() : series.samples();
        out.array(samples.size());
        for (LatencyMonitor.Sample s : samples) {
            out.array(2);
            out.integer(s.time());
            out.integer(s.latency());
        }
    }

    void latencyReset(Context ctx, Args args, Reply out) {
        LatencyMonitor latency = ctx.engine().latency();
        if (args.size() == 2) {
            out.integer(latency.reset(null));
            return;
        }
        int resets = 0;
        for (int i = 2; i < args.size(); i++) {
            resets += latency.reset(args.string(i));
        }
        out.integer(resets);
    }

    void latencyDoctor(Context ctx, Args args, Reply out) {
        RedisEngine engine = ctx.engine();
        Map<String, LatencyMonitor.Series> events = engine.latency().events();
        StringBuilder report = new StringBuilder();
        if (events.isEmpty() && engine.config().latencyMonitorThreshold == 0) {
            report.append("I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. "
                    + "You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. "
                    + "If we weren't in a deep space mission I'd suggest to take a look at "
                    + "https://redis.io/topics/latency-monitor.\n");
        } else if (events.isEmpty()) {
            report.append("Dave, no latency spike was observed during the lifetime of this Redis instance, not in the "
                    + "slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think "
                    + "things over.\n");
        } else {
            report.append("Dave, I have observed latency spikes in this Redis instance. You don't mind talking about "
                    + "it, do you Dave?\n\n");
            int n = 1;
            for (Map.Entry<String, LatencyMonitor.Series> e : events.entrySet()) {
                List<LatencyMonitor.Sample> samples = e.getValue().samples();
                long sum = 0;
                for (LatencyMonitor.Sample s : samples) {
                    sum += s.latency();
                }
                report.append(n++).append(". ").append(e.getKey()).append(": ").append(samples.size())
                        .append(" latency spikes (average ").append(sum / Math.max(1, samples.size()))
                        .append("ms, mean deviation 0ms, period 0 sec). Worst all time event ")
                        .append(e.getValue().max()).append("ms.\n");
            }
            report.append("\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use "
                    + "the Redis community to get some help, providing this report in your help request.\n");
        }
        out.verbatim("txt", report.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    void latencyGraph(Context ctx, Args args, Reply out) {
        String event = args.string(2);
        LatencyMonitor.Series series = ctx.engine().latency().events().get(event);
        if (series == null) {
            throw new RedisException("ERR No samples available for event '" + event + "'");
        }
        List<LatencyMonitor.Sample> samples = series.samples();
        long min = Long.MAX_VALUE;
        long max = 0;
        for (LatencyMonitor.Sample s : samples) {
            min = Math.min(min, s.latency());
            max = Math.max(max, s.latency());
        }
        StringBuilder graph = new StringBuilder();
        graph.append(event).append(" - high ").append(max).append(" ms, low ").append(samples.isEmpty() ? 0 : min)
                .append(" ms (all time high ").append(series.max()).append(" ms)\n");
        graph.append("-".repeat(80)).append('\n');
        StringBuilder bars = new StringBuilder();
        for (LatencyMonitor.Sample s : samples) {
            bars.append(max == 0 ? '_' : s.latency() * 4 >= max * 3 ? '#' : s.latency() * 2 >= max ? '|' : '_');
        }
        graph.append(bars).append('\n');
        out.verbatim("txt", graph.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** LATENCY HISTOGRAM [command ...]: per command, its calls and cumulative counts by power-of-two microseconds. */
    void latencyHistogram(Context ctx, Args args, Reply out) {
        List<Command> commands = new ArrayList<>();
        if (args.size() == 2) {
            for (Command c : ctx.engine().commandTable().commands()) {
                commands.add(c);
                commands.addAll(c.subcommands().values());
            }
        } else {
            for (int i = 2; i < args.size(); i++) {
                Command c = ctx.engine().commandTable().lookupFullName(args.string(i));
                if (c != null && !commands.contains(c)) {
                    commands.add(c);
                    commands.addAll(c.subcommands().values()); // a parent also answers for its subcommands
                }
            }
        }
        commands.removeIf(c -> c.stats().latency() == null || c.stats().latency().total() == 0);
        out.map(commands.size());
        for (Command c : commands) {
            LatencyHistogram histogram = c.stats().latency();
            List<long[]> buckets = new ArrayList<>();
            long previous = 0;
            for (long bound = 1024; previous < histogram.total() && bound <= 2_000_000_000L; bound <<= 1) {
                long cumulative = histogram.countAtMost(bound);
                if (cumulative > previous) {
                    buckets.add(new long[] {bound / 1000, cumulative});
                }
                previous = cumulative;
            }
            out.bulk(c.fullName());
            out.map(2);
            out.bulk("calls");
            out.integer(histogram.total());
            out.bulk("histogram_usec");
            out.map(buckets.size());
            for (long[] bucket : buckets) {
                out.integer(bucket[0]);
                out.integer(bucket[1]);
            }
        }
    }

    void latencyHelp(Context ctx, Args args, Reply out) {
        HelpText.reply(args, out, LATENCY_HELP);
    }

    // ---- MEMORY ----

    /** MEMORY USAGE key [SAMPLES n]: Redis's estimate (exact for strings and small encodings). */
    void memoryUsage(Context ctx, Args args, Reply out) {
        long samples = 5;
        for (int j = 3; j < args.size(); j++) {
            if (args.is(j, "samples") && j + 1 < args.size()) {
                Long parsed = Numbers.parse(args.get(j + 1));
                if (parsed == null) {
                    throw new RedisException(RedisErrors.NOT_INTEGER);
                }
                if (parsed < 0) {
                    throw new RedisException(RedisErrors.SYNTAX);
                }
                samples = parsed == 0 ? Long.MAX_VALUE : parsed;
                j++;
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        KeyEntry entry = ctx.db().entry(args.get(2));
        if (entry == null || (entry.expireAt() != KeyEntry.NO_EXPIRY && entry.expireAt() <= ctx.now())) {
            out.nullBulk();
            return;
        }
        out.integer(MemoryEstimate.ofKey(entry.key(), entry.value(), ctx.engine().config(), samples));
    }

    void memoryStats(Context ctx, Args args, Reply out) {
        RedisEngine engine = ctx.engine();
        long used = engine.usedMemory();
        long startup = MemoryEstimate.STARTUP_BYTES;
        long peak = engine.peakMemory();
        List<Integer> nonEmpty = new ArrayList<>();
        long keys = 0;
        for (int i = 0; i < engine.databaseCount(); i++) {
            Database db = engine.database(i);
            keys += db.size();
            if (db.size() > 0) {
                nonEmpty.add(i);
            }
        }
        long overhead = ServerInfo.memoryOverhead(engine);
        long dataset = used - overhead;
        out.map(27 + nonEmpty.size());
        pair(out, "peak.allocated", peak);
        pair(out, "total.allocated", used);
        pair(out, "startup.allocated", startup);
        pair(out, "replication.backlog", 0);
        pair(out, "clients.slaves", 0);
        pair(out, "clients.normal", 0);
        pair(out, "cluster.links", 0);
        pair(out, "aof.buffer", 0);
        pair(out, "lua.caches", 0);
        pair(out, "functions.caches", 200);
        for (int i : nonEmpty) {
            Database db = engine.database(i);
            out.bulk("db." + i);
            out.map(3);
            pair(out, "overhead.hashtable.main", db.mainDictOverhead());
            pair(out, "overhead.hashtable.expires", db.expiresDictOverhead());
            pair(out, "overhead.hashtable.slot-to-keys", 0);
        }
        pair(out, "overhead.total", overhead);
        pair(out, "keys.count", keys);
        pair(out, "keys.bytes-per-key", keys == 0 ? 0 : (used - startup) / keys);
        pair(out, "dataset.bytes", dataset);
        out.bulk("dataset.percentage");
        out.doubleValue(used <= startup ? 0 : dataset * 100.0 / (used - startup));
        out.bulk("peak.percentage");
        out.doubleValue(used * 100.0 / peak);
        pair(out, "allocator.allocated", used);
        pair(out, "allocator.active", used);
        pair(out, "allocator.resident", used);
        out.bulk("allocator-fragmentation.ratio");
        out.doubleValue(1.0);
        pair(out, "allocator-fragmentation.bytes", 0);
        out.bulk("allocator-rss.ratio");
        out.doubleValue(1.0);
        pair(out, "allocator-rss.bytes", 0);
        out.bulk("rss-overhead.ratio");
        out.doubleValue(1.0);
        pair(out, "rss-overhead.bytes", 0);
        out.bulk("fragmentation");
        out.doubleValue(1.0);
        pair(out, "fragmentation.bytes", 0);
    }

    private static void pair(Reply out, String name, long value) {
        out.bulk(name);
        out.integer(value);
    }

    void memoryDoctor(Context ctx, Args args, Reply out) {
        String report = "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs "
                + "on this base.\n";
        long keys = 0;
        for (int i = 0; i < ctx.engine().databaseCount(); i++) {
            keys += ctx.engine().database(i).size();
        }
        if (keys == 0) {
            report = "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used "
                    + "in these conditions. Please, leave for your mission on Earth and fill it with some data. The new "
                    + "Sam and I will be back to our programming as soon as I finished rebooting.\n";
        }
        out.verbatim("txt", report.getBytes(StandardCharsets.ISO_8859_1));
    }

    void memoryMallocStats(Context ctx, Args args, Reply out) {
        out.bulk("Stats not supported for the current allocator");
    }

    void memoryPurge(Context ctx, Args args, Reply out) {
        out.ok();
    }

    void memoryHelp(Context ctx, Args args, Reply out) {
        HelpText.reply(args, out, MEMORY_HELP);
    }

    // ---- SHUTDOWN ----

    /**
     * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: stops this server (its port and connections), never the
     * JVM the application runs in.
     */
    void shutdown(Context ctx, Args args, Reply out) {
        boolean nosave = false;
        boolean save = false;
        boolean abort = false;
        boolean other = false;
        for (int i = 1; i < args.size(); i++) {
            if (args.is(i, "nosave")) {
                nosave = true;
            } else if (args.is(i, "save")) {
                save = true;
            } else if (args.is(i, "now") || args.is(i, "force")) {
                other = true;
            } else if (args.is(i, "abort")) {
                abort = true;
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        if ((abort && (nosave || save || other)) || (nosave && save)) {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        if (abort) {
            throw new RedisException("ERR No shutdown in progress.");
        }
        // Redis saves on shutdown with SAVE, or when save points are configured and NOSAVE is not given
        if ((save || (hasSavePoints(ctx) && !nosave)) && !saveRdb(ctx)) {
            throw new RedisException("ERR Errors trying to SHUTDOWN. Check logs.");
        }
        ctx.client().closeAfterReply = true;
        ctx.engine().shutdown();
    }
}
