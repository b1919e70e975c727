package dev.redisinside.engine.server;

import dev.redisinside.engine.acl.Acl;
import dev.redisinside.engine.command.CommandTable;
import dev.redisinside.engine.command.Dispatcher;
import dev.redisinside.engine.commands.CommandGroups;
import dev.redisinside.engine.config.ServerConfig;
import dev.redisinside.engine.pubsub.KeyspaceNotifier;
import dev.redisinside.engine.pubsub.PubSub;
import dev.redisinside.engine.pubsub.PublishingNotifier;
import dev.redisinside.engine.pubsub.Tracking;
import dev.redisinside.engine.store.Database;
import dev.redisinside.engine.store.KeyEntry;
import dev.redisinside.engine.store.KeyspaceHooks;
import dev.redisinside.engine.store.rdb.RdbFile;
import dev.redisinside.engine.store.rdb.RdbFormatException;
import dev.redisinside.engine.time.ServerClock;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The server's state: databases, clients, configuration, command table and clock. Every method runs
 * on the engine thread (the single event loop), which is what makes commands atomic without locks.
 */
public final class RedisEngine implements KeyspaceHooks {

    public static final String VERSION = "7.0.15";

    private final ServerConfig config;
    private final ServerClock clock;
    private final Database[] databases;
    private final CommandTable commandTable;
    private final Dispatcher dispatcher;
    private final Acl acl;
    private final BlockingManager blocking = new BlockingManager(this);
    private final Evictor evictor = new Evictor(this);
    private final dev.redisinside.engine.store.MemoryTotal memory = new dev.redisinside.engine.store.MemoryTotal();
    private long peakMemory;
    /**
     * Whether the running command started over maxmemory (Redis's pre_command_oom_state): a script then may
     * not run a denyoom command before its first write.
     */
    public boolean preCommandOom;
    private final Map<Long, Client> clients = new LinkedHashMap<>();
    private final ArrayDeque<Client> pendingFlush = new ArrayDeque<>();
    private final long startedAt;
    private final String runId;
    private final PubSub pubSub;
    private final Tracking tracking;
    private KeyspaceNotifier notifications;
    /** Set while FLUSHALL empties the databases one by one: tracking clients hear of it once. */
    private boolean flushingAll;
    private EventLoop loop;
    private long nextClientId = 1;
    private boolean flushTaskScheduled;

    /** "Now" for the running command; frozen while a command, EXEC or script runs. */
    private long commandTime;
    private int timeFrozen;

    public final Stats stats = new Stats();

    /** DEBUG SET-ACTIVE-EXPIRE: whether the periodic task expires keys (lazy expiry always works). */
    public boolean activeExpireEnabled = true;
    /** DEBUG SET-DISABLE-DENY-SCRIPTS: scripts may call noscript commands (Redis's script_disable_deny_script). */
    public boolean scriptDenyDisabled;

    private final List<Client> monitors = new ArrayList<>();
    private final SlowLog slowLog = new SlowLog();
    private final LatencyMonitor latency = new LatencyMonitor();
    /** Error replies by code (ERR, WRONGTYPE...), sorted as Redis's rax sorts them. */
    private final TreeMap<String, Long> errorStats = new TreeMap<>();
    /** The error count when the current call started, for its failed_calls (Redis's prev_err_count). */
    private long errorMark;
    private long lastSave;
    private long dirty;
    private byte[] lastChangedKey;
    private boolean pausing;
    private long pauseEnd;
    private boolean pauseWritesOnly;
    private final ArrayDeque<Postponed> postponed = new ArrayDeque<>();

    /** A command held back by CLIENT PAUSE. */
    private record Postponed(Client client, byte[][] argv) {
    }
    private Runnable shutdownAction = () -> { };
    private java.util.function.IntPredicate listenPortChange = port -> true;
    /**
     * Set while a script runs past busy-reply-threshold on the script thread: other clients then get BUSY
     * and the periodic task leaves the data alone.
     */
    private dev.redisinside.engine.script.ScriptEngine scripts;

    /** The Lua engine: scripts, functions and their time limit (made on first use). */
    public dev.redisinside.engine.script.ScriptEngine scripts() {
        if (scripts == null) {
            scripts = new dev.redisinside.engine.script.ScriptEngine(this);
        }
        return scripts;
    }

