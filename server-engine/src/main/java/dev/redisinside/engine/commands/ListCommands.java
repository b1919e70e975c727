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
import dev.redisinside.engine.store.RedisList;
import dev.redisinside.engine.store.ValueType;

import java.util.Arrays;

/**
 * List commands (Redis's t_list.c), the blocking ones included, and CLIENT UNBLOCK, which ends any
 * blocking command. Validation order follows Redis: some commands look the key up before parsing their
 * arguments (LINDEX, LSET), most parse first.
 */
public final class ListCommands implements CommandGroup {

    static final String RANK_ZERO = "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second "
            + "... or use negative to start from the end of the list";
    static final String COUNT_NEGATIVE = "ERR COUNT can't be negative";
    static final String MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";
    static final String NUMKEYS = "ERR numkeys should be greater than 0";
    static final String COUNT_NOT_POSITIVE = "ERR count should be greater than 0";
    static final String UNBLOCK_REASON = "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR";

    @Override
    public void register(CommandRegistry r) {
        r.register("lpush", (ctx, args, out) -> push(ctx, args, out, true, false));
        r.register("rpush", (ctx, args, out) -> push(ctx, args, out, false, false));
        r.register("lpushx", (ctx, args, out) -> push(ctx, args, out, true, true));
        r.register("rpushx", (ctx, args, out) -> push(ctx, args, out, false, true));
        r.register("lpop", (ctx, args, out) -> pop(ctx, args, out, true));
        r.register("rpop", (ctx, args, out) -> pop(ctx, args, out, false));
        r.register("llen", this::llen);
        r.register("lindex", this::lindex);
        r.register("lset", this::lset);
        r.register("lrange", this::lrange);
        r.register("ltrim", this::ltrim);
        r.register("lrem", this::lrem);
        r.register("linsert", this::linsert);
        r.register("lpos", this::lpos);
        r.register("lmove", this::lmove);
        r.register("rpoplpush", this::rpoplpush);
        r.register("lmpop", (ctx, args, out) -> mpop(ctx, args, out, 1, false));
        r.register("blpop", (ctx, args, out) -> blockingPop(ctx, args, out, true));
        r.register("brpop", (ctx, args, out) -> blockingPop(ctx, args, out, false));
        r.register("blmove", this::blmove);
        r.register("brpoplpush", this::brpoplpush);
        r.register("blmpop", (ctx, args, out) -> mpop(ctx, args, out, 2, true));
        r.register("client|unblock", this::clientUnblock);
    }

    // ---- pushes ----

    void push(Context ctx, Args args, Reply out, boolean left, boolean onlyIfExists) {
        byte[] key = args.get(1);
        Database db = ctx.db();
        RedisList list = list(db, key);
        if (list == null) {
            if (onlyIfExists) {
                out.integer(0);
                return;
            }
            list = new RedisList();
            addAll(list, args, left);
            db.add(key, list);
        } else {
            addAll(list, args, left);
            db.signalModified(key);
        }
        out.integer(list.size());
        ctx.notify(KeyspaceNotifier.LIST, left ? "lpush" : "rpush", key);
    }

    private static void addAll(RedisList list, Args args, boolean left) {
        for (int i = 2; i < args.size(); i++) {
            list.add(left, args.get(i));
        }
    }

