package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.LongDoubles;
import dev.redisinside.engine.command.Numbers;
import dev.redisinside.engine.command.RedisErrors;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.pubsub.KeyspaceNotifier;
import dev.redisinside.engine.store.Database;
import dev.redisinside.engine.store.KeyEntry;
import dev.redisinside.engine.store.MutableString;

import java.util.ArrayList;
import java.util.List;

/**
 * String commands (t_string.c). Values are {@code byte[]}, or a {@link MutableString} once APPEND or
 * SETRANGE changed them in place (or for INCRBYFLOAT's integer-looking results, which Redis keeps as
 * embstr); every handler accepts both.
 */
public final class StringCommands implements CommandGroup {

    @Override
    public void register(CommandRegistry r) {
        r.register("get", this::get);
        r.register("set", this::set);
        r.register("setnx", this::setnx);
        r.register("setex", this::setex);
        r.register("psetex", this::psetex);
        r.register("getset", this::getset);
        r.register("getdel", this::getdel);
        r.register("getex", this::getex);
        r.register("mget", this::mget);
        r.register("mset", this::mset);
        r.register("msetnx", this::msetnx);
        r.register("append", this::append);
        r.register("strlen", this::strlen);
        r.register("getrange", this::getrange);
        r.register("substr", this::getrange);
        r.register("setrange", this::setrange);
        r.register("incr", this::incr);
        r.register("decr", this::decr);
        r.register("incrby", this::incrby);
        r.register("decrby", this::decrby);
        r.register("incrbyfloat", this::incrbyfloat);
        r.register("lcs", this::lcs);
    }

    static final String OFFSET_OUT_OF_RANGE = "ERR offset is out of range";
    static final String DECREMENT_OVERFLOW = "ERR decrement would overflow";
    static final String NAN_OR_INFINITY = "ERR increment would produce NaN or Infinity";
    static final String LCS_NOT_STRINGS = "ERR The specified keys must contain string values";
    static final String LCS_LEN_AND_IDX = "ERR If you want both the length and indexes, please just use IDX.";
    static final String LCS_TOO_MUCH_MEMORY =
            "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len";
    static final String LCS_ALLOCATION_FAILED = "ERR Insufficient memory, failed allocating transient memory for LCS";

    private static final byte[] EMPTY = new byte[0];

    // Flags of the extended SET / GETEX arguments (t_string.c OBJ_*).
    private static final int NX = 1;
    private static final int XX = 1 << 1;
    private static final int EX = 1 << 2;
    private static final int PX = 1 << 3;
    private static final int KEEPTTL = 1 << 4;
    private static final int GET = 1 << 5;
    private static final int EXAT = 1 << 6;
    private static final int PXAT = 1 << 7;
    private static final int PERSIST = 1 << 8;

    /** Parsed SET / GETEX options: the flags and the expire argument, if any. */
    private record Options(int flags, byte[] expire) {
    }

    /**
     * The encoding OBJECT ENCODING reports for a string value, by Redis's rules for a value it stored
     * with tryObjectEncoding: "int" for a string2l number of at most 20 characters, "embstr" up to 44
     * bytes, else "raw"; values changed in place report their own.
     */
    public static String encodingOf(Object stringValue) {
        if (stringValue instanceof MutableString string) {
            return string.encoding(null);
        }
        byte[] bytes = (byte[]) stringValue;
        if (bytes.length <= 20 && Numbers.parse(bytes) != null) {
            return "int";
        }
        return bytes.length <= 44 ? "embstr" : "raw";
    }

    // ---- GET and SET families ----

    void get(Context ctx, Args args, Reply out) {
        getGeneric(ctx, args.get(1), out);
    }

    void set(Context ctx, Args args, Reply out) {
        if (args.size() == 3) {
            // The common case, without options: no parsing, one keyspace lookup.
            ctx.db().put(args.get(1), args.get(2));
            ctx.notify(KeyspaceNotifier.STRING, "set", args.get(1));
            out.ok();
            return;
        }
        Options options = parseExtended(args, true);
        setGeneric(ctx, options.flags, args.get(1), args.get(2), options.expire, "set", false, out);
    }