    public volatile boolean scriptBusy;
    /** Whether the busy script is a function (FCALL): BUSY then points at FUNCTION KILL. */
    public volatile boolean scriptBusyFunction;

    /** Server-wide counters for INFO. */
    public static final class Stats {
        public long totalConnections;
        public long totalCommands;
        public long expiredKeys;
        public long evictedKeys;
        public long keyspaceHits;
        public long keyspaceMisses;
        public long rejectedConnections;
        public long netInputBytes;
        public long netOutputBytes;
        public long totalErrorReplies;
    }

    public RedisEngine(ServerConfig config, ServerClock clock) {
        this.config = config;
        this.clock = clock;
        this.databases = new Database[config.databases];
        for (int i = 0; i < databases.length; i++) {
            databases[i] = new Database(i, this, memory);
        }
        this.commandTable = new CommandTable(CommandGroups.registry(this));
        this.dispatcher = new Dispatcher(this);
        this.acl = new Acl(this, commandTable.aclCatalog());
        config.define("requirepass", () -> config.requirePass, v -> {
            config.requirePass = v;
            acl.setDefaultPassword(v);
        });
        this.pubSub = new PubSub(this);
        this.tracking = new Tracking(this, pubSub);
        this.notifications = new PublishingNotifier(config, pubSub);
        this.startedAt = clock.millis();
        StringBuilder id = new StringBuilder();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 40; i++) {
            id.append("0123456789abcdef".charAt(random.nextInt(16)));
        }
        this.runId = id.toString();
        this.commandTime = clock.millis();
        this.lastSave = startedAt / 1000;
        // CONFIG SET maxmemory below the usage evicts right away, as Redis's startEvictionTimeProc does.
        ServerConfig.Parameter maxmemory = config.parameter("maxmemory");
        config.define("maxmemory", maxmemory.getter(), v -> {
            maxmemory.setter().accept(v);
            if (loop != null) {
                loop.execute(evictor::performEvictions);
            }
        });
    }

    void attach(EventLoop loop) {
        this.loop = loop;
    }

    public EventLoop loop() {
        return loop;
    }

    public ServerConfig config() {
        return config;
    }

    public ServerClock clock() {
        return clock;
    }

    public CommandTable commandTable() {
        return commandTable;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** The ACL users, their rules and the ACL log. */
    public Acl acl() {
        return acl;
    }

    /** maxmemory eviction and the maxKeys bound. */
    public Evictor evictor() {
        return evictor;
    }

    /**
     * used_memory: what an empty Redis reports at startup plus every database's estimate (keys, values,
     * dict entries and buckets). Client buffers, scripts and the JVM's own overheads are not counted.
     */
    public long usedMemory() {
        if (memory.pending()) {
            for (Database db : databases) {
                db.settle();
            }
            memory.settled();
        }
        long used = dev.redisinside.engine.store.MemoryEstimate.STARTUP_BYTES + memory.bytes();
        peakMemory = Math.max(peakMemory, used);
        return used;
    }

    /** The highest {@link #usedMemory()} seen (used_memory_peak). */
    public long peakMemory() {
        return peakMemory;
    }

    /** Clients parked by blocking commands (BLPOP, ...). */
    public BlockingManager blocking() {
        return blocking;
    }

    public PubSub pubSub() {
        return pubSub;
    }

    public Tracking tracking() {
        return tracking;
    }

    public KeyspaceNotifier notifications() {
        return notifications;
    }

    public void notifications(KeyspaceNotifier notifier) {
        this.notifications = notifier;
    }

    public String runId() {
        return runId;
    }

    public long startedAt() {
        return startedAt;
    }

    public Database database(int index) {
        return databases[index];
    }

    public int databaseCount() {
        return databases.length;
    }

    // ---- time ----

    @Override
    public long now() {
        return timeFrozen > 0 ? commandTime : clock.millis();
    }

    /** Fixes "now" until {@link #unfreezeTime}; nested calls (EXEC running commands) keep the outer time. */
    public void freezeTime() {
        if (timeFrozen++ == 0) {
            commandTime = clock.millis();
        }
    }

    public void unfreezeTime() {
        timeFrozen--;
    }

    // ---- clients ----

    Client register(Channel channel) {
        Client client = new Client(nextClientId++, channel, this);
        clients.put(client.id(), client);
        stats.totalConnections++;
        return client;
    }

    /** A client with no connection, for running commands from the in-process API. */
    public Client internalClient() {
        Client client = new Client(nextClientId++, null, this);
        client.user = acl.superuser();
        client.authenticated = true;
        return client;
    }

    void unregister(Client client) {
        clients.remove(client.id());
        monitors.remove(client);
        client.discardOutput();
        dispatcher.clientClosed(client);
        blocking.clientClosed(client);
        pubSub.clientClosed(client);
        tracking.clientClosed(client);
    }

    public Collection<Client> clients() {
        return Collections.unmodifiableCollection(clients.values());
    }

    public Client client(long id) {
        return clients.get(id);
    }

    void scheduleFlush(Client client) {
        pendingFlush.add(client);
        if (!flushTaskScheduled && loop != null) {
            flushTaskScheduled = true;
            loop.execute(this::flushPending);
        }
    }

    /** Sends every reply produced for other clients during the current task. */
    public void flushPending() {
        flushTaskScheduled = false;
        Client client;
        while ((client = pendingFlush.poll()) != null) {
            client.flush();
        }
    }

    // ---- statistics, slow log, monitors ----

    /** Counts an error reply (total_error_replies and INFO errorstats, keyed by the error's code). */
    public void countError(String text) {
        stats.totalErrorReplies++;
        int space = text.indexOf(' ');
        String code = space > 0 && space < 31 ? text.substring(0, space) : "ERR";
        errorStats.merge(code, 1L, Long::sum);
    }

    public Map<String, Long> errorStats() {
        return Collections.unmodifiableMap(errorStats);
    }

    /** Starts a call's error accounting; {@link #callFailed()} then tells whether it replied an error. */
    public void markErrors() {
        errorMark = stats.totalErrorReplies;
    }

    /** An error reply counted where it arose (Redis's ERR_REPLY_FLAG_NO_STATS_UPDATE) still fails the call. */
    public void failedUncounted() {
        errorMark = stats.totalErrorReplies - 1;
    }

    public boolean callFailed() {
        boolean failed = stats.totalErrorReplies != errorMark;
        errorMark = stats.totalErrorReplies;
        return failed;
    }

    /** CONFIG RESETSTAT: server counters, command statistics and error statistics. */
    public void resetStats() {
        stats.totalConnections = 0;
        stats.totalCommands = 0;
        stats.expiredKeys = 0;
        stats.evictedKeys = 0;
        stats.keyspaceHits = 0;
        stats.keyspaceMisses = 0;
        stats.rejectedConnections = 0;
        stats.netInputBytes = 0;
        stats.netOutputBytes = 0;
        stats.totalErrorReplies = 0;
        errorMark = 0;
        errorStats.clear();
        for (dev.redisinside.engine.command.Command command : commandTable.commands()) {
            command.stats().reset();
            command.subcommands().values().forEach(sub -> sub.stats().reset());
        }
    }

    public SlowLog slowLog() {
        return slowLog;
    }

    public LatencyMonitor latency() {
        return latency;
    }

    public boolean hasMonitors() {
        return !monitors.isEmpty();
    }

    public void addMonitor(Client client) {
        if (!client.monitor) {
            client.monitor = true;
            monitors.add(client);
        }
    }

    public void removeMonitor(Client client) {
        if (client.monitor) {
            client.monitor = false;
            monitors.remove(client);
        }
    }

    /** Sends a command line to every MONITOR client, in Redis's {@code +<time> [<db> <addr>] "arg" ...} form. */
    public void feedMonitors(Client client, byte[][] argv) {
        long micros = clock.micros();
        StringBuilder line = new StringBuilder(64);
        line.append(micros / 1_000_000).append('.');
        String fraction = Long.toString(micros % 1_000_000);
        line.append("000000", 0, 6 - fraction.length()).append(fraction);
        line.append(" [").append(client.db).append(' ');
        line.append(client.channel() == null ? "lua" : client.address()).append("] ");
        for (int j = 0; j < argv.length; j++) {
            if (j > 0) {
                line.append(' ');
            }
            appendRepr(line, argv[j]);
        }
        String text = line.toString();
        for (Client monitor : monitors) {
            monitor.asyncOut().simple(text);
        }
    }

    /** Redis's sdscatrepr: a quoted string with C escapes for quotes, control and non-ASCII bytes. */
    public static void appendRepr(StringBuilder out, byte[] value) {
        out.append('"');
        for (byte b : value) {
            int c = b & 0xff;
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                default -> {
                    if (c >= 32 && c < 127) {
                        out.append((char) c);
                    } else {
                        out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    }
                }
            }
        }
        out.append('"');
    }

    // ---- persistence, pause, shutdown ----

    /** Unix time in seconds of the last (pretended) save. */
    public long lastSave() {
        return lastSave;
    }

    public void saved() {
        lastSave = clock.millis() / 1000;
        dirty = 0;
    }

    /** Changes since the last save or load (rdb_changes_since_last_save). */
    public long dirty() {
        return dirty;
    }

    /** The RDB file named by {@code dir} and {@code dbfilename}. */
    public Path rdbPath() {
        return Path.of(config.parameter("dir").getter().get(), config.parameter("dbfilename").getter().get());
    }

    /**
     * SAVE: the dataset and function libraries as an RDB file at {@link #rdbPath()}, written to a temporary
     * file and renamed over the old one as Redis does, so a crash never leaves a half-written dump.
     */
    public void saveRdb() throws IOException {
        byte[] file = snapshot();
        Path target = rdbPath();
        Path temp = target.resolveSibling("temp-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".rdb");
        try {
            Files.write(temp, file);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        saved();
    }

    /** The dataset and function libraries in RDB form, as SAVE writes them. */
    public byte[] snapshot() {
        java.util.List<byte[]> functionCodes = new java.util.ArrayList<>();
        if (scripts != null) {
            scripts.functions().libraries().values().forEach(lib -> functionCodes.add(lib.code));
        }
        java.util.List<RdbFile.Db> dbs = new java.util.ArrayList<>();
        for (Database db : databases) {
            java.util.List<RdbFile.Entry> entries = new java.util.ArrayList<>(db.size());
            long[] volatileCount = {0};
            db.forEachLive(e -> {
                entries.add(new RdbFile.Entry(e.key(), e.value(), e.expireAt()));
                if (e.expireAt() != KeyEntry.NO_EXPIRY) {
                    volatileCount[0]++;
                }
            });
            dbs.add(new RdbFile.Db(db.id(), entries, volatileCount[0]));
        }
        return RdbFile.save(functionCodes, dbs, config, VERSION, clock.millis(),
                Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
    }

    /**
     * Loads the RDB file at {@link #rdbPath()} when there is one (Redis does so at start): keys already
     * expired are skipped, as a master does. Returns the number of keys loaded, or -1 without a file.
     */
    public long loadRdb() throws IOException, RdbFormatException {
        Path path = rdbPath();
        if (!Files.isRegularFile(path)) {
            return -1;
        }
        long loaded = load(Files.readAllBytes(path));
        saved();
        return loaded;
    }

    /**
     * DEBUG RELOAD: saves the RDB file (unless {@code save} is false), empties the dataset and the function
     * libraries (unless {@code flush} is false) and loads the file back, so values come back in the
     * encodings a fresh load gives them.
     */
    public void reload(boolean save, boolean flush) throws IOException, RdbFormatException {
        if (save) {
            saveRdb();
        }
        byte[] file = Files.readAllBytes(rdbPath());
        if (flush) {
            emptyData();
        }
        load(file);
        saved();
    }

    /**
     * DEBUG LOADAOF: this server keeps no append-only file, so the dataset makes the same round trip through
     * its persisted form in memory (what an AOF rewrite and reload amounts to) and counts as saved.
     */
    public void reloadInMemory() throws RdbFormatException {
        byte[] file = snapshot();
        emptyData();
        load(file);
        dirty = 0;
    }

    private void emptyData() {
        flushAll();
        if (scripts != null) {
            scripts.functions().flush();
        }
    }

    private long load(byte[] file) throws RdbFormatException {
        long now = clock.millis();
        long[] loaded = {0};
        RdbFile.load(file, config, new RdbFile.Sink() {
            @Override
            public void function(byte[] code) {
                scripts().functions().load(code, true);
            }

            @Override
            public void key(int db, byte[] key, Object value, long expireAt) {
                if (db < 0 || db >= databases.length) {
                    throw new IllegalStateException("FATAL: Data file was created with a Redis server configured to "
                            + "handle more than " + databases.length + " databases. Exiting");
                }
                if (expireAt >= 0 && expireAt < now) {
                    return;
                }
                Database target = databases[db];
                target.delete(key);
                KeyEntry entry = target.add(key, value);
                if (expireAt >= 0) {
                    target.setExpiry(entry, expireAt);
                }
                loaded[0]++;
            }
        });
        return loaded[0];
    }

    /**
     * CLIENT PAUSE: until the server time {@code until}, commands (or only writes) are held back and run
     * when the pause ends. A second pause extends the first (the later end, the stricter mode), as in Redis.
     */
    public void pauseClients(long until, boolean writesOnly) {
        if (pausing) {
            pauseEnd = Math.max(pauseEnd, until);
            pauseWritesOnly &= writesOnly;
        } else {
            pausing = true;
            pauseEnd = until;
            pauseWritesOnly = writesOnly;
        }
        long delay = pauseEnd - clock.millis();
        if (delay <= 0) {
            unpauseClients();
        } else if (loop != null) {
            loop.schedule(this::checkPause, delay + 1, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /** CLIENT UNPAUSE, or the pause's end: runs the held commands in arrival order. */
    public void unpauseClients() {
        pausing = false;
        pauseEnd = 0;
        while (!pausing && !postponed.isEmpty()) {
            Postponed next = postponed.poll();
            Client client = next.client();
            if (!client.isOpen()) {
                continue;
            }
            client.blocked = false;
            dispatcher.execute(client, next.argv());
            if (!client.blocked) {
                client.unblock();
            } else {
                client.asyncOut();
            }
        }
        flushPending();
    }

    private void checkPause() {
        if (pausing && clock.millis() >= pauseEnd) {
            unpauseClients();
        }
    }

    /**
     * Whether the command must wait for the end of a CLIENT PAUSE: every command in ALL mode, those that may
     * replicate (writes, may-replicate commands, an EXEC queueing one) in WRITE mode. MONITOR clients are
     * never held.
     */
    public boolean mustPostpone(Client client, boolean mayReplicate) {
        if (!pausing || client.monitor) {
            return false;
        }
        if (clock.millis() >= pauseEnd) {
            unpauseClients();
            return false;
        }
        return !pauseWritesOnly || mayReplicate;
    }

    /** Holds the client's command until the pause ends; its input stops meanwhile, as for a blocked client. */
    public void postpone(Client client, byte[][] argv) {
        client.blocked = true;
        postponed.add(new Postponed(client, argv));
    }

    public boolean pausing() {
        return pausing;
    }

    /** What SHUTDOWN does: set by the network layer to stop this server (never the JVM). */
    public void onShutdown(Runnable action) {
        this.shutdownAction = action;
    }

    public void shutdown() {
        shutdownAction.run();
    }

    /** How CONFIG SET port moves the listener: set by the network layer; without one nothing listens. */
    public void onListenPortChange(java.util.function.IntPredicate action) {
        this.listenPortChange = action;
    }

    /** Listens on {@code port} instead (0: not at all); false when the port cannot be bound. */
    public boolean changeListenPort(int port) {
        return listenPortChange.test(port);
    }

    // ---- keyspace hooks ----

    @Override
    public void keyModified(Database db, byte[] key) {
        dispatcher.keyModified(db, key);
        tracking.keyModified(key, dispatcher.currentClient());
        blocking.keyModified(db, key);
    }

    /**
     * Redis counts a change per command and key (dirty++ after the write), while a command here may
     * signal one key several times (created, then changed): repeated signals with the same argument
     * count once.
     */
    @Override
    public void changed(byte[] key, long count) {
        if (key == null || key != lastChangedKey) {
            dirty += count;
        }
        lastChangedKey = key;
    }

    @Override
    public void keyEvicted(Database db, byte[] key) {
        dispatcher.keyModified(db, key);
        tracking.keyModified(key, null);
        blocking.keyModified(db, key);
    }

    @Override
    public void keyAdded(Database db, byte[] key) {
        notifications.notify(KeyspaceNotifier.NEW, "new", key, db.id());
    }

    @Override
    public void keyExpired(Database db, byte[] key) {
        stats.expiredKeys++;
        notifications.notify(KeyspaceNotifier.EXPIRED, "expired", key, db.id());
    }

    @Override
    public boolean expiryPaused() {
        return pausing();
    }

    @Override
    public void databasesSwapping(Database a, Database b) {
        dispatcher.databaseReplacing(a, b);
        dispatcher.databaseReplacing(b, a);
    }

    @Override
    public void databaseReplaced(Database db) {
        blocking.databaseReplaced(db);
    }

    @Override
    public boolean lfuPolicy() {
        return config.lfuPolicy;
    }

    @Override
    public dev.redisinside.engine.store.EncodingLimits encodingLimits() {
        return config;
    }

    @Override
    public int lfuLogFactor() {
        return config.lfuLogFactor;
    }

    @Override
    public int lfuDecayTime() {
        return config.lfuDecayTime;
    }

    @Override
    public void databaseFlushed(Database db) {
        dispatcher.databaseReplacing(db, null);
        // checked after the command, when the keys are gone: XREADGROUP waiters get their error (scanDatabaseForDeletedStreams)
        blocking.databaseReplaced(db);
        if (!flushingAll) {
            tracking.flushed(dispatcher.currentClient());
        }
    }

    /** Empties every database (FLUSHALL). */
    public void flushAll() {
        flushingAll = true;
        try {
            for (Database db : databases) {
                db.clear();
            }
        } finally {
            flushingAll = false;
        }
        tracking.flushed(dispatcher.currentClient());
    }

    /** Exchanges two databases (SWAPDB). */
    public void swapDatabases(int a, int b) {
        databases[a].swapWith(databases[b]);
    }

    /** The periodic task (Redis's serverCron), {@code hz} times a second on the engine thread. */
    void cron() {
        if (scriptBusy) {
            return;
        }
        if (pausing) {
            checkPause();
        }
        if (config.timeout > 0) {
            closeIdleClients();
        }
        // Closing only flags the channel: the client leaves this map later, when Netty reports it.
        for (Client client : clients.values()) {
            pubSub.enforceOutputLimit(client);
        }
        if (activeExpireEnabled) {
            activeExpireCycle();
        }
        // Also from the cron, so a CONFIG SET of tracking-table-max-keys takes effect on an idle server.
        tracking.limitUsedSlots(null);
        usedMemory();
        blocking.expireTimeouts(clock.millis());
        blocking.handleReadyKeys();
    }

    /**
     * The {@code timeout} setting: closes clients idle for longer, except blocked, subscribed and MONITOR
     * clients (Redis's clientsCronHandleTimeout).
     */
    private void closeIdleClients() {
        long limit = config.timeout * 1000;
        long now = clock.millis();
        for (Client client : clients.values()) {
            if (!client.blocked && client.subscriptions == 0 && !client.monitor && now - client.lastInteraction > limit) {
                client.close();
            }
        }
    }

    /** Runs an active expiry pass now (after the clock was moved). */
    public void activeExpireNow() {
        activeExpireCycle();
    }

    /** After the clock was moved: expires keys and releases blocked clients whose timeout has passed. */
    public void clockMoved() {
        if (pausing) {
            checkPause();
        }
        activeExpireCycle();
        blocking.expireTimeouts(clock.millis());
        blocking.handleReadyKeys();
        flushPending();
    }

    /**
     * Active expiry, Redis's activeExpireCycle in short: sample keys with a time to live and remove the
     * expired ones, repeating while many were expired, within a small time budget.
     */
    private void activeExpireCycle() {
        if (pausing()) {
            return; // a paused dataset stays as it is (checkClientPauseTimeoutAndReturnIfPaused)
        }
        long deadline = System.nanoTime() + 25_000_000L / Math.max(1, config.hz / 10);
        for (Database db : databases) {
            if (db.volatileCount() == 0) {
                continue;
            }
            freezeTime();
            try {
                int expired;
                do {
                    expired = 0;
                    int samples = Math.min(20, db.volatileCount());
                    long now = now();
                    for (int i = 0; i < samples; i++) {
                        KeyEntry entry = db.randomVolatileEntry();
                        if (entry != null && db.expireIfDue(entry, now)) {
                            expired++;
                        }
                    }
                } while (expired > 5 && System.nanoTime() < deadline);
            } finally {
                unfreezeTime();
            }
        }
        flushPending();
    }
}
