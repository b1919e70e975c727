package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.HelpText;
import dev.redisinside.engine.command.Numbers;
import dev.redisinside.engine.command.RedisErrors;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.config.ServerConfig;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.store.Database;
import dev.redisinside.engine.store.ElementTable;
import dev.redisinside.engine.store.KeyEntry;
import dev.redisinside.engine.store.RedisHash;
import dev.redisinside.engine.store.RedisList;
import dev.redisinside.engine.store.RedisSet;
import dev.redisinside.engine.store.RedisZSet;
import dev.redisinside.engine.store.rdb.Listpack;
import dev.redisinside.engine.store.rdb.RdbFormatException;
import dev.redisinside.engine.store.rdb.RdbWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * DEBUG: the subcommands test suites and clients rely on, answering as Redis 7.0 does. Those that inspect
 * Redis's C structures describe ours in Redis's terms (encodings, RDB lengths, hash table chains); those
 * that crash or restart the process are refused. As in Redis it needs {@code enable-debug-command}
 * (checked by the dispatcher).
 */
public final class DebugCommands implements CommandGroup {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DebugCommands.class);

    /** DEBUG SLEEP blocks the engine thread as Redis does, but never longer than this. */
    private static final double MAX_SLEEP_SECONDS = 30;
    /** Redis's LRU clock: seconds, 24 bits wide. */
    private static final int LRU_CLOCK_MAX = (1 << 24) - 1;
    /** quicklistisSetPackedThreshold: nothing above 4 GB minus 1 MB. */
    private static final long MAX_PACKED_THRESHOLD = (1L << 32) - (1 << 20);
    /** dict.c's DICT_STATS_VECTLEN: chain lengths from this on are counted together. */
    private static final int STATS_VECTLEN = 50;

    private static final String[] HELP = {
        "AOF-FLUSH-SLEEP <microsec>",
        "    Server will sleep before flushing the AOF, this is used for testing.",
        "ASSERT",
        "    Crash by assertion failed.",
        "CHANGE-REPL-ID",
        "    Change the replication IDs of the instance.",
        "    Dangerous: should be used only for testing the replication subsystem.",
        "CONFIG-REWRITE-FORCE-ALL",
        "    Like CONFIG REWRITE but writes all configuration options, including",
        "    keywords not listed in original configuration file or default values.",
        "CRASH-AND-RECOVER [<milliseconds>]",
        "    Hard crash and restart after a <milliseconds> delay (default 0).",
        "DIGEST",
        "    Output a hex signature representing the current DB content.",
        "DIGEST-VALUE <key> [<key> ...]",
        "    Output a hex signature of the values of all the specified keys.",
        "ERROR <string>",
        "    Return a Redis protocol error with <string> as message. Useful for clients",
        "    unit tests to simulate Redis errors.",
        "LEAK <string>",
        "    Create a memory leak of the input string.",
        "LOG <message>",
        "    Write <message> to the server log.",
        "HTSTATS <dbid>",
        "    Return hash table statistics of the specified Redis database.",
        "HTSTATS-KEY <key>",
        "    Like HTSTATS but for the hash table stored at <key>'s value.",
        "LOADAOF",
        "    Flush the AOF buffers on disk and reload the AOF in memory.",
        "REPLICATE <string>",
        "    Replicates the provided string to replicas, allowing data divergence.",
        "MALLCTL <key> [<val>]",
        "    Get or set a malloc tuning integer.",
        "MALLCTL-STR <key> [<val>]",
        "    Get or set a malloc tuning string.",
        "OBJECT <key>",
        "    Show low level info about `key` and associated value.",
        "DROP-CLUSTER-PACKET-FILTER <packet-type>",
        "    Drop all packets that match the filtered type. Set to -1 allow all packets.",
        "OOM",
        "    Crash the server simulating an out-of-memory error.",
        "PANIC",
        "    Crash the server simulating a panic.",
        "POPULATE <count> [<prefix>] [<size>]",
        "    Create <count> string keys named key:<num>. If <prefix> is specified then",
        "    it is used instead of the 'key' prefix. These are not propagated to",
        "    replicas. Cluster slots are not respected so keys not belonging to the",
        "    current node can be created in cluster mode.",
        "PROTOCOL <type>",
        "    Reply with a test value of the specified type. <type> can be: string,",
        "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
        "    true, false.",
        "RELOAD [option ...]",
        "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
        "    * MERGE: conflicting keys will be loaded from RDB.",
        "    * NOFLUSH: the existing database will not be removed before load, but",
        "      conflicting keys will generate an exception and kill the server.",
        "    * NOSAVE: the database will be loaded from an existing RDB file.",
        "    Examples:",
        "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
        "      the database.",
        "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
        "      existing RDB file.",
        "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
        "      file to the database.",
        "RESTART [<milliseconds>]",
        "    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).",
        "SDSLEN <key>",
        "    Show low level SDS string info representing `key` and value.",
        "SEGFAULT",
        "    Crash the server with sigsegv.",
        "SET-ACTIVE-EXPIRE <0|1>",
        "    Setting it to 0 disables expiring keys in background when they are not",
        "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
        "    default.",
        "QUICKLIST-PACKED-THRESHOLD <size>",
        "    Sets the threshold for elements to be inserted as plain vs packed nodes",
        "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
        "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
        "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
        "SLEEP <seconds>",
        "    Stop the server for <seconds>. Decimals allowed.",
        "STRINGMATCH-TEST",
        "    Run a fuzz tester against the stringmatchlen() function.",
        "STRUCTSIZE",
        "    Return the size of different Redis core C structures.",
        "LISTPACK <key>",
        "    Show low level info about the listpack encoding of <key>.",
        "QUICKLIST <key> [<0|1>]",
        "    Show low level info about the quicklist encoding of <key>.",
        "    The optional argument (0 by default) sets the level of detail",
        "CLIENT-EVICTION",
        "    Show low level client eviction pools info (maxmemory-clients).",
        "PAUSE-CRON <0|1>",
        "    Stop periodic cron job processing.",
        "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
        "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
        "    In case NEVER is provided the last observed peak will never be reset",
        "    In case RESET is provided the peak reset time will be restored to the default value",
        "REPLYBUFFER RESIZING <0|1>",
        "    Enable or disable the reply buffer resize cron job",
        "CLUSTERLINK KILL <to|from|all> <node-id>",
        "    Kills the link based on the direction to/from (both) with the provided node." ,
    };

    @Override
    public void register(CommandRegistry r) {
        r.register("debug", this::debug);
    }

    void debug(Context ctx, Args args, Reply out) {
        String sub = args.string(1).toLowerCase(Locale.ROOT);
        int argc = args.size();
        switch (sub) {
            case "help" -> {
                if (argc != 2) {
                    throw HelpText.syntaxError(args);
                }
                HelpText.reply(args, out, HELP);
            }
            case "sleep" -> {
                requireArgs(args, argc == 3);
                sleep(args);
                out.ok();
            }
            case "set-active-expire" -> {
                requireArgs(args, argc == 3);
                ctx.engine().activeExpireEnabled = atoi(args.get(2)) != 0;
                out.ok();
            }
            case "log", "leak" -> {
                requireArgs(args, argc == 3);
                if (sub.equals("log")) {
                    log.warn("DEBUG LOG: {}", args.string(2));
                }
                out.ok();
            }
            case "error" -> {
                requireArgs(args, argc == 3);
                throw new RedisException(args.string(2).replace('\n', ' ').replace('\r', ' '));
            }
            case "object" -> {
                requireArgs(args, argc == 3);
                object(ctx, args, out);
            }
            case "listpack", "quicklist" -> {
                requireArgs(args, argc == 3 || (sub.equals("quicklist") && argc == 4));
                encodingDump(ctx, args, out, sub);
            }
            case "populate" -> {
                requireArgs(args, argc >= 3 && argc <= 5);
                populate(ctx, args, out);
            }
            case "digest" -> {
                requireArgs(args, argc == 2);
                out.simple(DatasetDigest.hex(DatasetDigest.ofDataset(ctx.engine())));
            }
            case "digest-value" -> {
                out.array(argc - 2);
                for (int i = 2; i < argc; i++) {
                    KeyEntry entry = ctx.db().storedEntry(args.get(i));
                    out.simple(DatasetDigest.hex(entry == null ? new byte[20] : DatasetDigest.ofValue(entry)));
                }
            }
            case "protocol" -> {
                requireArgs(args, argc == 3);
                protocol(args.string(2), out);
            }
            case "reload" -> reload(ctx, args, out);
            case "loadaof" -> {
                try {
                    ctx.engine().reloadInMemory();
                } catch (RdbFormatException e) {
                    throw new RedisException("ERR Error trying to load the RDB dump");
                }
                out.ok();
            }
            case "quicklist-packed-threshold" -> {
                requireArgs(args, argc == 3);
                Long size = ServerConfig.memoryValue(args.string(2));
                if (size == null || Long.compareUnsigned(size, MAX_PACKED_THRESHOLD) > 0) {
                    throw new RedisException("ERR argument must be a memory value bigger than 1 and smaller than 4gb");
                }
                out.ok();
            }
            case "htstats" -> {
                requireArgs(args, argc == 3);
                htstats(ctx, args, out);
            }
            case "htstats-key" -> {
                requireArgs(args, argc == 3);
                htstatsKey(ctx, args, out);
            }
            case "stringmatch-test" -> {
                requireArgs(args, argc == 2);
                out.simple("Apparently Redis did not crash: test passed");
            }
            case "change-repl-id", "config-rewrite-force-all" -> {
                requireArgs(args, argc == 2);
                out.ok();
            }
            case "set-disable-deny-scripts" -> {
                requireArgs(args, argc == 3);
                ctx.engine().scriptDenyDisabled = atoi(args.get(2)) != 0;
                out.ok();
            }
            case "set-skip-checksum-validation", "aof-flush-sleep", "pause-cron",
                    "drop-cluster-packet-filter" -> {
                requireArgs(args, argc == 3);
                out.ok();
            }
            case "replicate" -> {
                requireArgs(args, argc >= 3);
                out.ok();
            }
            case "replybuffer" -> {
                requireArgs(args, argc == 4);
                if (!args.is(2, "peak-reset-time") && !args.is(2, "resizing")) {
                    throw HelpText.syntaxError(args);
                }
                if (args.is(2, "peak-reset-time") && !args.is(3, "never") && !args.is(3, "reset")
                        && Numbers.parse(args.get(3)) == null) {
                    throw new RedisException(RedisErrors.NOT_INTEGER);
                }
                out.ok();
            }
            default -> throw HelpText.syntaxError(args);
        }
    }

    private static void requireArgs(Args args, boolean ok) {
        if (!ok) {
            throw HelpText.syntaxError(args);
        }
    }

    /** C's atoi: leading digits with an optional sign, 0 when there are none. */
    private static long atoi(byte[] text) {
        String s = new String(text, StandardCharsets.ISO_8859_1).strip();
        int end = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        try {
            return Long.parseLong(s.substring(0, end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void sleep(Args args) {
        Double seconds = Numbers.parseDouble(args.get(2));
        double wait = seconds == null || seconds.isNaN() ? 0 : Math.min(seconds, MAX_SLEEP_SECONDS);
        if (wait > 0) {
            try {
                Thread.sleep((long) (wait * 1000), (int) ((wait * 1_000_000_000L) % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * DEBUG OBJECT: Redis's one-line description of the value. The address is the key's (stable while the
     * key lives, as an in-place INCR keeps Redis's), the serialized length is that of our RDB encoding.
     */
    private static void object(Context ctx, Args args, Reply out) {
        KeyEntry entry = ctx.db().storedEntry(args.get(2));
        if (entry == null) {
            throw new RedisException(RedisErrors.NO_SUCH_KEY);
        }
        ServerConfig config = ctx.engine().config();
        Object value = entry.value();
        StringBuilder text = new StringBuilder();
        text.append("Value at:0x7f").append(String.format("%010x", System.identityHashCode(entry)))
                .append(" refcount:").append(KeyCommands.isSharedInteger(value, config) ? Integer.MAX_VALUE : 1)
                .append(" encoding:").append(KeyCommands.encoding(value, config))
                .append(" serializedlength:").append(RdbWriter.serializedLength(value, config))
                .append(" lru:").append(entry.lru() & LRU_CLOCK_MAX)
                .append(" lru_seconds_idle:").append(idleSeconds(entry, ctx.now()));
        if (value instanceof RedisList list) {
            List<List<byte[]>> nodes = RdbWriter.quicklistNodes(list, config);
            long bytes = 0;
            for (List<byte[]> node : nodes) {
                bytes += Listpack.encode(node).length;
            }
            text.append(" ql_nodes:").append(nodes.size())
                    .append(" ql_avg_node:").append(String.format(Locale.ROOT, "%.2f", (double) list.size() / nodes.size()))
                    .append(" ql_listpack_max:").append(config.listMaxListpackSize())
                    .append(" ql_compressed:").append(compressDepth(ctx) != 0 ? 1 : 0)
                    .append(" ql_uncompressed_size:").append(bytes);
        }
        out.simple(text.toString());
    }

    /** estimateObjectIdleTime on the 24-bit LRU clock, in seconds. */
    private static long idleSeconds(KeyEntry entry, long now) {
        long clock = (now / 1000) & LRU_CLOCK_MAX;
        long lru = entry.lru() & LRU_CLOCK_MAX;
        return clock >= lru ? clock - lru : clock + (LRU_CLOCK_MAX - lru);
    }

    private static long compressDepth(Context ctx) {
        Long depth = Numbers.parse(ctx.engine().config().parameter("list-compress-depth").getter().get()
                .getBytes(StandardCharsets.ISO_8859_1));
        return depth == null ? 0 : depth;
    }

    /** The value as OBJECT looks it up: no access recorded, no keyspace event; an error when absent. */
    private static Object lookup(Context ctx, byte[] key) {
        KeyEntry entry = ctx.db().entry(key);
        if (entry == null) {
            throw new RedisException(RedisErrors.NO_SUCH_KEY);
        }
        return entry.value();
    }

    /** DEBUG LISTPACK and DEBUG QUICKLIST: Redis prints the structure on its stdout; only the check shows. */
    private static void encodingDump(Context ctx, Args args, Reply out, String encoding) {
        Object value = lookup(ctx, args.get(2));
        if (!KeyCommands.encoding(value, ctx.engine().config()).equals(encoding)) {
            throw new RedisException("ERR Not a " + encoding + " encoded object.");
        }
        out.simple(encoding.equals("listpack") ? "Listpack structure printed on stdout"
                : "Quicklist structure printed on stdout");
    }

    /** DEBUG POPULATE count [prefix] [size]: string keys {@code prefix:n} = {@code value:n}, existing ones kept. */
    private static void populate(Context ctx, Args args, Reply out) {
        long count = positive(args.get(2));
        long size = args.size() == 5 ? positive(args.get(4)) : 0;
        String prefix = args.size() >= 4 ? args.string(3) : "key";
        Database db = ctx.db();
        for (long j = 0; j < count; j++) {
            byte[] key = (prefix + ":" + j).getBytes(StandardCharsets.ISO_8859_1);
            if (db.exists(key)) {
                continue;
            }
            byte[] value = ("value:" + j).getBytes(StandardCharsets.ISO_8859_1);
            if (size > 0) {
                byte[] sized = new byte[(int) size];
                System.arraycopy(value, 0, sized, 0, (int) Math.min(size, value.length));
                value = sized;
            }
            db.add(key, value);
        }
        out.ok();
    }

    private static long positive(byte[] arg) {
        Long value = Numbers.parse(arg);
        if (value == null) {
            throw new RedisException(RedisErrors.NOT_INTEGER);
        }
        if (value < 0) {
            throw new RedisException("ERR value is out of range, must be positive");
        }
        return value;
    }

    /** DEBUG PROTOCOL type: one sample reply of each RESP type. */
    private static void protocol(String name, Reply out) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "string" -> out.bulk("Hello World");
            case "integer" -> out.integer(12345);
            case "double" -> out.doubleValue(3.141);
            case "bignum" -> out.bigNumber("1234567999999999999999999999999999999");
            case "null" -> out.nullBulk();
            case "array", "set" -> {
                if (name.equalsIgnoreCase("set")) {
                    out.set(3);
                } else {
                    out.array(3);
                }
                for (int j = 0; j < 3; j++) {
                    out.integer(j);
                }
            }
            case "map" -> {
                out.map(3);
                for (int j = 0; j < 3; j++) {
                    out.integer(j);
                    out.bool(j == 1);
                }
            }
            case "attrib" -> {
                if (out.protocol() >= 3) {
                    out.attribute(1);
                    out.bulk("key-popularity");
                    out.array(2);
                    out.bulk("key:123");
                    out.integer(90);
                }
                out.bulk("Some real reply following the attribute");
            }
            case "push" -> {
                if (out.protocol() < 3) {
                    throw new RedisException("ERR RESP2 is not supported by this command");
                }
                out.push(2);
                out.bulk("server-cpu-usage");
                out.integer(42);
                out.bulk("Some real reply following the push reply");
            }
            case "true" -> out.bool(true);
            case "false" -> out.bool(false);
            case "verbatim" -> out.verbatim("txt", "This is a verbatim\nstring".getBytes(StandardCharsets.US_ASCII));
            default -> throw new RedisException("ERR Wrong protocol type name. Please use one of the following: "
                    + "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
        }
    }

    /** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, empty and load the RDB file. */
    private static void reload(Context ctx, Args args, Reply out) {
        boolean flush = true;
        boolean save = true;
        for (int i = 2; i < args.size(); i++) {
            if (args.is(i, "nosave")) {
                save = false;
            } else if (args.is(i, "noflush")) {
                flush = false;
            } else if (!args.is(i, "merge")) {
                throw new RedisException("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
            }
        }
        try {
            ctx.engine().reload(save, flush);
        } catch (IOException | RdbFormatException | RuntimeException e) {
            log.warn("DEBUG RELOAD failed: {}", e.toString());
            throw new RedisException("ERR Error trying to load the RDB dump");
        }
        log.warn("DB reloaded by DEBUG RELOAD");
        out.ok();
    }

    /** DEBUG HTSTATS dbid: the key space's and the deadlines' hash tables, as dictGetStats reports them. */
    private static void htstats(Context ctx, Args args, Reply out) {
        Long id = Numbers.parse(args.get(2));
        if (id == null) {
            throw new RedisException(RedisErrors.NOT_INTEGER);
        }
        if (id < 0 || id >= ctx.engine().databaseCount()) {
            throw new RedisException("ERR Out of range database");
        }
        Database db = ctx.engine().database(id.intValue());
        StringBuilder text = new StringBuilder("[Dictionary HT]\n");
        stats(text, db.size(), db.keyChainLengths());
        text.append("[Expires HT]\n");
        stats(text, db.volatileCount(), evenChains(db.volatileCount()));
        out.verbatim("txt", text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** DEBUG HTSTATS-KEY key: the value's hash table (hashtable sets and hashes, skiplist sorted sets). */
    private static void htstatsKey(Context ctx, Args args, Reply out) {
        Object value = lookup(ctx, args.get(2));
        int[] chains = null;
        int size = 0;
        if (value instanceof RedisSet set && set.table() != null) {
            chains = set.table().chainLengths();
            size = set.size();
        } else if (value instanceof RedisHash hash && !hash.isListpack()) {
            ElementTable table = hash.table();
            chains = table.chainLengths();
            size = table.size();
        } else if (value instanceof RedisZSet zset && zset.encoding(ctx.engine().config()).equals("skiplist")) {
            size = zset.size();
            chains = evenChains(size);
        }
        if (chains == null) {
            throw new RedisException("ERR The value stored at the specified key is not represented using an hash table");
        }
        StringBuilder text = new StringBuilder();
        stats(text, size, chains);
        out.verbatim("txt", text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** A table of Redis's size for {@code size} elements, one per bucket (for tables Java keeps for us). */
    private static int[] evenChains(int size) {
        int buckets = 4;
        while (buckets < size) {
            buckets *= 2;
        }
        int[] chains = new int[buckets];
        for (int i = 0; i < size; i++) {
            chains[i] = 1;
        }
        return chains;
    }

    /** _dictGetStatsHt for the main table (ours never rehashes incrementally). */
    private static void stats(StringBuilder text, int size, int[] chains) {
        if (size == 0) {
            text.append("Hash table 0 stats (main hash table):\nNo stats available for empty dictionaries\n");
            return;
        }
        long[] vector = new long[STATS_VECTLEN];
        long slots = 0;
        long maxChain = 0;
        long totalChain = 0;
        for (int chain : chains) {
            if (chain == 0) {
                vector[0]++;
                continue;
            }
            slots++;
            vector[Math.min(chain, STATS_VECTLEN - 1)]++;
            maxChain = Math.max(maxChain, chain);
            totalChain += chain;
        }
        text.append("Hash table 0 stats (main hash table):\n")
                .append(" table size: ").append(chains.length).append('\n')
                .append(" number of elements: ").append(size).append('\n')
                .append(" different slots: ").append(slots).append('\n')
                .append(" max chain length: ").append(maxChain).append('\n')
                .append(" avg chain length (counted): ").append(twoDecimals((float) totalChain / slots)).append('\n')
                .append(" avg chain length (computed): ").append(twoDecimals((float) size / slots)).append('\n')
                .append(" Chain length distribution:\n");
        for (int i = 0; i < STATS_VECTLEN - 1; i++) {
            if (vector[i] != 0) {
                text.append("   ").append(i).append(": ").append(vector[i]).append(" (")
                        .append(twoDecimals((float) vector[i] / chains.length * 100)).append("%)\n");
            }
        }
    }

    private static String twoDecimals(float value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

}
