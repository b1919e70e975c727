package dev.redisinside.engine.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of the command table: Redis's recorded metadata for the command and our handler. The
 * recorded {@code COMMAND INFO} and {@code COMMAND DOCS} replies are kept as value trees and replayed
 * as they are.
 */
public final class Command {

    public static final long WRITE = 1L;
    public static final long READONLY = 1L << 1;
    public static final long DENYOOM = 1L << 2;
    public static final long ADMIN = 1L << 3;
    public static final long PUBSUB = 1L << 4;
    public static final long NOSCRIPT = 1L << 5;
    public static final long BLOCKING = 1L << 6;
    public static final long LOADING = 1L << 7;
    public static final long STALE = 1L << 8;
    public static final long SKIP_MONITOR = 1L << 9;
    public static final long SKIP_SLOWLOG = 1L << 10;
    public static final long FAST = 1L << 11;
    public static final long NO_AUTH = 1L << 12;
    public static final long MAY_REPLICATE = 1L << 13;
    public static final long NO_MULTI = 1L << 14;
    public static final long MOVABLEKEYS = 1L << 15;
    public static final long ALLOW_BUSY = 1L << 16;
    public static final long NO_MANDATORY_KEYS = 1L << 17;

    private final String name;
    private final String fullName;
    private final int arity;
    private final long flags;
    private final int firstKey;
    private final int lastKey;
    private final int keyStep;
    private final Object info;
    private final Object docs;
    private final CommandHandler handler;
    private final Map<String, Command> subcommands = new LinkedHashMap<>();
    final CommandStats stats = new CommandStats();
    /** The command's bit in ACL command bitmaps ({@link AclCatalog}). */
    int aclId;

    Command(String fullName, int arity, long flags, int firstKey, int lastKey, int keyStep, Object info, Object docs,
            CommandHandler handler) {
        this.fullName = fullName;
        int bar = fullName.indexOf('|');
        this.name = bar < 0 ? fullName : fullName.substring(bar + 1);
        this.arity = arity;
        this.flags = flags;
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.keyStep = keyStep;
        this.info = info;
        this.docs = docs;
        this.handler = handler;
    }

    /** The lower-case name, {@code get} or, for a subcommand, {@code get} of {@code config|get}. */
    public String name() {
        return name;
    }

    /** {@code get}, or {@code config|get} for a subcommand: the name in arity errors and ACL rules. */
    public String fullName() {
        return fullName;
    }

    public int arity() {
        return arity;
    }

    public boolean has(long flag) {
        return (flags & flag) != 0;
    }

    public long flags() {
        return flags;
    }

    public int firstKey() {
        return firstKey;
    }

    public int lastKey() {
        return lastKey;
    }

    public int keyStep() {
        return keyStep;
    }

    /** The recorded COMMAND INFO entry, trimmed to the subcommands we implement. */
    public Object info() {
        return info;
    }

    /** The recorded COMMAND DOCS value (a map), or null. */
    public Object docs() {
        return docs;
    }

    public int aclId() {
        return aclId;
    }

    public CommandHandler handler() {
        return handler;
    }

    public boolean isContainer() {
        return !subcommands.isEmpty();
    }

    public Map<String, Command> subcommands() {
        return Collections.unmodifiableMap(subcommands);
    }

    void addSubcommand(Command sub) {
        subcommands.put(sub.name(), sub);
    }

    public CommandStats stats() {
        return stats;
    }

    /** Whether this many arguments (command name included) fit the arity. */
    public boolean arityAccepts(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    /** Counters for INFO commandstats, and the latency distribution once the command ran (latencystats). */
    public static final class CommandStats {
        public long calls;
        public long microseconds;
        public long rejectedCalls;
        public long failedCalls;
        private LatencyHistogram latency;

        public void recordLatency(long nanos) {
            if (latency == null) {
                latency = new LatencyHistogram();
            }
            latency.record(nanos);
        }

        /** Null until the command ran with {@code latency-tracking} on. */
        public LatencyHistogram latency() {
            return latency;
        }

        public void reset() {
            calls = 0;
            microseconds = 0;
            rejectedCalls = 0;
            failedCalls = 0;
            latency = null;
        }
    }
}
