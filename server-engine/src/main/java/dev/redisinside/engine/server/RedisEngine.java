package dev.redisinside.engine.server;

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
import dev.redisinside.engine.time.ServerClock;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
    private final BlockingManager blocking = new BlockingManager(this);
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
            databases[i] = new Database(i, this);
        }
        this.commandTable = new CommandTable(CommandGroups.registry(this));
        this.dispatcher = new Dispatcher(this);
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
        return new Client(nextClientId++, null, this);
    }

    void unregister(Client client) {
        clients.remove(client.id());
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

    // ---- keyspace hooks ----

    @Override
    public void keyModified(Database db, byte[] key) {
        dispatcher.keyModified(db, key);
        tracking.keyModified(key, dispatcher.currentClient());
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
    public void databaseReplaced(Database db) {
        dispatcher.databaseReplaced(db);
        blocking.databaseReplaced(db);
    }

    @Override
    public boolean lfuPolicy() {
        return config.lfuPolicy;
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
        dispatcher.databaseReplaced(db);
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
        activeExpireCycle();
        blocking.expireTimeouts(clock.millis());
        blocking.handleReadyKeys();
    }

    /** Runs an active expiry pass now (after the clock was moved). */
    public void activeExpireNow() {
        activeExpireCycle();
    }

    /** After the clock was moved: expires keys and releases blocked clients whose timeout has passed. */
    public void clockMoved() {
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
