package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.Numbers;
import dev.redisinside.engine.command.RedisErrors;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.DoubleFormat;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.pubsub.KeyspaceNotifier;
import dev.redisinside.engine.server.BlockingManager;
import dev.redisinside.engine.server.Client;
import dev.redisinside.engine.store.Database;
import dev.redisinside.engine.store.RedisSet;
import dev.redisinside.engine.store.RedisZSet;
import dev.redisinside.engine.store.RedisZSet.LexRange;
import dev.redisinside.engine.store.RedisZSet.Node;
import dev.redisinside.engine.store.RedisZSet.ScoreRange;
import dev.redisinside.engine.store.ValueType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Sorted set commands (t_zset.c). */
public final class SortedSetCommands implements CommandGroup {

    private static final String NAN_SCORE = "ERR resulting score is not a number (NaN)";
    private static final String NOT_FLOAT_RANGE = "ERR min or max is not a float";
    private static final String NOT_LEX_RANGE = "ERR min or max not valid string range item";

    private enum RangeType { AUTO, RANK, SCORE, LEX }

    private enum Aggregate { SUM, MIN, MAX }

    private enum SetOp { UNION, INTER, DIFF }

    @Override
    public void register(CommandRegistry r) {
        r.register("zadd", (c, a, o) -> zadd(c, a, o, false));
        r.register("zincrby", (c, a, o) -> zadd(c, a, o, true));
        r.register("zrem", this::zrem);
        r.register("zcard", this::zcard);
        r.register("zcount", this::zcount);
        r.register("zlexcount", this::zlexcount);
        r.register("zscore", this::zscore);
        r.register("zmscore", this::zmscore);
        r.register("zrank", (c, a, o) -> zrank(c, a, o, false));
        r.register("zrevrank", (c, a, o) -> zrank(c, a, o, true));
        r.register("zrange", (c, a, o) -> zrange(c, a, o, 1, null, RangeType.AUTO, false, false));
        r.register("zrangestore", (c, a, o) -> zrange(c, a, o, 2, a.get(1), RangeType.AUTO, false, false));
        r.register("zrevrange", (c, a, o) -> zrange(c, a, o, 1, null, RangeType.RANK, true, true));
        r.register("zrangebyscore", (c, a, o) -> zrange(c, a, o, 1, null, RangeType.SCORE, false, true));
        r.register("zrevrangebyscore", (c, a, o) -> zrange(c, a, o, 1, null, RangeType.SCORE, true, true));
        r.register("zrangebylex", (c, a, o) -> zrange(c, a, o, 1, null, RangeType.LEX, false, true));
        r.register("zrevrangebylex", (c, a, o) -> zrange(c, a, o, 1, null, RangeType.LEX, true, true));
        r.register("zremrangebyrank", (c, a, o) -> zremrange(c, a, o, RangeType.RANK));
        r.register("zremrangebyscore", (c, a, o) -> zremrange(c, a, o, RangeType.SCORE));
        r.register("zremrangebylex", (c, a, o) -> zremrange(c, a, o, RangeType.LEX));
        r.register("zpopmin", (c, a, o) -> zpop(c, a, o, false));
        r.register("zpopmax", (c, a, o) -> zpop(c, a, o, true));
        r.register("zmpop", (c, a, o) -> zmpop(c, a, o, 1, false));
        r.register("bzpopmin", (c, a, o) -> bzpop(c, a, o, false));
        r.register("bzpopmax", (c, a, o) -> bzpop(c, a, o, true));
        r.register("bzmpop", (c, a, o) -> zmpop(c, a, o, 2, true));
        r.register("zrandmember", this::zrandmember);
        r.register("zunion", (c, a, o) -> zsetop(c, a, o, SetOp.UNION, null, 1, false));
        r.register("zinter", (c, a, o) -> zsetop(c, a, o, SetOp.INTER, null, 1, false));
        r.register("zdiff", (c, a, o) -> zsetop(c, a, o, SetOp.DIFF, null, 1, false));
        r.register("zunionstore", (c, a, o) -> zsetop(c, a, o, SetOp.UNION, a.get(1), 2, false));
        r.register("zinterstore", (c, a, o) -> zsetop(c, a, o, SetOp.INTER, a.get(1), 2, false));
        r.register("zdiffstore", (c, a, o) -> zsetop(c, a, o, SetOp.DIFF, a.get(1), 2, false));
        r.register("zintercard", (c, a, o) -> zsetop(c, a, o, SetOp.INTER, null, 1, true));
        r.register("zscan", this::zscan);
    }

    // ---- ZADD / ZINCRBY ----

