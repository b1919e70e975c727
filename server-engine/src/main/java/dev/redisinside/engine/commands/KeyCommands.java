package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.GlobMatcher;
import dev.redisinside.engine.command.Numbers;
import dev.redisinside.engine.command.RedisErrors;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.config.ServerConfig;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.pubsub.KeyspaceNotifier;
import dev.redisinside.engine.store.Database;
import dev.redisinside.engine.store.KeyEntry;
import dev.redisinside.engine.store.Lfu;
import dev.redisinside.engine.store.RedisValue;
import dev.redisinside.engine.store.ValueType;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Generic keyspace commands (db.c, expire.c, object.c), plus SWAPDB. */
public final class KeyCommands implements CommandGroup {

    static final String SAME_OBJECT = "ERR source and destination objects are the same";
    static final String INT_OUT_OF_RANGE = "ERR value is out of range, value must between -2147483648 and 2147483647";
    static final String NX_AND_XX_GT_LT = "ERR NX and XX, GT or LT options at the same time are not compatible";
    static final String GT_AND_LT = "ERR GT and LT options at the same time are not compatible";
    static final String LFU_NOT_SELECTED = "ERR An LFU maxmemory policy is not selected, access frequency not tracked."
            + " Please note that when switching between policies at runtime LRU and LFU data will take some time to"
            + " adjust.";
    static final String LFU_SELECTED = "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note"
            + " that when switching between policies at runtime LRU and LFU data will take some time to adjust.";

    private static final String[] OBJECT_HELP = {
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Prints this help.",
    };

    /** Redis shares the integers 0..9999 as values (OBJ_SHARED_INTEGERS); their refcount is INT_MAX. */
    private static final int SHARED_INTEGERS = 10000;
    /** Strings up to this length are allocated with their object (OBJ_ENCODING_EMBSTR_SIZE_LIMIT). */
    private static final int EMBSTR_SIZE_LIMIT = 44;

    private static final BigInteger UNSIGNED_LONG_LIMIT = BigInteger.ONE.shiftLeft(64);

    private static final int EXPIRE_NX = 1;
    private static final int EXPIRE_XX = 1 << 1;
    private static final int EXPIRE_GT = 1 << 2;
    private static final int EXPIRE_LT = 1 << 3;

    @Override
    public void register(CommandRegistry r) {
        r.register("del", this::del);
        r.register("unlink", this::del);
        r.register("exists", this::exists);
        r.register("type", this::type);
        r.register("keys", this::keys);
        r.register("scan", this::scan);
        r.register("randomkey", this::randomkey);
        r.register("rename", (ctx, args, out) -> rename(ctx, args, out, false));
        r.register("renamenx", (ctx, args, out) -> rename(ctx, args, out, true));
        r.register("copy", this::copy);
        r.register("move", this::move);
        r.register("touch", this::touch);
        r.register("expire", (ctx, args, out) -> expire(ctx, args, out, ctx.now(), true));
        r.register("pexpire", (ctx, args, out) -> expire(ctx, args, out, ctx.now(), false));
        r.register("expireat", (ctx, args, out) -> expire(ctx, args, out, 0, true));
        r.register("pexpireat", (ctx, args, out) -> expire(ctx, args, out, 0, false));
        r.register("ttl", (ctx, args, out) -> ttl(ctx, args, out, false, false));
        r.register("pttl", (ctx, args, out) -> ttl(ctx, args, out, true, false));
        r.register("expiretime", (ctx, args, out) -> ttl(ctx, args, out, false, true));
        r.register("pexpiretime", (ctx, args, out) -> ttl(ctx, args, out, true, true));
        r.register("persist", this::persist);
        r.register("object|encoding", this::objectEncoding);
        r.register("object|freq", this::objectFreq);
        r.register("object|idletime", this::objectIdletime);
        r.register("object|refcount", this::objectRefcount);
        r.register("object|help", this::objectHelp);
        r.register("swapdb", this::swapdb);
    }

    /** DEL and UNLINK (freeing is never deferred here, so they are the same). */
    void del(Context ctx, Args args, Reply out) {
        long deleted = 0;
        for (int i = 1; i < args.size(); i++) {
            if (ctx.db().delete(args.get(i))) {
                ctx.notify(KeyspaceNotifier.GENERIC, "del", args.get(i));
                deleted++;
            }
        }
        out.integer(deleted);
    }