    void setnx(Context ctx, Args args, Reply out) {
        setGeneric(ctx, NX, args.get(1), args.get(2), null, "setnx", true, out);
    }

    void setex(Context ctx, Args args, Reply out) {
        setGeneric(ctx, EX, args.get(1), args.get(3), args.get(2), "setex", false, out);
    }

    void psetex(Context ctx, Args args, Reply out) {
        setGeneric(ctx, PX, args.get(1), args.get(3), args.get(2), "psetex", false, out);
    }

    void getset(Context ctx, Args args, Reply out) {
        byte[] key = args.get(1);
        getGeneric(ctx, key, out);
        ctx.db().put(key, args.get(2));
        ctx.notify(KeyspaceNotifier.STRING, "set", key);
    }

    void getdel(Context ctx, Args args, Reply out) {
        byte[] key = args.get(1);
        if (getGeneric(ctx, key, out) && ctx.db().delete(key)) {
            ctx.notify(KeyspaceNotifier.GENERIC, "del", key);
        }
    }

    void getex(Context ctx, Args args, Reply out) {
        Options options = parseExtended(args, false);
        byte[] key = args.get(1);
        Database db = ctx.db();
        Object value = ctx.lookupRead(key);
        if (value == null) {
            out.nullBulk();
            return;
        }
        checkString(value);
        long deadline = options.expire == null ? 0 : expireDeadline(ctx, options.expire, options.flags, "getex");
        replyString(out, value);
        int flags = options.flags;
        if ((flags & (EXAT | PXAT)) != 0 && deadline <= ctx.now()) {
            db.delete(key);
            ctx.notify(KeyspaceNotifier.GENERIC, "del", key);
        } else if (options.expire != null) {
            db.setExpiry(db.entry(key), deadline);
            db.signalModified(key);
            ctx.notify(KeyspaceNotifier.GENERIC, "expire", key);
        } else if ((flags & PERSIST) != 0) {
            if (db.clearExpiry(db.entry(key))) {
                db.signalModified(key);
                ctx.notify(KeyspaceNotifier.GENERIC, "persist", key);
            }
        }
    }