    void zadd(Context ctx, Args args, Reply out, boolean incrCommand) {
        byte[] key = args.get(1);
        boolean nx = false, xx = false, gt = false, lt = false, ch = false, incr = incrCommand;
        int scoreIndex = 2;
        while (scoreIndex < args.size()) {
            if (args.is(scoreIndex, "nx")) {
                nx = true;
            } else if (args.is(scoreIndex, "xx")) {
                xx = true;
            } else if (args.is(scoreIndex, "ch")) {
                ch = true;
            } else if (args.is(scoreIndex, "incr")) {
                incr = true;
            } else if (args.is(scoreIndex, "gt")) {
                gt = true;
            } else if (args.is(scoreIndex, "lt")) {
                lt = true;
            } else {
                break;
            }
            scoreIndex++;
            if (incrCommand) {
                break; // ZINCRBY takes no options: its arity keeps score and member in place
            }
        }
        if (incrCommand) {
            scoreIndex = 2;
            nx = xx = gt = lt = ch = false;
        }
        int elements = args.size() - scoreIndex;
        if (elements % 2 != 0 || elements == 0) {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        elements /= 2;
        if (nx && xx) {
            throw new RedisException("ERR XX and NX options at the same time are not compatible");
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            throw new RedisException("ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && elements > 1) {
            throw new RedisException("ERR INCR option supports a single increment-element pair");
        }
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) {
            scores[j] = args.doubleAt(scoreIndex + j * 2);
        }
        Database db = ctx.db();
        RedisZSet zset = (RedisZSet) db.get(key, ValueType.ZSET);
        long added = 0, updated = 0, processed = 0;
        double score = 0;
        if (zset == null) {
            if (xx) {
                replyZadd(out, incr, ch, processed, score, added, updated);
                return;
            }
            zset = new RedisZSet();
            if (ctx.engine().config().zsetMaxListpackEntries == 0
                    || ctx.engine().config().zsetMaxListpackValue < args.get(scoreIndex + 1).length) {
                zset.startAsSkiplist();
            }
            db.add(key, zset);
        }
        for (int j = 0; j < elements; j++) {
            byte[] member = args.get(scoreIndex + 1 + j * 2);
            double newScore = scores[j];
            Double current = zset.score(member);
            if (current != null) {
                if (nx) {
                    continue;
                }
                if (incr) {
                    newScore += current;
                    if (Double.isNaN(newScore)) {
                        finishZadd(ctx, key, incr, added, updated);
                        throw new RedisException(NAN_SCORE);
                    }
                }
                if ((lt && newScore >= current) || (gt && newScore <= current)) {
                    continue;
                }
                score = newScore;
                processed++;
                if (newScore != current) {
                    zset.add(member, newScore, ctx.engine().config());
                    updated++;
                }
            } else if (!xx) {
                zset.add(member, newScore, ctx.engine().config());
                score = newScore;
                added++;
                processed++;
            }
        }
        zset.encoding(ctx.engine().config());
        // Reply first, then the event, as Redis orders them (visible to a RESP3 client subscribed to itself).
        replyZadd(out, incr, ch, processed, score, added, updated);
        finishZadd(ctx, key, incr, added, updated);
    }

    private static void finishZadd(Context ctx, byte[] key, boolean incr, long added, long updated) {
        if (added > 0 || updated > 0) {
            ctx.db().signalModified(key);
            ctx.notify(KeyspaceNotifier.ZSET, incr ? "zincr" : "zadd", key);
        }
    }

    private static void replyZadd(Reply out, boolean incr, boolean ch, long processed, double score, long added,
            long updated) {
        if (incr) {
            if (processed > 0) {
                out.doubleValue(score);
            } else {
                out.nullBulk();
            }
        } else {
            out.integer(ch ? added + updated : added);
        }
    }

    // ---- simple reads and removals ----

    void zrem(Context ctx, Args args, Reply out) {
        byte[] key = args.get(1);
        RedisZSet zset = (RedisZSet) ctx.db().get(key, ValueType.ZSET);
        if (zset == null) {
            out.integer(0);
            return;
        }
        long deleted = 0;
        for (int i = 2; i < args.size(); i++) {
            if (zset.remove(args.get(i))) {
                deleted++;
                if (zset.isEmpty()) {
                    break;
                }
            }
        }
        if (deleted > 0) {
            ctx.notify(KeyspaceNotifier.ZSET, "zrem", key);
            removeIfEmpty(ctx, key, zset);
        }
        out.integer(deleted);
    }

    /** Deletes the key of an emptied set (with the {@code del} event) or signals its change. */
    private static void removeIfEmpty(Context ctx, byte[] key, RedisZSet zset) {
        if (zset.isEmpty()) {
            ctx.db().delete(key);
            ctx.notify(KeyspaceNotifier.GENERIC, "del", key);
        } else {
            ctx.db().signalModified(key);
        }
    }

    void zcard(Context ctx, Args args, Reply out) {
        RedisZSet zset = (RedisZSet) ctx.lookupRead(args.get(1), ValueType.ZSET);
        out.integer(zset == null ? 0 : zset.size());
    }

    void zcount(Context ctx, Args args, Reply out) {
        ScoreRange range = parseScoreRange(args.get(2), args.get(3));
        RedisZSet zset = (RedisZSet) ctx.lookupRead(args.get(1), ValueType.ZSET);
        if (zset == null) {
            out.integer(0);
            return;
        }
        Node first = zset.firstInRange(range);
        if (first == null) {
            out.integer(0);
            return;
        }
        Node last = zset.lastInRange(range);
        out.integer(zset.rank(last.member()) - zset.rank(first.member()) + 1);
    }

    void zlexcount(Context ctx, Args args, Reply out) {
        LexRange range = parseLexRange(args.get(2), args.get(3));
        RedisZSet zset = (RedisZSet) ctx.lookupRead(args.get(1), ValueType.ZSET);
        if (zset == null) {
            out.integer(0);
            return;
        }
        Node first = zset.firstInLexRange(range);
        if (first == null) {
            out.integer(0);
            return;
        }
        Node last = zset.lastInLexRange(range);
        out.integer(zset.rank(last.member()) - zset.rank(first.member()) + 1);
    }

    void zscore(Context ctx, Args args, Reply out) {
        RedisZSet zset = (RedisZSet) ctx.lookupRead(args.get(1), ValueType.ZSET);
        Double score = zset == null ? null : zset.score(args.get(2));
        if (score == null) {
            out.nullBulk();
        } else {
            out.doubleValue(score);
        }
    }

    void zmscore(Context ctx, Args args, Reply out) {
        RedisZSet zset = (RedisZSet) ctx.lookupRead(args.get(1), ValueType.ZSET);
        out.array(args.size() - 2);
        for (int i = 2; i < args.size(); i++) {
            Double score = zset == null ? null : zset.score(args.get(i));
            if (score == null) {
                out.nullBulk();
            } else {
                out.doubleValue(score);
            }
        }
    }

    void zrank(Context ctx, Args args, Reply out, boolean reverse) {
        RedisZSet zset = (RedisZSet) ctx.lookupRead(args.get(1), ValueType.ZSET);
        long rank = zset == null ? -1 : zset.rank(args.get(2));
        if (rank < 0) {
            out.nullBulk();
        } else {
            out.integer(reverse ? zset.size() - 1 - rank : rank);
        }
    }

    // ---- ranges ----

    /** ZRANGE and its older forms; {@code fixed} marks forms whose type and direction come from the name. */
    void zrange(Context ctx, Args args, Reply out, int keyIndex, byte[] destination, RangeType type, boolean reverse,
            boolean fixed) {
        boolean store = destination != null;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        boolean directionSet = fixed;
        for (int j = keyIndex + 3; j < args.size(); j++) {
            int left = args.size() - j - 1;
            if (!store && args.is(j, "withscores")) {
                withScores = true;
            } else if (args.is(j, "limit") && left >= 2) {
                offset = args.longAt(j + 1);
                limit = args.longAt(j + 2);
                j += 2;
            } else if (!directionSet && args.is(j, "rev")) {
                reverse = true;
                directionSet = true;
            } else if (type == RangeType.AUTO && args.is(j, "bylex")) {
                type = RangeType.LEX;
            } else if (type == RangeType.AUTO && args.is(j, "byscore")) {
                type = RangeType.SCORE;
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        if (type == RangeType.AUTO) {
            type = RangeType.RANK;
        }
        if (limit != -1 && type == RangeType.RANK) {
            throw new RedisException(
                    "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && type == RangeType.LEX) {
            throw new RedisException("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        int minIndex = keyIndex + 1;
        int maxIndex = keyIndex + 2;
        if (reverse && type != RangeType.RANK) {
            minIndex = keyIndex + 2;
            maxIndex = keyIndex + 1;
        }
        long start = 0, end = 0;
        ScoreRange scoreRange = null;
        LexRange lexRange = null;
        switch (type) {
            case RANK -> {
                start = args.longAt(minIndex);
                end = args.longAt(maxIndex);
            }
            case SCORE -> scoreRange = parseScoreRange(args.get(minIndex), args.get(maxIndex));
            default -> lexRange = parseLexRange(args.get(minIndex), args.get(maxIndex));
        }
        RedisZSet zset = (RedisZSet) ctx.lookupRead(args.get(keyIndex), ValueType.ZSET);
        List<Node> result = new ArrayList<>();
        if (zset != null) {
            switch (type) {
                case RANK -> rankRange(zset, start, end, reverse, result);
                case SCORE -> scoreRange(zset, scoreRange, reverse, offset, limit, result);
                default -> lexRange(zset, lexRange, reverse, offset, limit, result);
            }
        }
        if (store) {
            // Redis creates a listpack destination unless the rank range alone says it is too long.
            RedisZSet stored = new RedisZSet();
            if (type == RangeType.RANK && result.size() > ctx.engine().config().zsetMaxListpackEntries()) {
                stored.startAsSkiplist();
            }
            for (Node node : result) {
                stored.add(node.member().clone(), node.score(), ctx.engine().config());
            }
            storeResult(ctx, destination, stored, "zrangestore", out);
        } else {
            replyNodes(out, result, withScores);
        }
    }

    private static void rankRange(RedisZSet zset, long start, long end, boolean reverse, List<Node> result) {
        long length = zset.size();
        if (start < 0) {
            start = length + start;
        }
        if (end < 0) {
            end = length + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= length) {
            return;
        }
        if (end >= length) {
            end = length - 1;
        }
        long count = end - start + 1;
        Node node = reverse ? zset.byRank(length - 1 - start) : zset.byRank(start);
        while (count-- > 0 && node != null) {
            result.add(node);
            node = reverse ? node.previous() : node.next();
        }
    }

    private static void scoreRange(RedisZSet zset, ScoreRange range, boolean reverse, long offset, long limit,
            List<Node> result) {
        Node node = reverse ? zset.lastInRange(range) : zset.firstInRange(range);
        if (offset < 0) {
            return;
        }
        while (node != null && offset-- > 0) {
            node = reverse ? node.previous() : node.next();
        }
        while (node != null && limit != 0) {
            boolean inRange = reverse ? aboveMin(range, node.score()) : belowMax(range, node.score());
            if (!inRange) {
                break;
            }
            result.add(node);
            limit--;
            node = reverse ? node.previous() : node.next();
        }
    }

    private static void lexRange(RedisZSet zset, LexRange range, boolean reverse, long offset, long limit,
            List<Node> result) {
        Node node = reverse ? zset.lastInLexRange(range) : zset.firstInLexRange(range);
        if (offset < 0) {
            return;
        }
        while (node != null && offset-- > 0) {
            node = reverse ? node.previous() : node.next();
        }
        while (node != null && limit != 0) {
            boolean inRange = reverse ? lexAboveMin(range, node.member()) : lexBelowMax(range, node.member());
            if (!inRange) {
                break;
            }
            result.add(node);
            limit--;
            node = reverse ? node.previous() : node.next();
        }
    }

    private static boolean aboveMin(ScoreRange r, double v) {
        return r.minExclusive() ? v > r.min() : v >= r.min();
    }

    private static boolean belowMax(ScoreRange r, double v) {
        return r.maxExclusive() ? v < r.max() : v <= r.max();
    }

    private static boolean lexAboveMin(LexRange r, byte[] v) {
        if (r.min() == RedisZSet.LEX_MIN) {
            return true;
        }
        if (r.min() == RedisZSet.LEX_MAX) {
            return false;
        }
        int c = RedisZSet.compare(v, r.min());
        return r.minExclusive() ? c > 0 : c >= 0;
    }

    private static boolean lexBelowMax(LexRange r, byte[] v) {
        if (r.max() == RedisZSet.LEX_MIN) {
            return false;
        }
        if (r.max() == RedisZSet.LEX_MAX) {
            return true;
        }
        int c = RedisZSet.compare(v, r.max());
        return r.maxExclusive() ? c < 0 : c <= 0;
    }

    private static void replyNodes(Reply out, List<Node> nodes, boolean withScores) {
        if (withScores && out.protocol() == 2) {
            out.array(nodes.size() * 2);
        } else {
            out.array(nodes.size());
        }
        for (Node node : nodes) {
            if (withScores && out.protocol() > 2) {
                out.array(2);
            }
            out.bulk(node.member());
            if (withScores) {
                out.doubleValue(node.score());
            }
        }
    }

    private static void storeResult(Context ctx, byte[] destination, RedisZSet stored, String event, Reply out) {
        if (stored.isEmpty()) {
            out.integer(0);
            if (ctx.db().delete(destination)) {
                ctx.notify(KeyspaceNotifier.GENERIC, "del", destination);
            }
            return;
        }
        ctx.db().put(destination, stored);
        out.integer(stored.size());
        ctx.notify(KeyspaceNotifier.ZSET, event, destination);
    }

    void zremrange(Context ctx, Args args, Reply out, RangeType type) {
        byte[] key = args.get(1);
        long start = 0, end = 0;
        ScoreRange scoreRange = null;
        LexRange lexRange = null;
        switch (type) {
            case RANK -> {
                start = args.longAt(2);
                end = args.longAt(3);
            }
            case SCORE -> scoreRange = parseScoreRange(args.get(2), args.get(3));
            default -> lexRange = parseLexRange(args.get(2), args.get(3));
        }
        RedisZSet zset = (RedisZSet) ctx.db().get(key, ValueType.ZSET);
        if (zset == null) {
            out.integer(0);
            return;
        }
        List<Node> doomed = new ArrayList<>();
        switch (type) {
            case RANK -> rankRange(zset, start, end, false, doomed);
            case SCORE -> scoreRange(zset, scoreRange, false, 0, -1, doomed);
            default -> lexRange(zset, lexRange, false, 0, -1, doomed);
        }
        for (Node node : doomed) {
            zset.remove(node.member());
        }
        if (!doomed.isEmpty()) {
            String event = switch (type) {
                case RANK -> "zremrangebyrank";
                case SCORE -> "zremrangebyscore";
                default -> "zremrangebylex";
            };
            ctx.notify(KeyspaceNotifier.ZSET, event, key);
            removeIfEmpty(ctx, key, zset);
        }
        out.integer(doomed.size());
    }

    // ---- pops ----

    void zpop(Context ctx, Args args, Reply out, boolean max) {
        if (args.size() > 3) {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        long count = -1;
        if (args.size() == 3) {
            count = longOr(args.get(2), RedisErrors.POSITIVE_COUNT);
            if (count < 0) {
                throw new RedisException(RedisErrors.POSITIVE_COUNT);
            }
        }
        popGeneric(ctx, out, new byte[][] {args.get(1)}, max, false, count, out.protocol() > 2 && count != -1, false);
    }

    /** ZMPOP numkeys key... MIN|MAX [COUNT n] and BZMPOP timeout numkeys ...; numkeys at {@code numKeysIndex}. */
    void zmpop(Context ctx, Args args, Reply out, int numKeysIndex, boolean blocking) {
        long numKeys = longOr(args.get(numKeysIndex), "ERR numkeys should be greater than 0");
        if (numKeys < 1) {
            throw new RedisException("ERR numkeys should be greater than 0");
        }
        long whereIndex = numKeysIndex + numKeys + 1;
        if (whereIndex >= args.size()) {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        boolean max;
        if (args.is((int) whereIndex, "MIN")) {
            max = false;
        } else if (args.is((int) whereIndex, "MAX")) {
            max = true;
        } else {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        long count = -1;
        for (int j = (int) whereIndex + 1; j < args.size(); j++) {
            int more = args.size() - 1 - j;
            if (count == -1 && args.is(j, "COUNT") && more > 0) {
                j++;
                count = longOr(args.get(j), "ERR count should be greater than 0");
                if (count < 1) {
                    throw new RedisException("ERR count should be greater than 0");
                }
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        if (count == -1) {
            count = 1;
        }
        byte[][] keys = new byte[(int) numKeys][];
        for (int i = 0; i < numKeys; i++) {
            keys[i] = args.get(numKeysIndex + 1 + i);
        }
        if (blocking) {
            blockingPop(ctx, out, keys, args.get(1), max, count, true, true);
        } else {
            popGeneric(ctx, out, keys, max, true, count, true, true);
        }
    }

    void bzpop(Context ctx, Args args, Reply out, boolean max) {
        byte[][] keys = java.util.Arrays.copyOfRange(args.all(), 1, args.size() - 1);
        blockingPop(ctx, out, keys, args.get(args.size() - 1), max, -1, false, false);
    }

    /** Redis's blockingGenericZpopCommand: pop now from the first non-empty key, or park the client. */
    private static void blockingPop(Context ctx, Reply out, byte[][] keys, byte[] timeoutArg, boolean max, long count,
            boolean nested, boolean nilWhenEmpty) {
        long deadline = BlockingManager.parseTimeout(timeoutArg, ctx.now());
        for (byte[] key : keys) {
            RedisZSet zset = (RedisZSet) ctx.db().get(key, ValueType.ZSET);
            if (zset != null && !zset.isEmpty()) {
                popGeneric(ctx, out, new byte[][] {key}, max, true, count, nested, nilWhenEmpty);
                return;
            }
        }
        BlockingManager blocking = ctx.engine().blocking();
        if (!blocking.mayBlock(ctx.client())) {
            out.nullArray();
            return;
        }
        Client client = ctx.client();
        blocking.block(client, keys, deadline, key -> {
            if (!(client.context().db().get(key) instanceof RedisZSet zset) || zset.isEmpty()) {
                return false;
            }
            popGeneric(client.context(), client.asyncOut(), new byte[][] {key}, max, true, count, nested, nilWhenEmpty);
            return true;
        });
    }

    /** Redis's genericZpopCommand: pops from the first non-empty key among {@code keys}. */
    static void popGeneric(Context ctx, Reply out, byte[][] keys, boolean max, boolean emitKey, long count,
            boolean nested, boolean nilWhenEmpty) {
        RedisZSet zset = null;
        byte[] key = null;
        for (byte[] candidate : keys) {
            RedisZSet found = (RedisZSet) ctx.db().get(candidate, ValueType.ZSET);
            if (found != null) {
                zset = found;
                key = candidate;
                break;
            }
        }
        if (zset == null) {
            if (nilWhenEmpty) {
                out.nullArray();
            } else {
                out.emptyArray();
            }
            return;
        }
        if (count == 0) {
            out.emptyArray();
            return;
        }
        if (count == -1) {
            count = 1;
        }
        long length = Math.min(count, zset.size());
        if (!nested && !emitKey) {
            out.array((int) (length * 2));
        } else if (nested && !emitKey) {
            out.array((int) length);
        } else if (!nested) {
            out.array((int) (length * 2 + 1));
            out.bulk(key);
        } else {
            out.array(2);
            out.bulk(key);
            out.array((int) length);
        }
        for (long i = 0; i < length; i++) {
            Node node = max ? zset.last() : zset.first();
            zset.remove(node.member());
            if (nested) {
                out.array(2);
            }
            out.bulk(node.member());
            out.doubleValue(node.score());
        }
        ctx.notify(KeyspaceNotifier.ZSET, max ? "zpopmax" : "zpopmin", key);
        removeIfEmpty(ctx, key, zset);
    }

    // ---- ZRANDMEMBER ----

    void zrandmember(Context ctx, Args args, Reply out) {
        if (args.size() >= 3) {
            long count = args.longAt(2);
            if (count == Long.MIN_VALUE) {
                throw new RedisException("ERR value is out of range, value must between -9223372036854775807 and "
                        + "9223372036854775807");
            }
            boolean withScores = false;
            if (args.size() > 4 || (args.size() == 4 && !args.is(3, "withscores"))) {
                throw new RedisException(RedisErrors.SYNTAX);
            } else if (args.size() == 4) {
                withScores = true;
                if (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2) {
                    throw new RedisException("ERR value is out of range");
                }
            }
            randomWithCount(ctx, args, out, count, withScores);
            return;
        }
        RedisZSet zset = (RedisZSet) ctx.lookupRead(args.get(1), ValueType.ZSET);
        if (zset == null) {
            out.nullBulk();
            return;
        }
        out.bulk(zset.random().member());
    }

    private static void randomWithCount(Context ctx, Args args, Reply out, long count, boolean withScores) {
        RedisZSet zset = (RedisZSet) ctx.lookupRead(args.get(1), ValueType.ZSET);
        if (zset == null || count == 0) {
            out.emptyArray();
            return;
        }
        List<Node> picked = new ArrayList<>();
        if (count < 0) {
            for (long i = 0; i < -count; i++) {
                picked.add(zset.random());
            }
        } else if (count >= zset.size()) {
            picked.addAll(zset.nodes());
        } else {
            List<Node> all = zset.nodes();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < count; i++) {
                int j = i + random.nextInt(all.size() - i);
                Node swap = all.get(i);
                all.set(i, all.get(j));
                all.set(j, swap);
                picked.add(all.get(i));
            }
        }
        replyNodes(out, picked, withScores);
    }

    // ---- ZUNION / ZINTER / ZDIFF (+STORE), ZINTERCARD ----

    void zsetop(Context ctx, Args args, Reply out, SetOp op, byte[] destination, int numKeysIndex,
            boolean cardinalityOnly) {
        long setCount = args.longAt(numKeysIndex);
        if (setCount < 1) {
            throw new RedisException("ERR at least 1 input key is needed for '"
                    + ctx.client().lastCommand + "' command");
        }
        if (setCount > args.size() - (numKeysIndex + 1)) {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        int n = (int) setCount;
        List<Map<Bytes, Double>> sources = new ArrayList<>(n);
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            Object value = ctx.lookupRead(args.get(numKeysIndex + 1 + i));
            if (value != null && ValueType.of(value) != ValueType.ZSET && ValueType.of(value) != ValueType.SET) {
                throw new RedisException(RedisErrors.WRONGTYPE);
            }
            sources.add(value == null ? Map.of() : members(value));
            weights[i] = 1.0;
        }
        Aggregate aggregate = Aggregate.SUM;
        boolean withScores = false;
        long limit = 0;
        int j = numKeysIndex + 1 + n;
        while (j < args.size()) {
            int remaining = args.size() - j;
            if (op != SetOp.DIFF && !cardinalityOnly && remaining >= n + 1 && args.is(j, "weights")) {
                j++;
                for (int i = 0; i < n; i++, j++) {
                    Double weight = Numbers.parseDouble(args.get(j));
                    if (weight == null) {
                        throw new RedisException("ERR weight value is not a float");
                    }
                    weights[i] = weight;
                }
            } else if (op != SetOp.DIFF && !cardinalityOnly && remaining >= 2 && args.is(j, "aggregate")) {
                j++;
                if (args.is(j, "sum")) {
                    aggregate = Aggregate.SUM;
                } else if (args.is(j, "min")) {
                    aggregate = Aggregate.MIN;
                } else if (args.is(j, "max")) {
                    aggregate = Aggregate.MAX;
                } else {
                    throw new RedisException(RedisErrors.SYNTAX);
                }
                j++;
            } else if (remaining >= 1 && destination == null && !cardinalityOnly && args.is(j, "withscores")) {
                j++;
                withScores = true;
            } else if (cardinalityOnly && remaining >= 2 && args.is(j, "limit")) {
                j++;
                limit = longOr(args.get(j), "ERR LIMIT can't be negative");
                if (limit < 0) {
                    throw new RedisException("ERR LIMIT can't be negative");
                }
                j++;
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (op != SetOp.DIFF) {
            java.util.Arrays.sort(order, Comparator.comparingInt(i -> sources.get(i).size()));
        }
        Map<Bytes, Double> result = new LinkedHashMap<>();
        long cardinality = 0;
        if (op == SetOp.INTER) {
            Map<Bytes, Double> smallest = sources.get(order[0]);
            outer:
            for (Map.Entry<Bytes, Double> e : smallest.entrySet()) {
                double score = weighted(weights[order[0]], e.getValue());
                for (int k = 1; k < n; k++) {
                    Map<Bytes, Double> other = sources.get(order[k]);
                    if (other == smallest) {
                        score = combine(aggregate, score, weighted(weights[order[k]], e.getValue()));
                        continue;
                    }
                    Double s = other.get(e.getKey());
                    if (s == null) {
                        continue outer;
                    }
                    score = combine(aggregate, score, weighted(weights[order[k]], s));
                }
                if (cardinalityOnly) {
                    cardinality++;
                    if (limit != 0 && cardinality == limit) {
                        break;
                    }
                } else {
                    result.put(e.getKey(), score);
                }
            }
        } else if (op == SetOp.UNION) {
            Aggregate how = aggregate;
            for (int k = 0; k < n; k++) {
                for (Map.Entry<Bytes, Double> e : sources.get(order[k]).entrySet()) {
                    double score = weighted(weights[order[k]], e.getValue());
                    result.merge(e.getKey(), score, (a, b) -> combine(how, a, b));
                }
            }
        } else {
            for (Map.Entry<Bytes, Double> e : sources.get(0).entrySet()) {
                boolean elsewhere = false;
                for (int k = 1; k < n; k++) {
                    if (sources.get(k).containsKey(e.getKey())) {
                        elsewhere = true;
                        break;
                    }
                }
                if (!elsewhere) {
                    result.put(e.getKey(), e.getValue());
                }
            }
        }
        if (cardinalityOnly) {
            out.integer(cardinality);
            return;
        }
        RedisZSet combined = new RedisZSet();
        if (destination != null) {
            // Redis builds the result as a skiplist, then turns it into a listpack if small enough.
            long longest = 0;
            for (Bytes member : result.keySet()) {
                longest = Math.max(longest, member.bytes().length);
            }
            boolean listpack = result.size() <= ctx.engine().config().zsetMaxListpackEntries()
                    && longest <= ctx.engine().config().zsetMaxListpackValue();
            result.forEach((member, score) -> combined.add(member.bytes(), listpack ? RedisZSet.listpackScore(score) : score));
            String event = op == SetOp.UNION ? "zunionstore" : op == SetOp.INTER ? "zinterstore" : "zdiffstore";
            storeResult(ctx, destination, combined, event, out);
        } else {
            result.forEach((member, score) -> combined.add(member.bytes(), score));
            replyNodes(out, combined.nodes(), withScores);
        }
    }

    private static double weighted(double weight, double score) {
        double value = weight * score;
        return Double.isNaN(value) ? 0 : value;
    }

    private static double combine(Aggregate aggregate, double a, double b) {
        return switch (aggregate) {
            case SUM -> {
                double sum = a + b;
                yield Double.isNaN(sum) ? 0 : sum;
            }
            case MIN -> Math.min(a, b);
            case MAX -> Math.max(a, b);
        };
    }

    /** A byte string usable as a map key. */
    private record Bytes(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && java.util.Arrays.equals(b.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }
    }

    /** Members and scores of a sorted set, or of a set (every score 1). */
    private static Map<Bytes, Double> members(Object value) {
        Map<Bytes, Double> members = new LinkedHashMap<>();
        if (value instanceof RedisZSet zset) {
            for (Node node : zset.nodes()) {
                members.put(new Bytes(node.member()), node.score());
            }
        } else {
            for (byte[] member : ((RedisSet) value).members()) {
                members.put(new Bytes(member), 1.0);
            }
        }
        return members;
    }

    // ---- ZSCAN ----

    void zscan(Context ctx, Args args, Reply out) {
        byte[] cursorArg = args.get(2);
        Long cursor = Numbers.parse(cursorArg);
        if (cursor == null || cursor < 0) {
            throw new RedisException(RedisErrors.INVALID_CURSOR);
        }
        // Looked up (and type-checked) before the options are parsed, as scanGenericCommand does.
        RedisZSet zset = (RedisZSet) ctx.lookupRead(args.get(1), ValueType.ZSET);
        if (zset == null) {
            ElementScan.replyEmpty(out);
            return;
        }
        byte[] pattern = null;
        long count = 10;
        for (int i = 3; i < args.size(); i++) {
            int left = args.size() - i - 1;
            if (args.is(i, "count") && left >= 1) {
                count = args.longAt(i + 1);
                if (count < 1) {
                    throw new RedisException(RedisErrors.SYNTAX);
                }
                i++;
            } else if (args.is(i, "match") && left >= 1) {
                pattern = args.get(i + 1);
                i++;
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        List<Node> nodes = zset.nodes();
        // The whole set in one call with cursor 0: what Redis does for listpack sets; for big sets it
        // is still a valid SCAN (every element returned, cursor ends at 0).
        boolean small = "listpack".equals(zset.encoding(ctx.engine().config()));
        List<byte[]> items = new ArrayList<>();
        for (Node node : nodes) {
            if (pattern != null && !dev.redisinside.engine.command.GlobMatcher.matches(pattern, node.member())) {
                continue;
            }
            items.add(node.member());
            String score = small ? listpackScore(node.score()) : DoubleFormat.g17(node.score());
            items.add(score.getBytes(StandardCharsets.US_ASCII));
        }
        out.array(2);
        out.bulk("0");
        out.array(items.size());
        items.forEach(out::bulk);
    }

    /** How a listpack stores a score (util.c d2string): integral values as integers. */
    private static String listpackScore(double score) {
        if (score == 0) {
            return 1.0 / score < 0 ? "-0" : "0";
        }
        if (!Double.isInfinite(score) && score == Math.rint(score) && Math.abs(score) < 9.0e18) {
            return Long.toString((long) score);
        }
        return DoubleFormat.g17(score);
    }

    /** An integer argument whose parse error is the command's own range message, as Redis reports it. */
    private static long longOr(byte[] arg, String error) {
        Long value = Numbers.parse(arg);
        if (value == null) {
            throw new RedisException(error);
        }
        return value;
    }

    // ---- range parsing ----

    static ScoreRange parseScoreRange(byte[] min, byte[] max) {
        double[] value = new double[2];
        boolean[] exclusive = new boolean[2];
        byte[][] bounds = {min, max};
        for (int i = 0; i < 2; i++) {
            byte[] b = bounds[i];
            byte[] number = b;
            if (b.length > 0 && b[0] == '(') {
                exclusive[i] = true;
                number = java.util.Arrays.copyOfRange(b, 1, b.length);
            }
            Double parsed = Numbers.parseDouble(number);
            if (parsed == null) {
                throw new RedisException(NOT_FLOAT_RANGE);
            }
            value[i] = parsed;
        }
        return new ScoreRange(value[0], exclusive[0], value[1], exclusive[1]);
    }

    static LexRange parseLexRange(byte[] min, byte[] max) {
        byte[][] bounds = {min, max};
        byte[][] values = new byte[2][];
        boolean[] exclusive = new boolean[2];
        for (int i = 0; i < 2; i++) {
            byte[] b = bounds[i];
            if (b.length == 1 && b[0] == '+') {
                values[i] = RedisZSet.LEX_MAX;
            } else if (b.length == 1 && b[0] == '-') {
                values[i] = RedisZSet.LEX_MIN;
            } else if (b.length > 0 && (b[0] == '(' || b[0] == '[')) {
                exclusive[i] = b[0] == '(';
                values[i] = java.util.Arrays.copyOfRange(b, 1, b.length);
            } else {
                throw new RedisException(NOT_LEX_RANGE);
            }
        }
        return new LexRange(values[0], exclusive[0], values[1], exclusive[1]);
    }
}