    void exists(Context ctx, Args args, Reply out) {
        long count = 0;
        for (int i = 1; i < args.size(); i++) {
            if (ctx.lookupReadNoTouch(args.get(i)) != null) {
                count++;
            }
        }
        out.integer(count);
    }

    void type(Context ctx, Args args, Reply out) {
        KeyEntry entry = ctx.lookupReadNoTouch(args.get(1));
        out.simple(entry == null ? "none" : ValueType.of(entry.value()).typeName());
    }

    void keys(Context ctx, Args args, Reply out) {
        byte[] pattern = args.get(1);
        boolean all = GlobMatcher.matchesAll(pattern);
        List<byte[]> matched = new ArrayList<>();
        ctx.db().forEachLive(entry -> {
            if (all || GlobMatcher.matches(pattern, entry.key())) {
                matched.add(entry.key());
            }
        });
        out.arrayOfBulks(matched);
    }

    void scan(Context ctx, Args args, Reply out) {
        long cursor = parseScanCursor(args.get(1));
        long count = 10;
        byte[] pattern = null;
        String typeName = null;
        int i = 2;
        while (i < args.size()) {
            int remaining = args.size() - i;
            if (args.is(i, "count") && remaining >= 2) {
                Long parsed = Numbers.parse(args.get(i + 1));
                if (parsed == null) {
                    throw new RedisException(RedisErrors.NOT_INTEGER);
                }
                if (parsed < 1) {
                    throw new RedisException(RedisErrors.SYNTAX);
                }
                count = parsed;
                i += 2;
            } else if (args.is(i, "match") && remaining >= 2) {
                pattern = args.get(i + 1);
                i += 2;
            } else if (args.is(i, "type") && remaining >= 2) {
                typeName = args.string(i + 1);
                i += 2;
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        byte[] match = pattern == null || GlobMatcher.matchesAll(pattern) ? null : pattern;
        String type = typeName;
        List<byte[]> found = new ArrayList<>();
        // The table's visit budget is count * 10 buckets; bigger counts than that cannot change the result.
        int budget = (int) Math.min(count, Integer.MAX_VALUE / 10);
        long next = ctx.db().scan(cursor, budget, entry -> {
            if (match != null && !GlobMatcher.matches(match, entry.key())) {
                return;
            }
            if (type != null && !type.equalsIgnoreCase(ValueType.of(ctx.lookupReadNoTouch(entry.key()).value()).typeName())) {
                return;
            }
            found.add(entry.key());
        });
        out.array(2);
        out.bulk(Long.toUnsignedString(next));
        out.arrayOfBulks(found);
    }

    /** A SCAN cursor as C's strtoul reads it: optional sign (a '-' negates modulo 2^64), decimal digits. */
    static long parseScanCursor(byte[] text) {
        int i = 0;
        boolean negative = false;
        if (text.length > 0 && (text[0] == '-' || text[0] == '+')) {
            negative = text[0] == '-';
            i = 1;
        }
        if (i == text.length) {
            if (text.length == 0) {
                return 0; // strtoul consumes nothing, and the end pointer is at the terminating NUL
            }
            throw new RedisException(RedisErrors.INVALID_CURSOR);
        }
        BigInteger value = BigInteger.ZERO;
        for (; i < text.length; i++) {
            int d = text[i] - '0';
            if (d < 0 || d > 9) {
                throw new RedisException(RedisErrors.INVALID_CURSOR);
            }
            value = value.multiply(BigInteger.TEN).add(BigInteger.valueOf(d));
            if (value.compareTo(UNSIGNED_LONG_LIMIT) >= 0) {
                throw new RedisException(RedisErrors.INVALID_CURSOR);
            }
        }
        long cursor = value.longValue();
        return negative ? -cursor : cursor;
    }

    void randomkey(Context ctx, Args args, Reply out) {
        KeyEntry entry = ctx.db().randomEntry();
        if (entry == null) {
            out.nullBulk();
        } else {
            out.bulk(entry.key());
        }
    }

    void rename(Context ctx, Args args, Reply out, boolean nx) {
        byte[] from = args.get(1);
        byte[] to = args.get(2);
        Database db = ctx.db();
        if (db.get(from) == null) {
            throw new RedisException(RedisErrors.NO_SUCH_KEY);
        }
        if (Arrays.equals(from, to)) {
            if (nx) {
                out.integer(0);
            } else {
                out.ok();
            }
            return;
        }
        KeyEntry source = db.entry(from);
        if (db.get(to) != null) {
            if (nx) {
                out.integer(0);
                return;
            }
            db.delete(to);
        }
        KeyEntry target = db.add(to, source.value());
        target.lru(source.lru()); // the same value object moves, with its access clock
        if (source.expireAt() != KeyEntry.NO_EXPIRY) {
            db.setExpiry(target, source.expireAt());
        }
        db.delete(from);
        ctx.notify(KeyspaceNotifier.GENERIC, "rename_from", from);
        ctx.notify(KeyspaceNotifier.GENERIC, "rename_to", to);
        if (nx) {
            out.integer(1);
        } else {
            out.ok();
        }
    }

    void move(Context ctx, Args args, Reply out) {
        byte[] key = args.get(1);
        int target = dbIndex(ctx, args.get(2));
        Database src = ctx.db();
        Database dst = ctx.engine().database(target);
        if (src == dst) {
            throw new RedisException(SAME_OBJECT);
        }
        if (src.get(key) == null) {
            out.integer(0);
            return;
        }
        KeyEntry source = src.entry(key);
        if (dst.get(key) != null) {
            out.integer(0);
            return;
        }
        KeyEntry moved = dst.add(key, source.value());
        moved.lru(source.lru());
        if (source.expireAt() != KeyEntry.NO_EXPIRY) {
            dst.setExpiry(moved, source.expireAt());
        }
        src.delete(key);
        ctx.engine().notifications().notify(KeyspaceNotifier.GENERIC, "move_from", key, src.id());
        ctx.engine().notifications().notify(KeyspaceNotifier.GENERIC, "move_to", key, dst.id());
        out.integer(1);
    }

    void copy(Context ctx, Args args, Reply out) {
        byte[] key = args.get(1);
        byte[] newKey = args.get(2);
        Database src = ctx.db();
        Database dst = src;
        boolean replace = false;
        for (int j = 3; j < args.size(); j++) {
            int additional = args.size() - j - 1;
            if (args.is(j, "replace")) {
                replace = true;
            } else if (args.is(j, "db") && additional >= 1) {
                dst = ctx.engine().database(dbIndex(ctx, args.get(j + 1)));
                j++;
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        if (src == dst && Arrays.equals(key, newKey)) {
            throw new RedisException(SAME_OBJECT);
        }
        Object value = ctx.lookupRead(key);
        if (value == null) {
            out.integer(0);
            return;
        }
        long expireAt = src.entry(key).expireAt();
        if (dst.get(newKey) != null) {
            if (!replace) {
                out.integer(0);
                return;
            }
            dst.delete(newKey);
        }
        Object duplicate = value instanceof byte[] bytes ? bytes.clone() : ((RedisValue) value).copy();
        KeyEntry copied = dst.add(newKey, duplicate);
        if (expireAt != KeyEntry.NO_EXPIRY) {
            dst.setExpiry(copied, expireAt);
        }
        ctx.engine().notifications().notify(KeyspaceNotifier.GENERIC, "copy_to", newKey, dst.id());
        out.integer(1);
    }

    /** A database index as MOVE and COPY read it (getIntFromObjectOrReply, then selectDb). */
    private static int dbIndex(Context ctx, byte[] text) {
        Long index = Numbers.parse(text);
        if (index == null) {
            throw new RedisException(RedisErrors.NOT_INTEGER);
        }
        if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
            throw new RedisException(INT_OUT_OF_RANGE);
        }
        if (index < 0 || index >= ctx.engine().databaseCount()) {
            throw new RedisException(RedisErrors.DB_INDEX_OUT_OF_RANGE);
        }
        return index.intValue();
    }

    void touch(Context ctx, Args args, Reply out) {
        long touched = 0;
        for (int i = 1; i < args.size(); i++) {
            if (ctx.lookupRead(args.get(i)) != null) {
                touched++;
            }
        }
        out.integer(touched);
    }

    /**
     * EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT: {@code basetime} is "now" for the relative forms and 0 for
     * the absolute ones. A deadline already past deletes the key (a {@code del} event, as Redis does).
     */
    void expire(Context ctx, Args args, Reply out, long basetime, boolean seconds) {
        byte[] key = args.get(1);
        int flags = expireFlags(args);
        Long parsed = Numbers.parse(args.get(2));
        if (parsed == null) {
            throw new RedisException(RedisErrors.NOT_INTEGER);
        }
        long when = parsed;
        String name = args.string(0).toLowerCase(Locale.ROOT);
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                throw new RedisException(RedisErrors.invalidExpireTime(name));
            }
            when *= 1000;
        }
        if (when > Long.MAX_VALUE - basetime) {
            throw new RedisException(RedisErrors.invalidExpireTime(name));
        }
        when += basetime;
        Database db = ctx.db();
        if (db.get(key) == null) {
            out.integer(0);
            return;
        }
        KeyEntry entry = db.entry(key);
        long current = entry.expireAt();
        if ((flags & EXPIRE_NX) != 0 && current != KeyEntry.NO_EXPIRY
                || (flags & EXPIRE_XX) != 0 && current == KeyEntry.NO_EXPIRY
                || (flags & EXPIRE_GT) != 0 && (current == KeyEntry.NO_EXPIRY || when <= current)
                || (flags & EXPIRE_LT) != 0 && current != KeyEntry.NO_EXPIRY && when >= current) {
            out.integer(0);
            return;
        }
        if (when <= ctx.now()) {
            db.delete(key);
            ctx.notify(KeyspaceNotifier.GENERIC, "del", key);
            out.integer(1);
        } else {
            db.setExpiry(entry, when);
            db.signalModified(key);
            // Redis replies before this event (but after "del" above).
            out.integer(1);
            ctx.notify(KeyspaceNotifier.GENERIC, "expire", key);
        }
    }

    private static int expireFlags(Args args) {
        int flags = 0;
        for (int j = 3; j < args.size(); j++) {
            if (args.is(j, "nx")) {
                flags |= EXPIRE_NX;
            } else if (args.is(j, "xx")) {
                flags |= EXPIRE_XX;
            } else if (args.is(j, "gt")) {
                flags |= EXPIRE_GT;
            } else if (args.is(j, "lt")) {
                flags |= EXPIRE_LT;
            } else {
                throw new RedisException(formatError("ERR Unsupported option " + cString(args.string(j))));
            }
        }
        if ((flags & EXPIRE_NX) != 0 && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) != 0) {
            throw new RedisException(NX_AND_XX_GT_LT);
        }
        if ((flags & EXPIRE_GT) != 0 && (flags & EXPIRE_LT) != 0) {
            throw new RedisException(GT_AND_LT);
        }
        return flags;
    }