    /**
     * The arguments after SET's value or GETEX's key, checked as Redis does: each option may only follow
     * options it combines with, EX/PX/EXAT/PXAT need a following argument; else a syntax error.
     */
    private static Options parseExtended(Args args, boolean forSet) {
        int flags = 0;
        byte[] expire = null;
        int argc = args.size();
        for (int j = forSet ? 3 : 2; j < argc; j++) {
            byte[] opt = args.get(j);
            boolean hasNext = j < argc - 1;
            if (forSet && optionIs(opt, "NX") && (flags & XX) == 0) {
                flags |= NX;
            } else if (forSet && optionIs(opt, "XX") && (flags & NX) == 0) {
                flags |= XX;
            } else if (forSet && optionIs(opt, "GET")) {
                flags |= GET;
            } else if (forSet && optionIs(opt, "KEEPTTL") && (flags & (PERSIST | EX | EXAT | PX | PXAT)) == 0) {
                flags |= KEEPTTL;
            } else if (!forSet && optionIs(opt, "PERSIST") && (flags & (EX | EXAT | PX | PXAT | KEEPTTL)) == 0) {
                flags |= PERSIST;
            } else if (optionIs(opt, "EX") && (flags & (KEEPTTL | PERSIST | EXAT | PX | PXAT)) == 0 && hasNext) {
                flags |= EX;
                expire = args.get(++j);
            } else if (optionIs(opt, "PX") && (flags & (KEEPTTL | PERSIST | EX | EXAT | PXAT)) == 0 && hasNext) {
                flags |= PX;
                expire = args.get(++j);
            } else if (optionIs(opt, "EXAT") && (flags & (KEEPTTL | PERSIST | EX | PX | PXAT)) == 0 && hasNext) {
                flags |= EXAT;
                expire = args.get(++j);
            } else if (optionIs(opt, "PXAT") && (flags & (KEEPTTL | PERSIST | EX | EXAT | PX)) == 0 && hasNext) {
                flags |= PXAT;
                expire = args.get(++j);
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        return new Options(flags, expire);
    }

    /**
     * The absolute deadline in milliseconds for an EX/PX/EXAT/PXAT argument, with Redis's checks: a
     * positive integer whose conversion to milliseconds and addition of "now" do not overflow.
     */
    private static long expireDeadline(Context ctx, byte[] argument, int flags, String command) {
        long value = Numbers.parseLong(argument);
        boolean seconds = (flags & (PX | PXAT)) == 0;
        if (value <= 0 || (seconds && value > Long.MAX_VALUE / 1000)) {
            throw new RedisException(RedisErrors.invalidExpireTime(command));
        }
        if (seconds) {
            value *= 1000;
        }
        if ((flags & (EX | PX)) != 0) {
            value += ctx.now();
        }
        if (value <= 0) {
            throw new RedisException(RedisErrors.invalidExpireTime(command));
        }
        return value;
    }

    /** SET and its variants (t_string.c setGenericCommand). */
    private static void setGeneric(Context ctx, int flags, byte[] key, byte[] value, byte[] expire, String command,
                                   boolean integerReplies, Reply out) {
        long deadline = expire == null ? 0 : expireDeadline(ctx, expire, flags, command);
        if ((flags & GET) != 0) {
            getGeneric(ctx, key, out);
        }
        Database db = ctx.db();
        boolean found = (flags & (NX | XX)) != 0 && db.get(key) != null;
        if (((flags & NX) != 0 && found) || ((flags & XX) != 0 && !found)) {
            if ((flags & GET) == 0) {
                if (integerReplies) {
                    out.integer(0);
                } else {
                    out.nullBulk();
                }
            }
            return;
        }
        KeyEntry entry = db.put(key, value, (flags & KEEPTTL) != 0);
        ctx.notify(KeyspaceNotifier.STRING, "set", key);
        if (expire != null) {
            db.setExpiry(entry, deadline);
            ctx.notify(KeyspaceNotifier.GENERIC, "expire", key);
        }
        if ((flags & GET) == 0) {
            if (integerReplies) {
                out.integer(1);
            } else {
                out.ok();
            }
        }
    }

    /** Replies with the string at the key or null; WRONGTYPE for another type. Returns whether it existed. */
    private static boolean getGeneric(Context ctx, byte[] key, Reply out) {
        Object value = ctx.lookupRead(key);
        if (value == null) {
            out.nullBulk();
            return false;
        }
        checkString(value);
        replyString(out, value);
        return true;
    }

    // ---- multiple keys ----

    void mget(Context ctx, Args args, Reply out) {
        out.array(args.size() - 1);
        for (int j = 1; j < args.size(); j++) {
            Object value = ctx.lookupRead(args.get(j));
            if (isString(value)) {
                replyString(out, value);
            } else {
                out.nullBulk();
            }
        }
    }

    void mset(Context ctx, Args args, Reply out) {
        msetGeneric(ctx, args, false, out);
    }

    void msetnx(Context ctx, Args args, Reply out) {
        msetGeneric(ctx, args, true, out);
    }

    private static void msetGeneric(Context ctx, Args args, boolean nx, Reply out) {
        if (args.size() % 2 == 0) {
            throw new RedisException(RedisErrors.wrongArity(nx ? "msetnx" : "mset"));
        }
        Database db = ctx.db();
        if (nx) {
            for (int j = 1; j < args.size(); j += 2) {
                if (db.get(args.get(j)) != null) {
                    out.integer(0);
                    return;
                }
            }
        }
        for (int j = 1; j < args.size(); j += 2) {
            db.put(args.get(j), args.get(j + 1));
            ctx.notify(KeyspaceNotifier.STRING, "set", args.get(j));
        }
        if (nx) {
            out.integer(1);
        } else {
            out.ok();
        }
    }

    // ---- in-place changes and substrings ----

    void append(Context ctx, Args args, Reply out) {
        byte[] key = args.get(1);
        byte[] suffix = args.get(2);
        Database db = ctx.db();
        Object value = db.get(key);
        long total;
        if (value == null) {
            db.add(key, suffix);
            total = suffix.length;
        } else {
            checkString(value);
            checkStringLength(ctx, length(value), suffix.length);
            MutableString string = MutableString.unshare(value);
            if (string != value) {
                db.put(key, string, true);
            }
            string.append(suffix);
            total = string.length();
        }
        db.signalModified(key);
        ctx.notify(KeyspaceNotifier.STRING, "append", key);
        out.integer(total);
    }

    void strlen(Context ctx, Args args, Reply out) {
        Object value = ctx.lookupRead(args.get(1));
        if (value == null) {
            out.integer(0);
            return;
        }
        checkString(value);
        out.integer(length(value));
    }

    void getrange(Context ctx, Args args, Reply out) {
        long start = Numbers.parseLong(args.get(2));
        long end = Numbers.parseLong(args.get(3));
        Object value = ctx.lookupRead(args.get(1));
        if (value == null) {
            out.bulk(EMPTY);
            return;
        }
        checkString(value);
        long length = length(value);
        if (start < 0 && end < 0 && start > end) {
            out.bulk(EMPTY);
            return;
        }
        if (start < 0) {
            start = length + start;
        }
        if (end < 0) {
            end = length + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (end < 0) {
            end = 0;
        }
        if (end >= length) {
            end = length - 1;
        }
        if (start > end || length == 0) {
            out.bulk(EMPTY);
        } else {
            out.bulk(array(value), (int) start, (int) (end - start + 1));
        }
    }

    void setrange(Context ctx, Args args, Reply out) {
        byte[] key = args.get(1);
        long offset = Numbers.parseLong(args.get(2));
        byte[] patch = args.get(3);
        if (offset < 0) {
            throw new RedisException(OFFSET_OUT_OF_RANGE);
        }
        Database db = ctx.db();
        Object value = db.get(key);
        MutableString string;
        if (value == null) {
            if (patch.length == 0) {
                out.integer(0);
                return;
            }
            checkStringLength(ctx, offset, patch.length);
            string = MutableString.zeroed((int) offset + patch.length);
            db.add(key, string);
        } else {
            checkString(value);
            int length = length(value);
            if (patch.length == 0) {
                out.integer(length);
                return;
            }
            checkStringLength(ctx, offset, patch.length);
            string = MutableString.unshare(value);
            if (string != value) {
                db.put(key, string, true);
            }
        }
        string.setRange((int) offset, patch);
        db.signalModified(key);
        ctx.notify(KeyspaceNotifier.STRING, "setrange", key);
        out.integer(string.length());
    }

    /** Redis's checkStringLength: the grown string must fit proto-max-bulk-len (and a Java array). */
    private static void checkStringLength(Context ctx, long size, long append) {
        long total = size + append;
        if (total > ctx.engine().config().protoMaxBulkLen || total < size || total > Integer.MAX_VALUE - 8) {
            throw new RedisException(RedisErrors.STRING_TOO_LONG);
        }
    }

    // ---- counters ----

    void incr(Context ctx, Args args, Reply out) {
        incrDecr(ctx, args.get(1), 1, out);
    }

    void decr(Context ctx, Args args, Reply out) {
        incrDecr(ctx, args.get(1), -1, out);
    }

    void incrby(Context ctx, Args args, Reply out) {
        incrDecr(ctx, args.get(1), Numbers.parseLong(args.get(2)), out);
    }

    void decrby(Context ctx, Args args, Reply out) {
        long decrement = Numbers.parseLong(args.get(2));
        if (decrement == Long.MIN_VALUE) {
            throw new RedisException(DECREMENT_OVERFLOW);
        }
        incrDecr(ctx, args.get(1), -decrement, out);
    }

    private static void incrDecr(Context ctx, byte[] key, long increment, Reply out) {
        Database db = ctx.db();
        Object current = db.get(key);
        checkString(current);
        long value = 0;
        if (current != null) {
            Long parsed = Numbers.parse(bytes(current));
            if (parsed == null) {
                throw new RedisException(RedisErrors.NOT_INTEGER);
            }
            value = parsed;
        }
        if ((increment < 0 && value < 0 && increment < Long.MIN_VALUE - value)
                || (increment > 0 && value > 0 && increment > Long.MAX_VALUE - value)) {
            throw new RedisException(RedisErrors.OVERFLOW);
        }
        value += increment;
        byte[] text = Numbers.toBytes(value);
        if (current == null) {
            db.add(key, text);
        } else {
            db.put(key, text, true);
        }
        ctx.notify(KeyspaceNotifier.STRING, "incrby", key);
        out.integer(value);
    }

    void incrbyfloat(Context ctx, Args args, Reply out) {
        byte[] key = args.get(1);
        Database db = ctx.db();
        Object current = db.get(key);
        checkString(current);
        LongDoubles.Value value = current == null ? LongDoubles.ZERO : LongDoubles.parse(bytes(current));
        LongDoubles.Value increment = value == null ? null : LongDoubles.parse(args.get(2));
        if (value == null || increment == null) {
            throw new RedisException(RedisErrors.NOT_FLOAT);
        }
        LongDoubles.Value sum = LongDoubles.add(value, increment);
        if (!sum.isFinite()) {
            throw new RedisException(NAN_OR_INFINITY);
        }
        byte[] text = LongDoubles.toHumanBytes(sum);
        // Redis stores the text with createStringObject: embstr even when it looks like an integer.
        Object stored = Numbers.parse(text) != null ? MutableString.embedded(text) : text;
        if (current == null) {
            db.add(key, stored);
        } else {
            db.put(key, stored, true);
        }
        ctx.notify(KeyspaceNotifier.STRING, "incrbyfloat", key);
        out.bulk(text);
    }

    // ---- LCS ----

    void lcs(Context ctx, Args args, Reply out) {
        Object first = ctx.lookupRead(args.get(1));
        Object second = ctx.lookupRead(args.get(2));
        if ((first != null && !isString(first)) || (second != null && !isString(second))) {
            throw new RedisException(LCS_NOT_STRINGS);
        }
        boolean getLength = false;
        boolean getIndexes = false;
        boolean withMatchLength = false;
        long minMatchLength = 0;
        for (int j = 3; j < args.size(); j++) {
            byte[] opt = args.get(j);
            boolean moreArgs = j < args.size() - 1;
            if (optionIs(opt, "IDX")) {
                getIndexes = true;
            } else if (optionIs(opt, "LEN")) {
                getLength = true;
            } else if (optionIs(opt, "WITHMATCHLEN")) {
                withMatchLength = true;
            } else if (optionIs(opt, "MINMATCHLEN") && moreArgs) {
                minMatchLength = Math.max(0, Numbers.parseLong(args.get(++j)));
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        if (getLength && getIndexes) {
            throw new RedisException(LCS_LEN_AND_IDX);
        }
        byte[] a = first == null ? EMPTY : array(first);
        byte[] b = second == null ? EMPTY : array(second);
        int alen = first == null ? 0 : length(first);
        int blen = second == null ? 0 : length(second);
        long cells = (long) (alen + 1) * (blen + 1);
        if (cells * Integer.BYTES > ctx.engine().config().protoMaxBulkLen) {
            throw new RedisException(LCS_TOO_MUCH_MEMORY);
        }
        int[] table = allocateLcsTable(cells);
        int width = blen + 1;
        // table[i*width + j] = length of the LCS of a[0..i) and b[0..j)
        for (int i = 1; i <= alen; i++) {
            for (int j = 1; j <= blen; j++) {
                if (a[i - 1] == b[j - 1]) {
                    table[i * width + j] = table[(i - 1) * width + j - 1] + 1;
                } else {
                    table[i * width + j] = Math.max(table[(i - 1) * width + j], table[i * width + j - 1]);
                }
            }
        }
        int lcsLength = table[alen * width + blen];
        if (getLength) {
            out.integer(lcsLength);
            return;
        }
        // Walk back from the end, building the LCS and the matching ranges as Redis does.
        byte[] result = new byte[lcsLength];
        List<long[]> ranges = new ArrayList<>();
        int idx = lcsLength;
        int aStart = alen; // alen means "no current range"
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        int i = alen;
        int j = blen;
        while (i > 0 && j > 0) {
            boolean emitRange = false;
            if (a[i - 1] == b[j - 1]) {
                result[idx - 1] = a[i - 1];
                if (aStart == alen) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emitRange = true;
                }
                if (aStart == 0 || bStart == 0) {
                    emitRange = true;
                }
                idx--;
                i--;
                j--;
            } else {
                if (table[(i - 1) * width + j] > table[i * width + j - 1]) {
                    i--;
                } else {
                    j--;
                }
                if (aStart != alen) {
                    emitRange = true;
                }
            }
            if (emitRange) {
                long matchLength = aEnd - aStart + 1;
                if (minMatchLength == 0 || matchLength >= minMatchLength) {
                    ranges.add(new long[] {aStart, aEnd, bStart, bEnd, matchLength});
                }
                aStart = alen;
            }
        }
        if (!getIndexes) {
            out.bulk(result);
            return;
        }
        out.map(2);
        out.bulk("matches");
        out.array(ranges.size());
        for (long[] range : ranges) {
            out.array(withMatchLength ? 3 : 2);
            out.array(2);
            out.integer(range[0]);
            out.integer(range[1]);
            out.array(2);
            out.integer(range[2]);
            out.integer(range[3]);
            if (withMatchLength) {
                out.integer(range[4]);
            }
        }
        out.bulk("len");
        out.integer(lcsLength);
    }

    /** The LCS table, or Redis's reply for a failed allocation (ztrymalloc returning NULL). */
    private static int[] allocateLcsTable(long cells) {
        if (cells > Integer.MAX_VALUE - 8) {
            throw new RedisException(LCS_ALLOCATION_FAILED);
        }
        try {
            return new int[(int) cells];
        } catch (OutOfMemoryError e) {
            throw new RedisException(LCS_ALLOCATION_FAILED);
        }
    }

    // ---- helpers shared by the handlers ----

    private static boolean isString(Object value) {
        return value instanceof byte[] || value instanceof MutableString;
    }

    /** WRONGTYPE unless the value is absent or a string. */
    private static void checkString(Object value) {
        if (value != null && !isString(value)) {
            throw new RedisException(RedisErrors.WRONGTYPE);
        }
    }

    private static void replyString(Reply out, Object value) {
        if (value instanceof byte[] bytes) {
            out.bulk(bytes);
        } else {
            MutableString string = (MutableString) value;
            out.bulk(string.array(), 0, string.length());
        }
    }

    private static int length(Object value) {
        return value instanceof byte[] bytes ? bytes.length : ((MutableString) value).length();
    }

    /** The backing array; only the first {@link #length} bytes belong to the value. */
    private static byte[] array(Object value) {
        return value instanceof byte[] bytes ? bytes : ((MutableString) value).array();
    }

    /** Exactly the value's bytes (a copy for a {@link MutableString}). */
    private static byte[] bytes(Object value) {
        return value instanceof byte[] bytes ? bytes : ((MutableString) value).toByteArray();
    }

    /**
     * Whether an option argument is the word, compared as C's strcasecmp does on the argument's
     * C string (up to its first NUL byte), as Redis's option parsers read it.
     */
    private static boolean optionIs(byte[] arg, String word) {
        int length = arg.length;
        for (int i = 0; i < arg.length; i++) {
            if (arg[i] == 0) {
                length = i;
                break;
            }
        }
        if (length != word.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int c = arg[i];
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            if (c != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
