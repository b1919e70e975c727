package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.Numbers;
import dev.redisinside.engine.command.RedisErrors;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.pubsub.KeyspaceNotifier;
import dev.redisinside.engine.server.BlockingManager;
import dev.redisinside.engine.server.Client;
import dev.redisinside.engine.store.Database;
import dev.redisinside.engine.store.RedisStream;
import dev.redisinside.engine.store.RedisStream.Consumer;
import dev.redisinside.engine.store.RedisStream.Group;
import dev.redisinside.engine.store.RedisStream.Nack;
import dev.redisinside.engine.store.StreamId;
import dev.redisinside.engine.store.ValueType;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/** Stream commands (t_stream.c). Blocking reads park in the engine's {@link BlockingManager}. */
public final class StreamCommands implements CommandGroup {

    static final String INVALID_ID = "ERR Invalid stream ID specified as stream command argument";
    static final String XADD_ID_TOO_SMALL = "ERR The ID specified in XADD is equal or smaller than the target stream top item";
    static final String XADD_ID_ZERO = "ERR The ID specified in XADD must be greater than 0-0";
    static final String ELEMENTS_TOO_LARGE = "ERR Elements are too large to be stored";
    static final String XADD_EXHAUSTED = "ERR The stream has exhausted the last possible ID, unable to add more items";
    static final String MAXLEN_AND_MINID = "ERR syntax error, MAXLEN and MINID options at the same time are not compatible";
    static final String MAXLEN_NEGATIVE = "ERR The MAXLEN argument must be >= 0.";
    static final String LIMIT_NEGATIVE = "ERR The LIMIT argument must be >= 0.";
    static final String LIMIT_WITHOUT_STRATEGY = "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy";
    static final String XTRIM_WITHOUT_STRATEGY = "ERR syntax error, XTRIM must be called with a trimming strategy";
    static final String LIMIT_WITHOUT_APPROX = "ERR syntax error, LIMIT cannot be used without the special ~ option";
    static final String INVALID_START = "ERR invalid start ID for the interval";
    static final String INVALID_END = "ERR invalid end ID for the interval";
    static final String UNBALANCED_XREAD = "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.";
    static final String GROUP_ONLY_XREADGROUP = "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.";
    static final String NOACK_ONLY_XREADGROUP = "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.";
    static final String MISSING_GROUP = "ERR Missing GROUP option for XREADGROUP";
    static final String DOLLAR_IN_XREADGROUP = "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the "
            + "history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just "
            + "return an empty result set.";
    static final String GT_ONLY_XREADGROUP = "ERR The > ID can be specified only when calling XREADGROUP using the GROUP "
            + "<group> <consumer> option.";
    static final String TIMEOUT_NOT_INTEGER = "ERR timeout is not an integer or out of range";
    static final String TIMEOUT_NEGATIVE = "ERR timeout is negative";
    static final String XGROUP_NEEDS_KEY = "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you "
            + "may want to use the MKSTREAM option to create an empty stream automatically.";
    static final String ENTRIESREAD_RANGE = "ERR value for ENTRIESREAD must be positive or -1";
    static final String BUSYGROUP = "BUSYGROUP Consumer Group name already exists";
    static final String ENTRIES_ADDED_NEGATIVE = "ERR entries_added must be positive";
    static final String XSETID_BELOW_MAXDELETED = "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id";
    static final String XSETID_TOO_SMALL = "ERR The ID specified in XSETID is smaller than the target stream top item";
    static final String XSETID_ENTRIES_ADDED = "ERR The entries_added specified in XSETID is smaller than the target stream length";
    static final String AUTOCLAIM_COUNT = "ERR COUNT must be > 0";

    private static final String[] XGROUP_HELP = {
        "CREATE <key> <groupname> <id|$> [option]",
        "    Create a new consumer group. Options are:",
        "    * MKSTREAM",
        "      Create the empty stream if it does not exist.",
        "    * ENTRIESREAD entries_read",
        "      Set the group's entries_read counter (internal use).",
        "CREATECONSUMER <key> <groupname> <consumer>",
        "    Create a new consumer in the specified group.",
        "DELCONSUMER <key> <groupname> <consumer>",
        "    Remove the specified consumer.",
        "DESTROY <key> <groupname>",
        "    Remove the specified group.",
        "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
        "    Set the current group ID and entries_read counter.",
    };
    private static final String[] XINFO_HELP = {
        "CONSUMERS <key> <groupname>",
        "    Show consumers of <groupname>.",
        "GROUPS <key>",
        "    Show the stream consumer groups.",
        "STREAM <key> [FULL [COUNT <count>]",
        "    Show information about the stream.",
    };

    /** XREAD BLOCK without COUNT serves at most this many entries (XREAD_BLOCKED_DEFAULT_COUNT). */
    static final long BLOCKED_DEFAULT_COUNT = 1000;

    @Override
    public void register(CommandRegistry r) {
        r.register("xadd", this::xadd);
        r.register("xlen", this::xlen);
        r.register("xrange", this::xrange);
        r.register("xrevrange", this::xrevrange);
        r.register("xdel", this::xdel);
        r.register("xtrim", this::xtrim);
        r.register("xread", this::xread);
        r.register("xreadgroup", this::xread);
        r.register("xgroup|create", this::xgroup);
        r.register("xgroup|createconsumer", this::xgroup);
        r.register("xgroup|delconsumer", this::xgroup);
        r.register("xgroup|destroy", this::xgroup);
        r.register("xgroup|setid", this::xgroup);
        r.register("xgroup|help", this::xgroup);
        r.register("xsetid", this::xsetid);
        r.register("xack", this::xack);
        r.register("xpending", this::xpending);
        r.register("xclaim", this::xclaim);
        r.register("xautoclaim", this::xautoclaim);
        r.register("xinfo|stream", this::xinfo);
        r.register("xinfo|groups", this::xinfo);
        r.register("xinfo|consumers", this::xinfo);
        r.register("xinfo|help", this::xinfo);
    }

    // ---- XADD / XTRIM ----

    /** The parsed options shared by XADD and XTRIM (streamAddTrimArgs). */
    private static final class TrimArgs {
        static final int NONE = 0;
        static final int MAXLEN = 1;
        static final int MINID = 2;
        int strategy = NONE;
        int strategyArgIndex;
        boolean approx;
        long limit;
        long maxLen;
        StreamId minId;
        boolean noMkStream;
        StreamId id;
        boolean idGiven;
        boolean seqGiven;
        int idPosition;
    }