    /** TTL, PTTL, EXPIRETIME and PEXPIRETIME. */
    void ttl(Context ctx, Args args, Reply out, boolean millis, boolean absolute) {
        KeyEntry entry = ctx.lookupReadNoTouch(args.get(1));
        if (entry == null) {
            out.integer(-2);
            return;
        }
        if (entry.expireAt() == KeyEntry.NO_EXPIRY) {
            out.integer(-1);
            return;
        }
        long ttl = absolute ? entry.expireAt() : entry.expireAt() - ctx.now();
        if (ttl < 0) {
            ttl = 0;
        }
        // Unsigned, as the rounding comes out of Redis for deadlines near the 64-bit limit.
        out.integer(millis ? ttl : Long.divideUnsigned(ttl + 500, 1000));
    }

    void persist(Context ctx, Args args, Reply out) {
        byte[] key = args.get(1);
        Database db = ctx.db();
        if (db.get(key) == null || !db.clearExpiry(db.entry(key))) {
            out.integer(0);
            return;
        }
        db.signalModified(key);
        ctx.notify(KeyspaceNotifier.GENERIC, "persist", key);
        out.integer(1);
    }

    void objectEncoding(Context ctx, Args args, Reply out) {
        KeyEntry entry = ctx.lookupReadQuietly(args.get(2));
        if (entry == null) {
            out.nullBulk();
            return;
        }
        out.bulk(encoding(entry.value(), ctx.engine().config()));
    }