    void linsert(Context ctx, Args args, Reply out) {
        boolean after;
        if (args.is(2, "AFTER")) {
            after = true;
        } else if (args.is(2, "BEFORE")) {
            after = false;
        } else {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        byte[] key = args.get(1);
        RedisList list = list(ctx.db(), key);
        if (list == null) {
            out.integer(0);
            return;
        }
        byte[] pivot = args.get(3);
        for (int i = 0; i < list.size(); i++) {
            if (Arrays.equals(list.get(i), pivot)) {
                list.insert(after ? i + 1 : i, args.get(4));
                ctx.db().signalModified(key);
                ctx.notify(KeyspaceNotifier.LIST, "linsert", key);
                out.integer(list.size());
                return;
            }
        }
        out.integer(-1);
    }

    // ---- reads ----

    void llen(Context ctx, Args args, Reply out) {
        RedisList list = readList(ctx, args.get(1));
        out.integer(list == null ? 0 : list.size());
    }

    void lindex(Context ctx, Args args, Reply out) {
        RedisList list = readList(ctx, args.get(1));
        if (list == null) {
            out.nullBulk();
            return;
        }
        int index = list.index(Numbers.parseLong(args.get(2)));
        out.bulk(index < 0 ? null : list.get(index));
    }

    void lrange(Context ctx, Args args, Reply out) {
        long start = Numbers.parseLong(args.get(2));
        long end = Numbers.parseLong(args.get(3));
        RedisList list = readList(ctx, args.get(1));
        if (list == null) {
            out.emptyArray();
            return;
        }
        long size = list.size();
        if (start < 0) {
            start = Math.max(0, size + start);
        }
        if (end < 0) {
            end = size + end;
        }
        if (start > end || start >= size) {
            out.emptyArray();
            return;
        }
        end = Math.min(end, size - 1);
        out.array((int) (end - start + 1));
        for (int i = (int) start; i <= end; i++) {
            out.bulk(list.get(i));
        }
    }

    void lpos(Context ctx, Args args, Reply out) {
        byte[] element = args.get(2);
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        for (int j = 3; j < args.size(); j++) {
            boolean more = j < args.size() - 1;
            if (more && args.is(j, "RANK")) {
                rank = Numbers.parseLong(args.get(++j));
                if (rank == 0) {
                    throw new RedisException(RANK_ZERO);
                }
            } else if (more && args.is(j, "COUNT")) {
                count = rangedLong(args.get(++j), 0, Long.MAX_VALUE, COUNT_NEGATIVE);
            } else if (more && args.is(j, "MAXLEN")) {
                maxlen = rangedLong(args.get(++j), 0, Long.MAX_VALUE, MAXLEN_NEGATIVE);
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        boolean fromTail = rank < 0;
        if (fromTail) {
            rank = -rank;
        }
        RedisList list = readList(ctx, args.get(1));
        if (list == null) {
            if (count != -1) {
                out.emptyArray();
            } else {
                out.nullBulk();
            }
            return;
        }
        int size = list.size();
        long[] found = new long[count > 0 ? (int) Math.min(count, size) : Math.min(size, 16)];
        int foundCount = 0;
        long matches = 0;
        for (long index = 0; index < size && (maxlen == 0 || index < maxlen); index++) {
            int position = fromTail ? (int) (size - index - 1) : (int) index;
            if (!Arrays.equals(list.get(position), element)) {
                continue;
            }
            matches++;
            if (matches >= rank) {
                if (foundCount == found.length) {
                    found = Arrays.copyOf(found, found.length * 2);
                }
                found[foundCount++] = position;
                if (count == -1 || (count != 0 && matches - rank + 1 >= count)) {
                    break;
                }
            }
        }
        if (count != -1) {
            out.array(foundCount);
            for (int i = 0; i < foundCount; i++) {
                out.integer(found[i]);
            }
        } else if (foundCount > 0) {
            out.integer(found[0]);
        } else {
            out.nullBulk();
        }
    }

    // ---- in-place writes ----

    void lset(Context ctx, Args args, Reply out) {
        byte[] key = args.get(1);
        RedisList list = list(ctx.db(), key);
        if (list == null) {
            throw new RedisException(RedisErrors.NO_SUCH_KEY);
        }
        int index = list.index(Numbers.parseLong(args.get(2)));
        if (index < 0) {
            throw new RedisException(RedisErrors.INDEX_OUT_OF_RANGE);
        }
        list.set(index, args.get(3));
        out.ok();
        ctx.db().signalModified(key);
        ctx.notify(KeyspaceNotifier.LIST, "lset", key);
    }

    void ltrim(Context ctx, Args args, Reply out) {
        long start = Numbers.parseLong(args.get(2));
        long end = Numbers.parseLong(args.get(3));
        byte[] key = args.get(1);
        RedisList list = list(ctx.db(), key);
        if (list == null) {
            out.ok();
            return;
        }
        long size = list.size();
        if (start < 0) {
            start = Math.max(0, size + start);
        }
        if (end < 0) {
            end = size + end;
        }
        long fromHead;
        long fromTail;
        if (start > end || start >= size) {
            fromHead = size;
            fromTail = 0;
        } else {
            end = Math.min(end, size - 1);
            fromHead = start;
            fromTail = size - end - 1;
        }
        list.removeEnds(true, (int) fromHead);
        list.removeEnds(false, (int) fromTail);
        ctx.notify(KeyspaceNotifier.LIST, "ltrim", key);
        deleteIfEmpty(ctx, key, list);
        out.ok();
    }

    void lrem(Context ctx, Args args, Reply out) {
        long toRemove = Numbers.parseLong(args.get(2));
        byte[] key = args.get(1);
        RedisList list = list(ctx.db(), key);
        if (list == null) {
            out.integer(0);
            return;
        }
        byte[] element = args.get(3);
        boolean fromTail = toRemove < 0;
        long limit = fromTail ? -toRemove : toRemove;
        int size = list.size();
        boolean[] marked = new boolean[size];
        long removed = 0;
        // As in Redis, -LONG_MIN stays negative and never equals the count: every match goes.
        for (int i = 0; i < size && (limit == 0 || removed != limit); i++) {
            int position = fromTail ? size - 1 - i : i;
            if (Arrays.equals(list.get(position), element)) {
                marked[position] = true;
                removed++;
            }
        }
        if (removed > 0) {
            list.removeMarked(marked);
            ctx.db().signalModified(key);
            ctx.notify(KeyspaceNotifier.LIST, "lrem", key);
            if (list.isEmpty()) {
                ctx.db().delete(key);
                ctx.notify(KeyspaceNotifier.GENERIC, "del", key);
            }
        }
        out.integer(removed);
    }

    // ---- pops ----

    void pop(Context ctx, Args args, Reply out, boolean left) {
        if (args.size() > 3) {
            throw new RedisException(RedisErrors.wrongArity(left ? "lpop" : "rpop"));
        }
        boolean hasCount = args.size() == 3;
        long count = hasCount ? rangedLong(args.get(2), 0, Long.MAX_VALUE, RedisErrors.POSITIVE_COUNT) : 0;
        byte[] key = args.get(1);
        RedisList list = list(ctx.db(), key);
        if (list == null) {
            if (hasCount) {
                out.nullArray();
            } else {
                out.nullBulk();
            }
            return;
        }
        if (hasCount && count == 0) {
            out.emptyArray();
            return;
        }
        if (!hasCount) {
            out.bulk(list.remove(left));
        } else {
            int n = (int) Math.min(count, list.size());
            out.array(n);
            for (int i = 0; i < n; i++) {
                out.bulk(list.remove(left));
            }
        }
        removed(ctx, key, list, left);
    }

    /** LMPOP (numkeys at 1) and BLMPOP (timeout at 1, numkeys at 2). */
    void mpop(Context ctx, Args args, Reply out, int numkeysIndex, boolean blocking) {
        long numkeys = rangedLong(args.get(numkeysIndex), 1, Long.MAX_VALUE, NUMKEYS);
        if (numkeys >= args.size() - numkeysIndex - 1) {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        int whereIndex = numkeysIndex + (int) numkeys + 1;
        boolean left = side(args, whereIndex);
        long count = -1;
        for (int j = whereIndex + 1; j < args.size(); j++) {
            if (count == -1 && j < args.size() - 1 && args.is(j, "COUNT")) {
                count = rangedLong(args.get(++j), 1, Long.MAX_VALUE, COUNT_NOT_POSITIVE);
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        if (count == -1) {
            count = 1;
        }
        byte[][] keys = Arrays.copyOfRange(args.all(), numkeysIndex + 1, whereIndex);
        if (!blocking) {
            if (!popFirstNonEmpty(ctx, out, keys, left, count)) {
                out.nullArray();
            }
            return;
        }
        blockingPopGeneric(ctx, out, keys, args.get(1), left, count);
    }

    void blockingPop(Context ctx, Args args, Reply out, boolean left) {
        byte[][] keys = Arrays.copyOfRange(args.all(), 1, args.size() - 1);
        blockingPopGeneric(ctx, out, keys, args.get(args.size() - 1), left, -1);
    }

    /** BLPOP, BRPOP (count -1: reply [key, element]) and BLMPOP (reply [key, [elements]]). */
    private void blockingPopGeneric(Context ctx, Reply out, byte[][] keys, byte[] timeoutArg, boolean left,
            long count) {
        long deadline = BlockingManager.parseTimeout(timeoutArg, ctx.now());
        if (count == -1 ? popOneWithKey(ctx, out, keys, left) : popFirstNonEmpty(ctx, out, keys, left, count)) {
            return;
        }
        BlockingManager blocking = ctx.engine().blocking();
        if (!blocking.mayBlock(ctx.client())) {
            out.nullArray();
            return;
        }
        blocking.block(ctx.client(), keys, deadline, new ListWaiter(ctx.client(), left, count, null, false));
    }

    private boolean popOneWithKey(Context ctx, Reply out, byte[][] keys, boolean left) {
        for (byte[] key : keys) {
            RedisList list = list(ctx.db(), key);
            if (list != null) {
                byte[] value = list.remove(left);
                out.array(2);
                out.bulk(key);
                out.bulk(value);
                removed(ctx, key, list, left);
                return true;
            }
        }
        return false;
    }

    private boolean popFirstNonEmpty(Context ctx, Reply out, byte[][] keys, boolean left, long count) {
        for (byte[] key : keys) {
            RedisList list = list(ctx.db(), key);
            if (list != null) {
                popRangeWithKey(ctx, out, key, list, left, count);
                return true;
            }
        }
        return false;
    }

    private static void popRangeWithKey(Context ctx, Reply out, byte[] key, RedisList list, boolean left, long count) {
        int n = (int) Math.min(count, list.size());
        out.array(2);
        out.bulk(key);
        out.array(n);
        for (int i = 0; i < n; i++) {
            out.bulk(list.remove(left));
        }
        removed(ctx, key, list, left);
    }

    // ---- moves ----

    void lmove(Context ctx, Args args, Reply out) {
        boolean fromLeft = side(args, 3);
        boolean toLeft = side(args, 4);
        move(ctx, out, args.get(1), args.get(2), fromLeft, toLeft);
    }

    void rpoplpush(Context ctx, Args args, Reply out) {
        move(ctx, out, args.get(1), args.get(2), false, true);
    }

    void blmove(Context ctx, Args args, Reply out) {
        boolean fromLeft = side(args, 3);
        boolean toLeft = side(args, 4);
        blockingMove(ctx, out, args.get(1), args.get(2), fromLeft, toLeft, args.get(5));
    }

    void brpoplpush(Context ctx, Args args, Reply out) {
        blockingMove(ctx, out, args.get(1), args.get(2), false, true, args.get(3));
    }

    private void blockingMove(Context ctx, Reply out, byte[] source, byte[] destination, boolean fromLeft,
            boolean toLeft, byte[] timeoutArg) {
        long deadline = BlockingManager.parseTimeout(timeoutArg, ctx.now());
        if (list(ctx.db(), source) != null) {
            move(ctx, out, source, destination, fromLeft, toLeft);
            return;
        }
        BlockingManager blocking = ctx.engine().blocking();
        if (!blocking.mayBlock(ctx.client())) {
            out.nullBulk();
            return;
        }
        blocking.block(ctx.client(), new byte[][] {source}, deadline,
                new ListWaiter(ctx.client(), fromLeft, -1, destination, toLeft));
    }

    /** LMOVE's body: pops from the source and pushes to the destination (which may be the same list). */
    private static void move(Context ctx, Reply out, byte[] source, byte[] destination, boolean fromLeft,
            boolean toLeft) {
        Database db = ctx.db();
        RedisList from = list(db, source);
        if (from == null) {
            out.nullBulk();
            return;
        }
        RedisList to = list(db, destination);
        byte[] value = from.remove(fromLeft);
        pushMoved(ctx, out, destination, to, value, toLeft);
        ctx.notify(KeyspaceNotifier.LIST, fromLeft ? "lpop" : "rpop", source);
        deleteIfEmpty(ctx, source, from);
    }

    private static void pushMoved(Context ctx, Reply out, byte[] destination, RedisList to, byte[] value,
            boolean toLeft) {
        if (to == null) {
            to = new RedisList();
            to.add(toLeft, value);
            ctx.db().add(destination, to);
        } else {
            to.add(toLeft, value);
            ctx.db().signalModified(destination);
        }
        ctx.notify(KeyspaceNotifier.LIST, toLeft ? "lpush" : "rpush", destination);
        out.bulk(value);
    }

    // ---- CLIENT UNBLOCK ----

    void clientUnblock(Context ctx, Args args, Reply out) {
        if (args.size() > 4) {
            throw new RedisException("ERR unknown subcommand or wrong number of arguments for '"
                    + args.string(1) + "'. Try CLIENT HELP.");
        }
        boolean withError = false;
        if (args.size() == 4) {
            if (args.is(3, "ERROR")) {
                withError = true;
            } else if (!args.is(3, "TIMEOUT")) {
                throw new RedisException(UNBLOCK_REASON);
            }
        }
        long id = Numbers.parseLong(args.get(2));
        Client target = ctx.engine().client(id);
        out.integer(ctx.engine().blocking().unblock(target, withError) ? 1 : 0);
    }

    // ---- helpers ----

    /** The list at the key, null if absent, WRONGTYPE for another type. */
    static RedisList list(Database db, byte[] key) {
        return (RedisList) db.get(key, ValueType.LIST);
    }

    /** The list for a read-only command (Redis's lookupKeyRead: hit/miss stats, "keymiss" event). */
    private static RedisList readList(Context ctx, byte[] key) {
        Object value = ctx.lookupRead(key);
        if (value != null && !(value instanceof RedisList)) {
            throw new RedisException(RedisErrors.WRONGTYPE);
        }
        return (RedisList) value;
    }

    /** LEFT (true) or RIGHT (false). */
    private static boolean side(Args args, int index) {
        if (args.is(index, "LEFT")) {
            return true;
        }
        if (args.is(index, "RIGHT")) {
            return false;
        }
        throw new RedisException(RedisErrors.SYNTAX);
    }

    /** Redis's getRangeLongFromObjectOrReply with a message: the same text for "not a number" and "out of range". */
    static long rangedLong(byte[] arg, long min, long max, String error) {
        Long value = Numbers.parse(arg);
        if (value == null || value < min || value > max) {
            throw new RedisException(error);
        }
        return value;
    }

    /** After elements were popped: the pop event, and the key deleted when the list became empty. */
    private static void removed(Context ctx, byte[] key, RedisList list, boolean left) {
        ctx.notify(KeyspaceNotifier.LIST, left ? "lpop" : "rpop", key);
        deleteIfEmpty(ctx, key, list);
    }

    private static void deleteIfEmpty(Context ctx, byte[] key, RedisList list) {
        if (list.isEmpty()) {
            ctx.db().delete(key);
            ctx.notify(KeyspaceNotifier.GENERIC, "del", key);
        } else {
            ctx.db().signalModified(key);
        }
    }

    /**
     * A client parked by BLPOP/BRPOP (count -1), BLMPOP (count &gt; 0) or BLMOVE/BRPOPLPUSH (a destination),
     * served like Redis's serveClientBlockedOnList once one of its keys holds a list.
     */
    private static final class ListWaiter implements BlockingManager.Waiter {

        private final Client client;
        private final boolean left;
        private final long count;
        private final byte[] destination;
        private final boolean toLeft;

        ListWaiter(Client client, boolean left, long count, byte[] destination, boolean toLeft) {
            this.client = client;
            this.left = left;
            this.count = count;
            this.destination = destination == null ? null : destination.clone();
            this.toLeft = toLeft;
        }

        @Override
        public boolean tryServe(byte[] key) {
            Context ctx = client.context();
            Database db = ctx.db();
            if (!(db.get(key) instanceof RedisList list)) {
                return false;
            }
            Reply out = client.asyncOut();
            if (destination != null) {
                Object target = db.get(destination);
                if (target != null && !(target instanceof RedisList)) {
                    throw new RedisException(RedisErrors.WRONGTYPE);
                }
                byte[] value = list.remove(left);
                pushMoved(ctx, out, destination, (RedisList) target, value, toLeft);
                ctx.notify(KeyspaceNotifier.LIST, left ? "lpop" : "rpop", key);
                deleteIfEmpty(ctx, key, list);
            } else if (count > 0) {
                popRangeWithKey(ctx, out, key, list, left, count);
            } else {
                byte[] value = list.remove(left);
                out.array(2);
                out.bulk(key);
                out.bulk(value);
                removed(ctx, key, list, left);
            }
            return true;
        }
    }
}