    private static TrimArgs parseAddOrTrim(Context ctx, Args args, boolean xadd) {
        TrimArgs t = new TrimArgs();
        boolean limitGiven = false;
        int argc = args.size();
        int i = 2;
        for (; i < argc; i++) {
            int moreArgs = argc - 1 - i;
            byte[] opt = args.get(i);
            if (xadd && opt.length == 1 && opt[0] == '*') {
                break;
            } else if (args.is(i, "maxlen") && moreArgs > 0) {
                if (t.strategy != TrimArgs.NONE) {
                    throw new RedisException(MAXLEN_AND_MINID);
                }
                t.approx = false;
                if (moreArgs >= 2 && isWord(args.get(i + 1), "~")) {
                    t.approx = true;
                    i++;
                } else if (moreArgs >= 2 && isWord(args.get(i + 1), "=")) {
                    i++;
                }
                t.maxLen = args.longAt(i + 1);
                if (t.maxLen < 0) {
                    throw new RedisException(MAXLEN_NEGATIVE);
                }
                i++;
                t.strategy = TrimArgs.MAXLEN;
                t.strategyArgIndex = i;
            } else if (args.is(i, "minid") && moreArgs > 0) {
                if (t.strategy != TrimArgs.NONE) {
                    throw new RedisException(MAXLEN_AND_MINID);
                }
                t.approx = false;
                if (moreArgs >= 2 && isWord(args.get(i + 1), "~")) {
                    t.approx = true;
                    i++;
                } else if (moreArgs >= 2 && isWord(args.get(i + 1), "=")) {
                    i++;
                }
                t.minId = parseId(args.get(i + 1), 0, true, null);
                i++;
                t.strategy = TrimArgs.MINID;
                t.strategyArgIndex = i;
            } else if (args.is(i, "limit") && moreArgs > 0) {
                t.limit = args.longAt(i + 1);
                if (t.limit < 0) {
                    throw new RedisException(LIMIT_NEGATIVE);
                }
                limitGiven = true;
                i++;
            } else if (xadd && args.is(i, "nomkstream")) {
                t.noMkStream = true;
            } else if (xadd) {
                boolean[] seqGiven = new boolean[1];
                t.id = parseId(opt, 0, true, seqGiven);
                t.seqGiven = seqGiven[0];
                t.idGiven = true;
                break;
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        if (t.limit != 0 && t.strategy == TrimArgs.NONE) {
            throw new RedisException(LIMIT_WITHOUT_STRATEGY);
        }
        if (!xadd && t.strategy == TrimArgs.NONE) {
            throw new RedisException(XTRIM_WITHOUT_STRATEGY);
        }
        if (limitGiven) {
            if (!t.approx) {
                throw new RedisException(LIMIT_WITHOUT_APPROX);
            }
        } else if (t.approx) {
            long limit = 100 * ctx.engine().config().streamNodeMaxEntries;
            if (limit <= 0) {
                limit = 10000;
            }
            t.limit = Math.min(limit, 1000000);
        } else {
            t.limit = 0;
        }
        t.idPosition = i;
        return t;
    }

    private static long trim(RedisStream stream, TrimArgs t) {
        if (t.strategy == TrimArgs.NONE) {
            return 0;
        }
        return stream.trim(t.maxLen, t.strategy == TrimArgs.MINID ? t.minId : null, t.approx, t.limit);
    }

    void xadd(Context ctx, Args args, Reply out) {
        TrimArgs t = parseAddOrTrim(ctx, args, true);
        int fieldPosition = t.idPosition + 1;
        int pairsArgs = args.size() - fieldPosition;
        if (pairsArgs < 2 || pairsArgs % 2 == 1) {
            throw new RedisException(RedisErrors.wrongArity("xadd"));
        }
        if (t.idGiven && t.seqGiven && t.id.isZero()) {
            throw new RedisException(XADD_ID_ZERO);
        }
        byte[] key = args.get(1);
        Database db = ctx.db();
        RedisStream stream = (RedisStream) db.get(key, ValueType.STREAM);
        if (stream == null) {
            if (t.noMkStream) {
                out.nullBulk();
                return;
            }
            stream = new RedisStream();
            // Created before the entry is added, as streamTypeLookupWriteOrCreate does: "new" precedes the reply.
            db.add(key, stream);
        }
        StreamId last = stream.lastId();
        if (last.isMax()) {
            throw new RedisException(XADD_EXHAUSTED);
        }
        StreamId id;
        if (!t.idGiven) {
            id = stream.nextId(ctx.now());
        } else if (t.seqGiven) {
            id = t.id;
        } else if (last.ms() == t.id.ms()) {
            if (last.seq() == -1L) {
                // Redis fails here without setting errno, so it reports the size error
                throw new RedisException(ELEMENTS_TOO_LARGE);
            }
            id = new StreamId(last.ms(), last.seq() + 1);
        } else {
            id = t.id;
        }
        if (id.compareTo(last) <= 0) {
            throw new RedisException(XADD_ID_TOO_SMALL);
        }
        byte[][] fieldsAndValues = new byte[pairsArgs][];
        System.arraycopy(args.all(), fieldPosition, fieldsAndValues, 0, pairsArgs);
        stream.append(id, fieldsAndValues, ctx.engine().config().streamNodeMaxBytes,
                ctx.engine().config().streamNodeMaxEntries);
        out.bulk(id.toBytes());
        db.signalModified(key);
        ctx.notify(KeyspaceNotifier.STREAM, "xadd", key);
        if (trim(stream, t) > 0) {
            ctx.notify(KeyspaceNotifier.STREAM, "xtrim", key);
        }
    }

    void xtrim(Context ctx, Args args, Reply out) {
        TrimArgs t = parseAddOrTrim(ctx, args, false);
        byte[] key = args.get(1);
        RedisStream stream = lookup(ctx.db(), key);
        if (stream == null) {
            out.integer(0);
            return;
        }
        long deleted = trim(stream, t);
        if (deleted > 0) {
            ctx.notify(KeyspaceNotifier.STREAM, "xtrim", key);
            ctx.db().signalModified(key);
        }
        out.integer(deleted);
    }

    void xlen(Context ctx, Args args, Reply out) {
        RedisStream stream = lookupRead(ctx, args.get(1));
        out.integer(stream == null ? 0 : stream.length());
    }

    void xdel(Context ctx, Args args, Reply out) {
        byte[] key = args.get(1);
        RedisStream stream = lookup(ctx.db(), key);
        if (stream == null) {
            out.integer(0);
            return;
        }
        StreamId[] ids = new StreamId[args.size() - 2];
        for (int j = 2; j < args.size(); j++) {
            ids[j - 2] = parseId(args.get(j), 0, true, null);
        }
        long deleted = 0;
        for (StreamId id : ids) {
            if (stream.delete(id)) {
                deleted++;
            }
        }
        if (deleted > 0) {
            ctx.db().signalModified(key);
            ctx.notify(KeyspaceNotifier.STREAM, "xdel", key);
        }
        out.integer(deleted);
    }

    // ---- XRANGE / XREVRANGE ----

    void xrange(Context ctx, Args args, Reply out) {
        range(ctx, args, out, false);
    }

    void xrevrange(Context ctx, Args args, Reply out) {
        range(ctx, args, out, true);
    }

    private void range(Context ctx, Args args, Reply out, boolean rev) {
        byte[] startArg = rev ? args.get(3) : args.get(2);
        byte[] endArg = rev ? args.get(2) : args.get(3);
        StreamId start = parseStart(startArg);
        StreamId end = parseEnd(endArg);
        long count = -1;
        for (int j = 4; j < args.size(); j++) {
            if (args.is(j, "count") && args.size() - j - 1 >= 1) {
                count = Math.max(0, args.longAt(j + 1));
                j++;
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        RedisStream stream = lookupRead(ctx, args.get(1));
        if (stream == null) {
            out.emptyArray();
            return;
        }
        if (count == 0) {
            out.nullArray();
            return;
        }
        Map<StreamId, byte[][]> range = stream.range(start, end);
        if (rev) {
            range = ((NavigableMap<StreamId, byte[][]>) range).descendingMap();
        }
        int n = (int) (count < 0 ? range.size() : Math.min(count, range.size()));
        out.array(n);
        int written = 0;
        for (Map.Entry<StreamId, byte[][]> e : range.entrySet()) {
            if (written++ == n) {
                break;
            }
            writeEntry(out, e.getKey(), e.getValue());
        }
    }

    /** A range start: {@code (id} is exclusive; an incomplete ID starts at sequence 0. */
    private static StreamId parseStart(byte[] arg) {
        if (arg.length > 1 && arg[0] == '(') {
            StreamId id = parseId(Arrays.copyOfRange(arg, 1, arg.length), 0, true, null).next();
            if (id == null) {
                throw new RedisException(INVALID_START);
            }
            return id;
        }
        return parseId(arg, 0, false, null);
    }

    /** A range end: {@code (id} is exclusive; an incomplete ID ends at the last sequence. */
    private static StreamId parseEnd(byte[] arg) {
        if (arg.length > 1 && arg[0] == '(') {
            StreamId id = parseId(Arrays.copyOfRange(arg, 1, arg.length), -1L, true, null).previous();
            if (id == null) {
                throw new RedisException(INVALID_END);
            }
            return id;
        }
        return parseId(arg, -1L, false, null);
    }

    // ---- XREAD / XREADGROUP ----

    /** What one stream of an XREAD answers: its key and entries (a null value is a deleted pending entry). */
    record Served(byte[] key, List<StreamId> ids, List<byte[][]> values) {
    }

    void xread(Context ctx, Args args, Reply out) {
        boolean xreadgroup = args.get(0).length == 10;
        long timeout = -1;
        long count = 0;
        int streamsArg = 0;
        int streamsCount = 0;
        boolean noack = false;
        byte[] groupName = null;
        byte[] consumerName = null;
        int argc = args.size();
        for (int i = 1; i < argc; i++) {
            int moreArgs = argc - i - 1;
            if (args.is(i, "block") && moreArgs > 0) {
                if (ctx.engine().scripts().isScriptClient(ctx.client())) {
                    throw new RedisException("ERR " + args.string(0) + " command is not allowed with BLOCK option from scripts");
                }
                i++;
                Long value = Numbers.parse(args.get(i));
                if (value == null) {
                    throw new RedisException(TIMEOUT_NOT_INTEGER);
                }
                if (value < 0) {
                    throw new RedisException(TIMEOUT_NEGATIVE);
                }
                timeout = value;
            } else if (args.is(i, "count") && moreArgs > 0) {
                i++;
                count = Math.max(0, args.longAt(i));
            } else if (args.is(i, "streams") && moreArgs > 0) {
                streamsArg = i + 1;
                streamsCount = argc - streamsArg;
                if (streamsCount % 2 != 0) {
                    throw new RedisException(UNBALANCED_XREAD);
                }
                streamsCount /= 2;
                break;
            } else if (args.is(i, "group") && moreArgs >= 2) {
                if (!xreadgroup) {
                    throw new RedisException(GROUP_ONLY_XREADGROUP);
                }
                groupName = args.get(i + 1);
                consumerName = args.get(i + 2);
                i += 2;
            } else if (args.is(i, "noack")) {
                if (!xreadgroup) {
                    throw new RedisException(NOACK_ONLY_XREADGROUP);
                }
                noack = true;
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        if (streamsArg == 0) {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        if (xreadgroup && groupName == null) {
            throw new RedisException(MISSING_GROUP);
        }
        byte[][] keys = new byte[streamsCount][];
        StreamId[] ids = new StreamId[streamsCount];
        for (int i = streamsArg + streamsCount; i < argc; i++) {
            int index = i - streamsArg - streamsCount;
            byte[] key = args.get(i - streamsCount);
            keys[index] = key;
            RedisStream stream = lookupRead(ctx, key);
            if (groupName != null && (stream == null || stream.group(groupName) == null)) {
                throw new RedisException("NOGROUP No such key '" + latin1(key) + "' or consumer group '"
                        + latin1(groupName) + "' in XREADGROUP with GROUP option");
            }
            byte[] idArg = args.get(i);
            if (isWord(idArg, "$")) {
                if (xreadgroup) {
                    throw new RedisException(DOLLAR_IN_XREADGROUP);
                }
                ids[index] = stream == null ? StreamId.MIN : stream.lastId();
            } else if (isWord(idArg, ">")) {
                if (!xreadgroup) {
                    throw new RedisException(GT_ONLY_XREADGROUP);
                }
                ids[index] = StreamId.MAX;
            } else {
                ids[index] = parseId(idArg, 0, true, null);
            }
        }
        List<Served> served = new ArrayList<>();
        for (int i = 0; i < streamsCount; i++) {
            RedisStream stream = lookupRead(ctx, keys[i]);
            if (stream == null) {
                continue;
            }
            Served result = serve(ctx, keys[i], stream, ids[i], count, groupName, consumerName, noack, false);
            if (result != null) {
                served.add(result);
            }
        }
        if (!served.isEmpty()) {
            writeServed(out, served);
            return;
        }
        if (timeout != -1) {
            BlockingManager blocking = ctx.engine().blocking();
            if (!blocking.mayBlock(ctx.client())) {
                out.nullArray();
                return;
            }
            long deadline = timeout == 0 ? 0 : ctx.now() + timeout;
            if (deadline < 0) {
                deadline = Long.MAX_VALUE;
            }
            blocking.block(ctx.client(), keys, deadline, new StreamWaiter(ctx.client(),
                    keys, ids, count == 0 ? BLOCKED_DEFAULT_COUNT : count, groupName, consumerName, noack));
            return;
        }
        out.nullArray();
    }

    /**
     * Serves one stream of an XREAD/XREADGROUP if it has something for the caller (the synchronous path
     * of xreadCommand, and the blocked path when {@code blocked}); null when it has nothing.
     */
    Served serve(Context ctx, byte[] key, RedisStream stream, StreamId after, long count, byte[] groupName,
                 byte[] consumerName, boolean noack, boolean blocked) {
        Group group = groupName == null ? null : stream.group(groupName);
        boolean history = false;
        StreamId gt = after;
        if (group != null) {
            if (!after.isMax() && !blocked) {
                history = true;
            } else if (blocked) {
                gt = group.lastId();
                if (stream.lastId().compareTo(gt) <= 0) {
                    return null;
                }
            } else {
                if (stream.length() == 0 || stream.lastValidId().compareTo(group.lastId()) <= 0) {
                    return null;
                }
                gt = group.lastId();
            }
        } else if (blocked) {
            if (stream.lastId().compareTo(gt) <= 0) {
                return null;
            }
        } else if (stream.length() == 0 || stream.lastValidId().compareTo(gt) <= 0) {
            return null;
        }
        StreamId start = gt.next();
        if (start == null) {
            start = StreamId.MIN;
        }
        Served result = new Served(key, new ArrayList<>(), new ArrayList<>());
        long now = ctx.now();
        if (group == null) {
            for (Map.Entry<StreamId, byte[][]> e : stream.range(start, StreamId.MAX).entrySet()) {
                result.ids.add(e.getKey());
                result.values.add(e.getValue());
                if (count != 0 && result.ids.size() == count) {
                    break;
                }
            }
            return result;
        }
        Consumer consumer = group.consumer(consumerName);
        if (consumer == null) {
            consumer = group.createConsumer(consumerName, now);
            ctx.notify(KeyspaceNotifier.STREAM, "xgroup-createconsumer", key);
        } else {
            consumer.seen(now);
        }
        if (history) {
            for (Map.Entry<StreamId, Nack> e : consumer.pel().tailMap(start, true).entrySet()) {
                if (count != 0 && result.ids.size() == count) {
                    break;
                }
                byte[][] value = stream.entry(e.getKey());
                result.ids.add(e.getKey());
                result.values.add(value);
                if (value != null) {
                    group.setDelivery(e.getValue(), now, e.getValue().deliveryCount() + 1);
                }
            }
        } else {
            List<StreamId> delivered = new ArrayList<>();
            for (Map.Entry<StreamId, byte[][]> e : stream.range(start, StreamId.MAX).entrySet()) {
                delivered.add(e.getKey());
                result.values.add(e.getValue());
                if (count != 0 && delivered.size() == count) {
                    break;
                }
            }
            for (StreamId id : delivered) {
                stream.advanceGroup(group, id);
                if (!noack) {
                    group.deliver(id, consumer, now);
                }
                result.ids.add(id);
            }
        }
        return result;
    }

    /** A client parked by XREAD/XREADGROUP BLOCK (blocked.c serveClientsBlockedOnStreamKey). */
    private final class StreamWaiter implements BlockingManager.Waiter {
        private final Client client;
        private final byte[][] keys;
        private final StreamId[] ids;
        private final long count;
        private final byte[] groupName;
        private final byte[] consumerName;
        private final boolean noack;

        StreamWaiter(Client client, byte[][] keys, StreamId[] ids, long count, byte[] groupName, byte[] consumerName,
                     boolean noack) {
            this.client = client;
            this.keys = keys;
            this.ids = ids;
            this.count = count;
            this.groupName = groupName;
            this.consumerName = consumerName;
            this.noack = noack;
        }

        @Override
        public boolean tryServe(byte[] key) {
            Context ctx = client.context();
            if (!(ctx.db().get(key) instanceof RedisStream stream)) {
                if (groupName != null) {
                    throw new RedisException("UNBLOCKED the stream key no longer exists");
                }
                return false;
            }
            if (groupName != null && stream.group(groupName) == null) {
                throw new RedisException("NOGROUP the consumer group this client was blocked on no longer exists");
            }
            StreamId after = StreamId.MIN;
            for (int i = 0; i < keys.length; i++) {
                if (Arrays.equals(keys[i], key)) {
                    after = ids[i];
                    break;
                }
            }
            Served served = serve(ctx, key, stream, after, count, groupName, consumerName, noack, true);
            if (served == null) {
                return false;
            }
            writeServed(client.asyncOut(), List.of(served));
            return true;
        }
    }

    /** XREAD's reply: an array of [key, entries] pairs, a map in RESP3. */
    static void writeServed(Reply out, List<Served> served) {
        if (out.protocol() == 2) {
            out.array(served.size());
        } else {
            out.map(served.size());
        }
        for (Served s : served) {
            if (out.protocol() == 2) {
                out.array(2);
            }
            out.bulk(s.key());
            out.array(s.ids().size());
            for (int i = 0; i < s.ids().size(); i++) {
                writeEntry(out, s.ids().get(i), s.values().get(i));
            }
        }
    }

    // ---- consumer groups ----

    void xgroup(Context ctx, Args args, Reply out) {
        int argc = args.size();
        boolean mkstream = false;
        long entriesRead = RedisStream.INVALID_ENTRIES_READ;
        RedisStream stream = null;
        Group group = null;
        byte[] key = null;
        byte[] groupName = null;
        boolean create = args.is(1, "create");
        boolean setid = args.is(1, "setid");
        if (argc >= 4) {
            int i = 5;
            while (i < argc) {
                if (create && args.is(i, "mkstream")) {
                    mkstream = true;
                    i++;
                } else if ((create || setid) && args.is(i, "entriesread") && i + 1 < argc) {
                    entriesRead = args.longAt(i + 1);
                    if (entriesRead < 0 && entriesRead != RedisStream.INVALID_ENTRIES_READ) {
                        throw new RedisException(ENTRIESREAD_RANGE);
                    }
                    i += 2;
                } else {
                    throw subcommandSyntax(args, "XGROUP");
                }
            }
            key = args.get(2);
            stream = lookup(ctx.db(), key);
            groupName = args.get(3);
        }
        if (argc >= 4 && !mkstream) {
            if (stream == null) {
                throw new RedisException(XGROUP_NEEDS_KEY);
            }
            group = stream.group(groupName);
            if (group == null && (setid || args.is(1, "createconsumer") || args.is(1, "delconsumer"))) {
                throw new RedisException("NOGROUP No such consumer group '" + latin1(groupName) + "' for key name '"
                        + latin1(key) + "'");
            }
        }
        if (argc == 2 && args.is(1, "help")) {
            help(out, "XGROUP", XGROUP_HELP);
        } else if (create && argc >= 5 && argc <= 8) {
            StreamId id;
            if (isWord(args.get(4), "$")) {
                id = stream == null ? StreamId.MIN : stream.lastId();
            } else {
                id = parseId(args.get(4), 0, true, null);
            }
            if (stream == null) {
                stream = new RedisStream();
                ctx.db().add(key, stream);
            }
            if (stream.createGroup(groupName, id, entriesRead) == null) {
                throw new RedisException(BUSYGROUP);
            }
            out.ok();
            ctx.notify(KeyspaceNotifier.STREAM, "xgroup-create", key);
        } else if (setid && (argc == 5 || argc == 7)) {
            StreamId id = isWord(args.get(4), "$") ? stream.lastId() : parseId(args.get(4), 0, false, null);
            group.lastId(id);
            group.entriesRead(entriesRead);
            out.ok();
            ctx.notify(KeyspaceNotifier.STREAM, "xgroup-setid", key);
        } else if (args.is(1, "destroy") && argc == 4) {
            if (group != null) {
                stream.destroyGroup(groupName);
                out.integer(1);
                ctx.notify(KeyspaceNotifier.STREAM, "xgroup-destroy", key);
                // blocked XREADGROUP clients of the group get their error (Redis's signalKeyAsReady)
                ctx.engine().blocking().keyModified(ctx.db(), key);
            } else {
                out.integer(0);
            }
        } else if (args.is(1, "createconsumer") && argc == 5) {
            Consumer created = group.createConsumer(args.get(4), ctx.now());
            if (created != null) {
                ctx.notify(KeyspaceNotifier.STREAM, "xgroup-createconsumer", key);
            }
            out.integer(created != null ? 1 : 0);
        } else if (args.is(1, "delconsumer") && argc == 5) {
            Consumer consumer = group.consumer(args.get(4));
            long pending = 0;
            if (consumer != null) {
                pending = group.deleteConsumer(consumer);
                ctx.notify(KeyspaceNotifier.STREAM, "xgroup-delconsumer", key);
            }
            out.integer(pending);
        } else {
            throw subcommandSyntax(args, "XGROUP");
        }
    }

    void xsetid(Context ctx, Args args, Reply out) {
        StreamId id = parseId(args.get(2), 0, true, null);
        StreamId maxDeleted = StreamId.MIN;
        long entriesAdded = -1;
        int argc = args.size();
        for (int i = 3; i < argc; ) {
            int moreArgs = argc - 1 - i;
            if (args.is(i, "entriesadded") && moreArgs > 0) {
                entriesAdded = args.longAt(i + 1);
                if (entriesAdded < 0) {
                    throw new RedisException(ENTRIES_ADDED_NEGATIVE);
                }
                i += 2;
            } else if (args.is(i, "maxdeletedid") && moreArgs > 0) {
                maxDeleted = parseId(args.get(i + 1), 0, true, null);
                if (id.compareTo(maxDeleted) < 0) {
                    throw new RedisException(XSETID_BELOW_MAXDELETED);
                }
                i += 2;
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        byte[] key = args.get(1);
        RedisStream stream = lookup(ctx.db(), key);
        if (stream == null) {
            throw new RedisException(RedisErrors.NO_SUCH_KEY);
        }
        if (stream.length() > 0) {
            if (id.compareTo(stream.lastValidId()) < 0) {
                throw new RedisException(XSETID_TOO_SMALL);
            }
            if (entriesAdded != -1 && stream.length() > entriesAdded) {
                throw new RedisException(XSETID_ENTRIES_ADDED);
            }
        }
        stream.setLastId(id, entriesAdded, maxDeleted);
        out.ok();
        ctx.notify(KeyspaceNotifier.STREAM, "xsetid", key);
    }

    void xack(Context ctx, Args args, Reply out) {
        RedisStream stream = lookupRead(ctx, args.get(1));
        Group group = stream == null ? null : stream.group(args.get(2));
        if (group == null) {
            out.integer(0);
            return;
        }
        StreamId[] ids = new StreamId[args.size() - 3];
        for (int j = 3; j < args.size(); j++) {
            ids[j - 3] = parseId(args.get(j), 0, true, null);
        }
        long acknowledged = 0;
        for (StreamId id : ids) {
            if (group.acknowledge(id)) {
                acknowledged++;
            }
        }
        out.integer(acknowledged);
    }

    void xpending(Context ctx, Args args, Reply out) {
        int argc = args.size();
        boolean justInfo = argc == 3;
        byte[] key = args.get(1);
        byte[] groupName = args.get(2);
        if (argc != 3 && (argc < 6 || argc > 9)) {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        long minIdle = 0;
        long count = 0;
        StreamId start = null;
        StreamId end = null;
        byte[] consumerName = null;
        if (argc >= 6) {
            int startIndex = 3;
            if (args.is(3, "idle")) {
                minIdle = args.longAt(4);
                if (argc < 8) {
                    throw new RedisException(RedisErrors.SYNTAX);
                }
                startIndex += 2;
            }
            count = Math.max(0, args.longAt(startIndex + 2));
            start = parseStart(args.get(startIndex));
            end = parseEnd(args.get(startIndex + 1));
            if (startIndex + 3 < argc) {
                consumerName = args.get(startIndex + 3);
            }
        }
        RedisStream stream = lookupRead(ctx, key);
        Group group = stream == null ? null : stream.group(groupName);
        if (group == null) {
            throw new RedisException("NOGROUP No such key '" + latin1(key) + "' or consumer group '" + latin1(groupName) + "'");
        }
        if (justInfo) {
            out.array(4);
            out.integer(group.pel().size());
            if (group.pel().isEmpty()) {
                out.nullBulk();
                out.nullBulk();
                out.nullArray();
                return;
            }
            out.bulk(group.pel().firstKey().toBytes());
            out.bulk(group.pel().lastKey().toBytes());
            List<Consumer> withPending = new ArrayList<>();
            for (Consumer consumer : group.consumers().values()) {
                if (!consumer.pel().isEmpty()) {
                    withPending.add(consumer);
                }
            }
            out.array(withPending.size());
            for (Consumer consumer : withPending) {
                out.array(2);
                out.bulk(consumer.name());
                out.bulkLong(consumer.pel().size());
            }
            return;
        }
        Map<StreamId, Nack> pel = group.pel();
        if (consumerName != null) {
            Consumer consumer = group.consumer(consumerName);
            if (consumer == null) {
                out.emptyArray();
                return;
            }
            pel = consumer.pel();
        }
        long now = ctx.now();
        List<Map.Entry<StreamId, Nack>> selected = new ArrayList<>();
        if (start.compareTo(end) <= 0) {
            for (Map.Entry<StreamId, Nack> e : ((NavigableMap<StreamId, Nack>) pel)
                    .subMap(start, true, end, true).entrySet()) {
                if (selected.size() >= count) {
                    break;
                }
                if (minIdle != 0 && now - e.getValue().deliveryTime() < minIdle) {
                    continue;
                }
                selected.add(e);
            }
        }
        out.array(selected.size());
        for (Map.Entry<StreamId, Nack> e : selected) {
            out.array(4);
            out.bulk(e.getKey().toBytes());
            out.bulk(e.getValue().consumer().name());
            out.integer(Math.max(0, now - e.getValue().deliveryTime()));
            out.integer(e.getValue().deliveryCount());
        }
    }

    void xclaim(Context ctx, Args args, Reply out) {
        byte[] key = args.get(1);
        RedisStream stream = lookupRead(ctx, key);
        Group group = stream == null ? null : stream.group(args.get(2));
        if (group == null) {
            throw new RedisException("NOGROUP No such key '" + latin1(key) + "' or consumer group '"
                    + latin1(args.get(2)) + "'");
        }
        long minIdle = longOr(args.get(4), "ERR Invalid min-idle-time argument for XCLAIM");
        if (minIdle < 0) {
            minIdle = 0;
        }
        int argc = args.size();
        List<StreamId> ids = new ArrayList<>();
        int j = 5;
        for (; j < argc; j++) {
            StreamId id = tryParseId(args.get(j));
            if (id == null) {
                break;
            }
            ids.add(id);
        }
        long now = ctx.now();
        long deliveryTime = -1;
        long retryCount = -1;
        boolean force = false;
        boolean justId = false;
        StreamId lastId = StreamId.MIN;
        for (; j < argc; j++) {
            int moreArgs = argc - 1 - j;
            if (args.is(j, "force")) {
                force = true;
            } else if (args.is(j, "justid")) {
                justId = true;
            } else if (args.is(j, "idle") && moreArgs > 0) {
                j++;
                deliveryTime = now - longOr(args.get(j), "ERR Invalid IDLE option argument for XCLAIM");
            } else if (args.is(j, "time") && moreArgs > 0) {
                j++;
                deliveryTime = longOr(args.get(j), "ERR Invalid TIME option argument for XCLAIM");
            } else if (args.is(j, "retrycount") && moreArgs > 0) {
                j++;
                retryCount = longOr(args.get(j), "ERR Invalid RETRYCOUNT option argument for XCLAIM");
            } else if (args.is(j, "lastid") && moreArgs > 0) {
                j++;
                lastId = parseId(args.get(j), 0, true, null);
            } else {
                throw new RedisException("ERR Unrecognized XCLAIM option '" + args.string(j) + "'");
            }
        }
        if (lastId.compareTo(group.lastId()) > 0) {
            group.lastId(lastId);
        }
        if (deliveryTime != -1) {
            if (deliveryTime < 0 || deliveryTime > now) {
                deliveryTime = now;
            }
        } else {
            deliveryTime = now;
        }
        byte[] name = args.get(3);
        Consumer consumer = null;
        List<StreamId> claimed = new ArrayList<>();
        for (StreamId id : ids) {
            Nack nack = group.pel().get(id);
            if (stream.entry(id) == null) {
                if (nack != null) {
                    group.acknowledge(id);
                }
                continue;
            }
            if (force && nack == null) {
                nack = group.createNack(id, now);
            }
            if (nack == null) {
                continue;
            }
            if (nack.consumer() != null && minIdle != 0 && now - nack.deliveryTime() < minIdle) {
                continue;
            }
            if (consumer == null) {
                consumer = consumerFor(ctx, key, group, name, now);
            }
            long deliveries = retryCount >= 0 ? retryCount : justId ? nack.deliveryCount() : nack.deliveryCount() + 1;
            group.setDelivery(nack, deliveryTime, deliveries);
            group.assign(id, nack, consumer);
            claimed.add(id);
        }
        out.array(claimed.size());
        for (StreamId id : claimed) {
            if (justId) {
                out.bulk(id.toBytes());
            } else {
                writeEntry(out, id, stream.entry(id));
            }
        }
    }

    void xautoclaim(Context ctx, Args args, Reply out) {
        byte[] key = args.get(1);
        long minIdle = longOr(args.get(4), "ERR Invalid min-idle-time argument for XAUTOCLAIM");
        if (minIdle < 0) {
            minIdle = 0;
        }
        StreamId start = parseStart(args.get(5));
        long count = 100;
        boolean justId = false;
        int argc = args.size();
        for (int j = 6; j < argc; j++) {
            int moreArgs = argc - 1 - j;
            if (args.is(j, "count") && moreArgs > 0) {
                Long value = Numbers.parse(args.get(j + 1));
                if (value == null || value < 1 || value > Long.MAX_VALUE / 16) {
                    throw new RedisException(AUTOCLAIM_COUNT);
                }
                count = value;
                j++;
            } else if (args.is(j, "justid")) {
                justId = true;
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        RedisStream stream = lookupRead(ctx, key);
        Group group = stream == null ? null : stream.group(args.get(2));
        if (group == null) {
            throw new RedisException("NOGROUP No such key '" + latin1(key) + "' or consumer group '"
                    + latin1(args.get(2)) + "'");
        }
        long attempts = count * 10;
        long now = ctx.now();
        byte[] name = args.get(3);
        Consumer consumer = null;
        List<StreamId> claimed = new ArrayList<>();
        List<StreamId> deleted = new ArrayList<>();
        StreamId cursor = start;
        StreamId next = null;
        while (true) {
            Map.Entry<StreamId, Nack> e = group.pel().ceilingEntry(cursor);
            if (e == null) {
                next = null;
                break;
            }
            if (attempts-- == 0 || count == 0) {
                next = e.getKey();
                break;
            }
            StreamId id = e.getKey();
            Nack nack = e.getValue();
            cursor = id.next();
            if (stream.entry(id) == null) {
                group.acknowledge(id);
                deleted.add(id);
                count--;
            } else if (minIdle == 0 || now - nack.deliveryTime() >= minIdle) {
                if (consumer == null) {
                    consumer = consumerFor(ctx, key, group, name, now);
                }
                group.assign(id, nack, consumer);
                group.setDelivery(nack, now, justId ? nack.deliveryCount() : nack.deliveryCount() + 1);
                claimed.add(id);
                count--;
            }
            if (cursor == null) {
                next = null;
                break;
            }
        }
        out.array(3);
        out.bulk((next == null ? StreamId.MIN : next).toBytes());
        out.array(claimed.size());
        for (StreamId id : claimed) {
            if (justId) {
                out.bulk(id.toBytes());
            } else {
                writeEntry(out, id, stream.entry(id));
            }
        }
        out.array(deleted.size());
        for (StreamId id : deleted) {
            out.bulk(id.toBytes());
        }
    }

    private static Consumer consumerFor(Context ctx, byte[] key, Group group, byte[] name, long now) {
        Consumer consumer = group.consumer(name);
        if (consumer == null) {
            consumer = group.createConsumer(name, now);
            ctx.notify(KeyspaceNotifier.STREAM, "xgroup-createconsumer", key);
        } else {
            consumer.seen(now);
        }
        return consumer;
    }

    // ---- XINFO ----

    void xinfo(Context ctx, Args args, Reply out) {
        int argc = args.size();
        if (args.is(1, "help")) {
            if (argc != 2) {
                throw subcommandSyntax(args, "XINFO");
            }
            help(out, "XINFO", XINFO_HELP);
            return;
        } else if (argc < 3) {
            throw subcommandSyntax(args, "XINFO");
        }
        byte[] key = args.get(2);
        RedisStream stream = lookupRead(ctx, key);
        if (stream == null) {
            throw new RedisException(RedisErrors.NO_SUCH_KEY);
        }
        long now = ctx.now();
        if (args.is(1, "consumers") && argc == 4) {
            Group group = stream.group(args.get(3));
            if (group == null) {
                throw new RedisException("NOGROUP No such consumer group '" + args.string(3) + "' for key name '"
                        + latin1(key) + "'");
            }
            out.array(group.consumers().size());
            for (Consumer consumer : group.consumers().values()) {
                out.map(3);
                out.bulk("name");
                out.bulk(consumer.name());
                out.bulk("pending");
                out.integer(consumer.pel().size());
                out.bulk("idle");
                out.integer(Math.max(0, now - consumer.seenTime()));
            }
        } else if (args.is(1, "groups") && argc == 3) {
            out.array(stream.groups().size());
            for (Map.Entry<byte[], Group> e : stream.groups().entrySet()) {
                Group group = e.getValue();
                out.map(6);
                out.bulk("name");
                out.bulk(e.getKey());
                out.bulk("consumers");
                out.integer(group.consumers().size());
                out.bulk("pending");
                out.integer(group.pel().size());
                out.bulk("last-delivered-id");
                out.bulk(group.lastId().toBytes());
                out.bulk("entries-read");
                writeEntriesRead(out, group);
                out.bulk("lag");
                writeLag(out, stream, group);
            }
        } else if (args.is(1, "stream")) {
            streamInfo(args, out, stream);
        } else {
            throw subcommandSyntax(args, "XINFO");
        }
    }

    private static void streamInfo(Args args, Reply out, RedisStream stream) {
        int optc = args.size() - 3;
        boolean full = optc > 0;
        long count = 10;
        if (full) {
            if ((optc != 1 && optc != 3) || !args.is(3, "full")) {
                throw subcommandSyntax(args, "XINFO");
            }
            if (optc == 3) {
                if (!args.is(4, "count")) {
                    throw subcommandSyntax(args, "XINFO");
                }
                count = args.longAt(5);
                if (count < 0) {
                    count = 10;
                }
            }
        }
        out.map(full ? 9 : 10);
        out.bulk("length");
        out.integer(stream.length());
        out.bulk("radix-tree-keys");
        out.integer(stream.nodeCount());
        out.bulk("radix-tree-nodes");
        out.integer(stream.radixTreeNodes());
        out.bulk("last-generated-id");
        out.bulk(stream.lastId().toBytes());
        out.bulk("max-deleted-entry-id");
        out.bulk(stream.maxDeletedId().toBytes());
        out.bulk("entries-added");
        out.integer(stream.entriesAdded());
        out.bulk("recorded-first-entry-id");
        out.bulk(stream.firstId().toBytes());
        if (!full) {
            out.bulk("groups");
            out.integer(stream.groups().size());
            out.bulk("first-entry");
            Map.Entry<StreamId, byte[][]> first = stream.firstEntry();
            if (first == null) {
                out.nullBulk();
            } else {
                writeEntry(out, first.getKey(), first.getValue());
            }
            out.bulk("last-entry");
            Map.Entry<StreamId, byte[][]> last = stream.lastEntry();
            if (last == null) {
                out.nullBulk();
            } else {
                writeEntry(out, last.getKey(), last.getValue());
            }
            return;
        }
        out.bulk("entries");
        Map<StreamId, byte[][]> all = stream.range(StreamId.MIN, StreamId.MAX);
        int n = (int) (count == 0 ? all.size() : Math.min(count, all.size()));
        out.array(n);
        int written = 0;
        for (Map.Entry<StreamId, byte[][]> e : all.entrySet()) {
            if (written++ == n) {
                break;
            }
            writeEntry(out, e.getKey(), e.getValue());
        }
        out.bulk("groups");
        out.array(stream.groups().size());
        for (Map.Entry<byte[], Group> g : stream.groups().entrySet()) {
            Group group = g.getValue();
            out.map(7);
            out.bulk("name");
            out.bulk(g.getKey());
            out.bulk("last-delivered-id");
            out.bulk(group.lastId().toBytes());
            out.bulk("entries-read");
            writeEntriesRead(out, group);
            out.bulk("lag");
            writeLag(out, stream, group);
            out.bulk("pel-count");
            out.integer(group.pel().size());
            out.bulk("pending");
            int pending = (int) (count == 0 ? group.pel().size() : Math.min(count, group.pel().size()));
            out.array(pending);
            int i = 0;
            for (Map.Entry<StreamId, Nack> e : group.pel().entrySet()) {
                if (i++ == pending) {
                    break;
                }
                out.array(4);
                out.bulk(e.getKey().toBytes());
                out.bulk(e.getValue().consumer().name());
                out.integer(e.getValue().deliveryTime());
                out.integer(e.getValue().deliveryCount());
            }
            out.bulk("consumers");
            out.array(group.consumers().size());
            for (Consumer consumer : group.consumers().values()) {
                out.map(4);
                out.bulk("name");
                out.bulk(consumer.name());
                out.bulk("seen-time");
                out.integer(consumer.seenTime());
                out.bulk("pel-count");
                out.integer(consumer.pel().size());
                out.bulk("pending");
                int own = (int) (count == 0 ? consumer.pel().size() : Math.min(count, consumer.pel().size()));
                out.array(own);
                int k = 0;
                for (Map.Entry<StreamId, Nack> e : consumer.pel().entrySet()) {
                    if (k++ == own) {
                        break;
                    }
                    out.array(3);
                    out.bulk(e.getKey().toBytes());
                    out.integer(e.getValue().deliveryTime());
                    out.integer(e.getValue().deliveryCount());
                }
            }
        }
    }

    private static void writeEntriesRead(Reply out, Group group) {
        if (group.entriesRead() != RedisStream.INVALID_ENTRIES_READ) {
            out.integer(group.entriesRead());
        } else {
            out.nullBulk();
        }
    }

    private static void writeLag(Reply out, RedisStream stream, Group group) {
        Long lag = stream.lag(group);
        if (lag == null) {
            out.nullBulk();
        } else {
            out.integer(lag);
        }
    }

    // ---- helpers ----

    static RedisStream lookup(Database db, byte[] key) {
        return (RedisStream) db.get(key, ValueType.STREAM);
    }

    /** Redis's lookupKeyRead (hit/miss statistics, keymiss event) and checkType. */
    static RedisStream lookupRead(Context ctx, byte[] key) {
        Object value = ctx.lookupRead(key);
        if (value != null && !(value instanceof RedisStream)) {
            throw new RedisException(RedisErrors.WRONGTYPE);
        }
        return (RedisStream) value;
    }

    static void writeEntry(Reply out, StreamId id, byte[][] fieldsAndValues) {
        out.array(2);
        out.bulk(id.toBytes());
        if (fieldsAndValues == null) {
            out.nullArray();
            return;
        }
        out.array(fieldsAndValues.length);
        for (byte[] element : fieldsAndValues) {
            out.bulk(element);
        }
    }

    private static void help(Reply out, String command, String[] lines) {
        out.array(lines.length + 3);
        out.simple(command + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) {
            out.simple(line);
        }
        out.simple("HELP");
        out.simple("    Prints this help.");
    }

    /** Redis's addReplySubcommandSyntaxError. */
    private static RedisException subcommandSyntax(Args args, String command) {
        String sub = args.string(1);
        return new RedisException("ERR unknown subcommand or wrong number of arguments for '"
                + (sub.length() > 128 ? sub.substring(0, 128) : sub) + "'. Try " + command + " HELP.");
    }

    /** getLongLongFromObjectOrReply with a custom message. */
    private static long longOr(byte[] arg, String error) {
        Long value = Numbers.parse(arg);
        if (value == null) {
            throw new RedisException(error);
        }
        return value;
    }

    private static boolean isWord(byte[] arg, String word) {
        return arg.length == word.length() && new String(arg, StandardCharsets.ISO_8859_1).equals(word);
    }

    /** Text up to the first NUL, as C string functions see it. */
    private static String latin1(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }

    private static StreamId tryParseId(byte[] arg) {
        try {
            return parseId(arg, 0, true, null);
        } catch (RedisException e) {
            return null;
        }
    }

    /**
     * Parses a stream ID (streamGenericParseIDOrReply): {@code ms-seq}, {@code ms} (sequence
     * {@code missingSeq}), {@code -} and {@code +} unless strict, {@code ms-*} when {@code seqGiven} is
     * given (it is then set to false).
     */
    static StreamId parseId(byte[] arg, long missingSeq, boolean strict, boolean[] seqGiven) {
        if (arg.length > 127) {
            throw new RedisException(INVALID_ID);
        }
        String text = latin1(arg);
        if (strict && (text.equals("-") || text.equals("+"))) {
            throw new RedisException(INVALID_ID);
        }
        if (seqGiven != null) {
            seqGiven[0] = true;
        }
        if (text.equals("-")) {
            return StreamId.MIN;
        } else if (text.equals("+")) {
            return StreamId.MAX;
        }
        int dash = text.indexOf('-');
        Long ms = parseUnsigned(dash < 0 ? text : text.substring(0, dash));
        if (ms == null) {
            throw new RedisException(INVALID_ID);
        }
        long seq;
        if (dash >= 0) {
            String seqText = text.substring(dash + 1);
            if (seqGiven != null && seqText.equals("*")) {
                seq = 0;
                seqGiven[0] = false;
            } else {
                Long parsed = parseUnsigned(seqText);
                if (parsed == null) {
                    throw new RedisException(INVALID_ID);
                }
                seq = parsed;
            }
        } else {
            seq = missingSeq;
        }
        return new StreamId(ms, seq);
    }

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    /** string2ull: a non-negative long long, else what strtoull accepts in full; null when invalid. */
    private static Long parseUnsigned(String text) {
        Long asLong = Numbers.parse(text.getBytes(StandardCharsets.ISO_8859_1));
        if (asLong != null) {
            return asLong < 0 ? null : asLong;
        }
        int i = 0;
        int n = text.length();
        while (i < n && " \t\n\u000b\f\r".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        boolean negative = false;
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        if (i == n) {
            return null;
        }
        for (int k = i; k < n; k++) {
            char c = text.charAt(k);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        BigInteger value = new BigInteger(text.substring(i));
        if (value.compareTo(TWO_64) >= 0) {
            return null;
        }
        if (negative) {
            value = TWO_64.subtract(value).mod(TWO_64);
        }
        return value.longValue();
    }
}