    /** OBJECT ENCODING's answer for a stored value. */
    static String encoding(Object value, ServerConfig config) {
        return value instanceof byte[] bytes ? stringEncoding(bytes) : ((RedisValue) value).encoding(config);
    }

    void objectRefcount(Context ctx, Args args, Reply out) {
        KeyEntry entry = ctx.lookupReadQuietly(args.get(2));
        if (entry == null) {
            out.nullBulk();
            return;
        }
        out.integer(isSharedInteger(entry.value(), ctx.engine().config()) ? Integer.MAX_VALUE : 1);
    }

    void objectIdletime(Context ctx, Args args, Reply out) {
        KeyEntry entry = ctx.lookupReadQuietly(args.get(2));
        if (entry == null) {
            out.nullBulk();
            return;
        }
        if (ctx.engine().config().lfuPolicy) {
            throw new RedisException(LFU_SELECTED);
        }
        out.integer(Math.max(0, ctx.now() / 1000 - entry.lru()));
    }

    void objectFreq(Context ctx, Args args, Reply out) {
        KeyEntry entry = ctx.lookupReadQuietly(args.get(2));
        if (entry == null) {
            out.nullBulk();
            return;
        }
        ServerConfig config = ctx.engine().config();
        if (!config.lfuPolicy) {
            throw new RedisException(LFU_NOT_SELECTED);
        }
        out.integer(Lfu.decayedCounter(entry.lru(), ctx.now(), config.lfuDecayTime));
    }

    void objectHelp(Context ctx, Args args, Reply out) {
        out.array(OBJECT_HELP.length);
        for (String line : OBJECT_HELP) {
            out.simple(line);
        }
    }

    void swapdb(Context ctx, Args args, Reply out) {
        int first = swapdbIndex(args.get(1), "ERR invalid first DB index");
        int second = swapdbIndex(args.get(2), "ERR invalid second DB index");
        int count = ctx.engine().databaseCount();
        if (first < 0 || first >= count || second < 0 || second >= count) {
            throw new RedisException(RedisErrors.DB_INDEX_OUT_OF_RANGE);
        }
        if (first != second) {
            ctx.engine().swapDatabases(first, second);
        }
        out.ok();
    }

    private static int swapdbIndex(byte[] text, String error) {
        Long index = Numbers.parse(text);
        if (index == null || index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
            throw new RedisException(error);
        }
        return index.intValue();
    }

    /** The encoding Redis gives a string stored by SET: int, embstr or raw (object.c tryObjectEncoding). */
    private static String stringEncoding(byte[] value) {
        if (Numbers.parse(value) != null) {
            return "int";
        }
        return value.length <= EMBSTR_SIZE_LIMIT ? "embstr" : "raw";
    }

    /**
     * Whether Redis would hold this value as one of its shared integer objects: a small non-negative
     * integer string, unless an LRU/LFU maxmemory policy needs a private object per key for its clock.
     */
    static boolean isSharedInteger(Object value, ServerConfig config) {
        if (!(value instanceof byte[] bytes)) {
            return false;
        }
        Long number = Numbers.parse(bytes);
        if (number == null || number < 0 || number >= SHARED_INTEGERS) {
            return false;
        }
        boolean perKeyClock = config.maxmemoryPolicy.endsWith("-lru") || config.maxmemoryPolicy.endsWith("-lfu");
        return config.maxmemory == 0 || !perKeyClock;
    }

    /** A %s argument as C prints it: up to the first NUL byte. */
    private static String cString(String text) {
        int nul = text.indexOf('\0');
        return nul < 0 ? text : text.substring(0, nul);
    }

    /** Redis's addReplyErrorFormat: trailing CR/LF removed (the writer turns inner ones into spaces). */
    private static String formatError(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\r' || text.charAt(end - 1) == '\n')) {
            end--;
        }
        return text.substring(0, end);
    }
}
