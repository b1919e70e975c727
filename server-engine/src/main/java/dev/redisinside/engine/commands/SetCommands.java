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
import dev.redisinside.engine.store.Database;
import dev.redisinside.engine.store.EncodingLimits;
import dev.redisinside.engine.store.RedisSet;
import dev.redisinside.engine.store.ValueType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Set commands (t_set.c). */
public final class SetCommands implements CommandGroup {

    static final String NUMKEYS_NOT_POSITIVE = "ERR numkeys should be greater than 0";
    static final String TOO_MANY_KEYS = "ERR Number of keys can't be greater than number of args";
    static final String NEGATIVE_LIMIT = "ERR LIMIT can't be negative";
    static final String COUNT_RANGE = HashCommands.COUNT_RANGE;

    /** SPOP with a count keeps the survivors in a new set when it pops more than 5× what remains. */
    private static final long SPOP_MOVE_STRATEGY_MUL = 5;
    /** SRANDMEMBER removes random members from a copy when it wants more than a third of the set. */
    private static final long SRANDMEMBER_SUB_STRATEGY_MUL = 3;

    private enum Operation { UNION, DIFF }

    @Override
    public void register(CommandRegistry r) {
        r.register("sadd", this::sadd);
        r.register("srem", this::srem);
        r.register("sismember", this::sismember);
        r.register("smismember", this::smismember);
        r.register("smembers", this::smembers);
        r.register("scard", this::scard);
        r.register("spop", this::spop);
        r.register("srandmember", this::srandmember);
        r.register("smove", this::smove);
        r.register("sinter", this::sinter);
        r.register("sintercard", this::sintercard);
        r.register("sinterstore", this::sinterstore);
        r.register("sunion", this::sunion);
        r.register("sunionstore", this::sunionstore);
        r.register("sdiff", this::sdiff);
        r.register("sdiffstore", this::sdiffstore);
        r.register("sscan", this::sscan);
    }

    void sadd(Context ctx, Args args, Reply out) {
        byte[] key = args.get(1);
        Database db = ctx.db();
        RedisSet set = lookup(db, key);
        if (set == null) {
            set = RedisSet.forFirstMember(args.get(2));
            db.add(key, set);
        }
        long added = 0;
        for (int i = 2; i < args.size(); i++) {
            if (set.add(args.get(i), ctx.engine().config())) {
                added++;
            }
        }
        if (added > 0) {
            db.signalModified(key);
            ctx.notify(KeyspaceNotifier.SET, "sadd", key);
        }
        out.integer(added);
    }

    void srem(Context ctx, Args args, Reply out) {
        byte[] key = args.get(1);
        Database db = ctx.db();
        RedisSet set = lookup(db, key);
        if (set == null) {
            out.integer(0);
            return;
        }
        out.integer(MemberRemoval.removeMembers(ctx, key, set, set::remove, args, KeyspaceNotifier.SET, "srem"));
    }

    void sismember(Context ctx, Args args, Reply out) {
        RedisSet set = read(ctx, args.get(1));
        out.integer(set != null && set.contains(args.get(2)) ? 1 : 0);
    }

    void smismember(Context ctx, Args args, Reply out) {
        RedisSet set = read(ctx, args.get(1));
        out.array(args.size() - 2);
        for (int i = 2; i < args.size(); i++) {
            out.integer(set != null && set.contains(args.get(i)) ? 1 : 0);
        }
    }

    void smembers(Context ctx, Args args, Reply out) {
        intersect(ctx, out, keys(args, 1, args.size()), null, false, 0);
    }

    void scard(Context ctx, Args args, Reply out) {
        RedisSet set = read(ctx, args.get(1));
        out.integer(set == null ? 0 : set.size());
    }

    void spop(Context ctx, Args args, Reply out) {
        if (args.size() == 3) {
            spopWithCount(ctx, args, out);
            return;
        }
        if (args.size() > 3) {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        byte[] key = args.get(1);
        Database db = ctx.db();
        RedisSet set = lookup(db, key);
        if (set == null) {
            out.nullBulk();
            return;
        }
        byte[] member = set.random();
        set.remove(member);
        ctx.notify(KeyspaceNotifier.SET, "spop", key);
        out.bulk(member);
        if (set.isEmpty()) {
            db.delete(key);
            ctx.notify(KeyspaceNotifier.GENERIC, "del", key);
        }
        db.signalModified(key);
    }

    private void spopWithCount(Context ctx, Args args, Reply out) {
        long count = positive(args.get(2), RedisErrors.POSITIVE_COUNT);
        byte[] key = args.get(1);
        Database db = ctx.db();
        RedisSet set = lookup(db, key);
        if (set == null || count == 0) {
            out.set(0);
            return;
        }
        long size = set.size();
        ctx.notify(KeyspaceNotifier.SET, "spop", key);
        if (count >= size) {
            // Redis replies through SUNION here, whose read lookup counts a keyspace hit.
            RedisSet all = combine(List.of(read(ctx, key)), Operation.UNION, ctx.engine().config());
            replySet(out, all.members());
            db.delete(key);
            ctx.notify(KeyspaceNotifier.GENERIC, "del", key);
            db.signalModified(key);
            return;
        }
        long remaining = size - count;
        if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
            out.set((int) count);
            for (long i = 0; i < count; i++) {
                byte[] member = set.random();
                set.remove(member);
                out.bulk(member);
            }
            db.signalModified(key);
        } else {
            RedisSet survivors = null;
            for (long i = 0; i < remaining; i++) {
                byte[] member = set.random();
                if (survivors == null) {
                    survivors = RedisSet.forFirstMember(member);
                }
                survivors.add(member, ctx.engine().config());
                set.remove(member);
            }
            replySet(out, set.members());
            db.put(key, survivors, true);
        }
    }

    void srandmember(Context ctx, Args args, Reply out) {
        if (args.size() == 3) {
            srandmemberWithCount(ctx, args, out);
            return;
        }
        if (args.size() > 3) {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        RedisSet set = read(ctx, args.get(1));
        out.bulk(set == null ? null : set.random());
    }

    private void srandmemberWithCount(Context ctx, Args args, Reply out) {
        long requested = args.longAt(2);
        if (requested == Long.MIN_VALUE) {
            throw new RedisException(COUNT_RANGE);
        }
        RedisSet set = read(ctx, args.get(1));
        if (set == null || requested == 0) {
            out.emptyArray();
            return;
        }
        long count = Math.abs(requested);
        int size = set.size();
        if (requested < 0 || count == 1) {
            out.array((int) count);
            for (long i = 0; i < count; i++) {
                out.bulk(set.random());
            }
            return;
        }
        if (count >= size) {
            out.arrayOfBulks(set.members());
            return;
        }
        List<byte[]> picked;
        if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
            picked = set.members();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (picked.size() > count) {
                int index = random.nextInt(picked.size());
                picked.set(index, picked.get(picked.size() - 1));
                picked.remove(picked.size() - 1);
            }
        } else {
            Set<ByteKey> unique = new HashSet<>();
            picked = new ArrayList<>((int) count);
            while (picked.size() < count) {
                byte[] member = set.random();
                if (unique.add(new ByteKey(member))) {
                    picked.add(member);
                }
            }
        }
        out.arrayOfBulks(picked);
    }

    void smove(Context ctx, Args args, Reply out) {
        byte[] source = args.get(1);
        byte[] destination = args.get(2);
        byte[] member = args.get(3);
        Database db = ctx.db();
        Object sourceValue = db.get(source);
        Object destinationValue = db.get(destination);
        if (sourceValue == null) {
            out.integer(0);
            return;
        }
        if (ValueType.of(sourceValue) != ValueType.SET
                || (destinationValue != null && ValueType.of(destinationValue) != ValueType.SET)) {
            throw new RedisException(RedisErrors.WRONGTYPE);
        }
        RedisSet sourceSet = (RedisSet) sourceValue;
        RedisSet destinationSet = (RedisSet) destinationValue;
        if (sourceSet == destinationSet) {
            out.integer(sourceSet.contains(member) ? 1 : 0);
            return;
        }
        if (!sourceSet.remove(member)) {
            out.integer(0);
            return;
        }
        ctx.notify(KeyspaceNotifier.SET, "srem", source);
        if (sourceSet.isEmpty()) {
            db.delete(source);
            ctx.notify(KeyspaceNotifier.GENERIC, "del", source);
        }
        if (destinationSet == null) {
            destinationSet = RedisSet.forFirstMember(member);
            db.add(destination, destinationSet);
        }
        db.signalModified(source);
        if (destinationSet.add(member, ctx.engine().config())) {
            db.signalModified(destination);
            ctx.notify(KeyspaceNotifier.SET, "sadd", destination);
        }
        out.integer(1);
    }

    void sinter(Context ctx, Args args, Reply out) {
        intersect(ctx, out, keys(args, 1, args.size()), null, false, 0);
    }

    /** SINTERCARD numkeys key [key ...] [LIMIT limit]. */
    void sintercard(Context ctx, Args args, Reply out) {
        Long numkeys = Numbers.parse(args.get(1));
        if (numkeys == null || numkeys < 1) {
            throw new RedisException(NUMKEYS_NOT_POSITIVE);
        }
        if (numkeys > args.size() - 2) {
            throw new RedisException(TOO_MANY_KEYS);
        }
        long limit = 0;
        for (int i = 2 + numkeys.intValue(); i < args.size(); i++) {
            boolean moreArgs = args.size() - 1 - i > 0;
            if (args.is(i, "limit") && moreArgs) {
                i++;
                limit = positive(args.get(i), NEGATIVE_LIMIT);
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        intersect(ctx, out, keys(args, 2, 2 + numkeys.intValue()), null, true, limit);
    }

    void sinterstore(Context ctx, Args args, Reply out) {
        intersect(ctx, out, keys(args, 2, args.size()), args.get(1), false, 0);
    }

    void sunion(Context ctx, Args args, Reply out) {
        unionOrDiff(ctx, out, keys(args, 1, args.size()), null, Operation.UNION);
    }

    void sunionstore(Context ctx, Args args, Reply out) {
        unionOrDiff(ctx, out, keys(args, 2, args.size()), args.get(1), Operation.UNION);
    }

    void sdiff(Context ctx, Args args, Reply out) {
        unionOrDiff(ctx, out, keys(args, 1, args.size()), null, Operation.DIFF);
    }

    void sdiffstore(Context ctx, Args args, Reply out) {
        unionOrDiff(ctx, out, keys(args, 2, args.size()), args.get(1), Operation.DIFF);
    }

    void sscan(Context ctx, Args args, Reply out) {
        long cursor = ElementScan.parseCursor(args.get(2));
        RedisSet set = read(ctx, args.get(1));
        if (set == null) {
            ElementScan.replyEmpty(out);
            return;
        }
        ElementScan.Options options = ElementScan.parseOptions(args);
        List<byte[]> members = new ArrayList<>();
        long next = set.scan(cursor, options.count(), member -> {
            if (options.matches(member)) {
                members.add(member);
            }
        });
        ElementScan.reply(out, next, members);
    }

    /**
     * SINTER, SMEMBERS, SINTERSTORE and SINTERCARD (sinterGenericCommand): iterates the smallest set
     * and keeps the members every other set has, so the reply order is that set's order.
     */
    private void intersect(Context ctx, Reply out, List<byte[]> keys, byte[] destination, boolean cardinalityOnly,
            long limit) {
        List<RedisSet> sets = new ArrayList<>(keys.size());
        boolean anyMissing = false;
        for (byte[] key : keys) {
            RedisSet set = read(ctx, key);
            if (set == null) {
                anyMissing = true;
            } else {
                sets.add(set);
            }
        }
        if (anyMissing) {
            if (destination != null) {
                deleteDestination(ctx, destination);
                out.integer(0);
            } else if (cardinalityOnly) {
                out.integer(0);
            } else {
                out.set(0);
            }
            return;
        }
        sets.sort(Comparator.comparingInt(RedisSet::size));
        RedisSet smallest = sets.get(0);
        List<byte[]> common = new ArrayList<>();
        for (byte[] member : smallest.members()) {
            boolean everywhere = true;
            for (int j = 1; j < sets.size() && everywhere; j++) {
                RedisSet other = sets.get(j);
                everywhere = other == smallest || other.contains(member);
            }
            if (everywhere) {
                common.add(member);
                if (cardinalityOnly && limit > 0 && common.size() >= limit) {
                    break;
                }
            }
        }
        if (cardinalityOnly) {
            out.integer(common.size());
        } else if (destination == null) {
            replySet(out, common);
        } else {
            RedisSet result = RedisSet.intset();
            for (byte[] member : common) {
                result.add(member, ctx.engine().config());
            }
            store(ctx, out, destination, result, "sinterstore");
        }
    }

    /** SUNION, SDIFF and their STORE forms (sunionDiffGenericCommand). */
    private void unionOrDiff(Context ctx, Reply out, List<byte[]> keys, byte[] destination, Operation operation) {
        List<RedisSet> sets = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            sets.add(read(ctx, key));
        }
        RedisSet result = combine(sets, operation, ctx.engine().config());
        if (destination == null) {
            replySet(out, result.members());
        } else {
            store(ctx, out, destination, result, operation == Operation.UNION ? "sunionstore" : "sdiffstore");
        }
    }

    /**
     * Builds a union or difference the way Redis does, starting from an empty intset, so the result
     * has Redis's encoding and order. Null entries are missing keys (empty sets).
     */
    private static RedisSet combine(List<RedisSet> input, Operation operation, EncodingLimits limits) {
        List<RedisSet> sets = new ArrayList<>(input);
        RedisSet result = RedisSet.intset();
        if (operation == Operation.UNION) {
            for (RedisSet set : sets) {
                if (set != null) {
                    set.forEach(member -> result.add(member, limits));
                }
            }
            return result;
        }
        RedisSet first = sets.get(0);
        if (first == null) {
            return result;
        }
        for (int j = 1; j < sets.size(); j++) {
            if (sets.get(j) == first) {
                return result;
            }
        }
        long algorithmOne = 0;
        long algorithmTwo = 0;
        for (RedisSet set : sets) {
            if (set != null) {
                algorithmOne += first.size();
                algorithmTwo += set.size();
            }
        }
        if (algorithmOne / 2 <= algorithmTwo) {
            List<RedisSet> others = sets.subList(1, sets.size());
            others.sort(Comparator.comparingInt((RedisSet s) -> s == null ? 0 : s.size()).reversed());
            first.forEach(member -> {
                for (RedisSet other : others) {
                    if (other != null && other.contains(member)) {
                        return;
                    }
                }
                result.add(member, limits);
            });
        } else {
            first.forEach(member -> result.add(member, limits));
            for (int j = 1; j < sets.size() && !result.isEmpty(); j++) {
                RedisSet other = sets.get(j);
                if (other != null) {
                    other.forEach(result::remove);
                }
            }
        }
        return result;
    }

    /** Stores a computed set at the destination, or deletes the destination when the set is empty. */
    private static void store(Context ctx, Reply out, byte[] destination, RedisSet result, String event) {
        if (result.isEmpty()) {
            out.integer(0);
            deleteDestination(ctx, destination);
            return;
        }
        ctx.db().put(destination, result);
        out.integer(result.size());
        ctx.notify(KeyspaceNotifier.SET, event, destination);
    }

    private static void deleteDestination(Context ctx, byte[] destination) {
        if (ctx.db().delete(destination)) {
            ctx.notify(KeyspaceNotifier.GENERIC, "del", destination);
        }
    }

    private static void replySet(Reply out, List<byte[]> members) {
        out.set(members.size());
        for (byte[] member : members) {
            out.bulk(member);
        }
    }

    /** A count that must be 0 or more; Redis gives the same message for non-numbers and negatives. */
    private static long positive(byte[] text, String message) {
        Long value = Numbers.parse(text);
        if (value == null || value < 0) {
            throw new RedisException(message);
        }
        return value;
    }

    private static List<byte[]> keys(Args args, int from, int to) {
        return Arrays.asList(args.all()).subList(from, to);
    }

    /** The set at the key for a read (a keyspace hit or miss), null when absent, WRONGTYPE for other types. */
    private static RedisSet read(Context ctx, byte[] key) {
        return (RedisSet) ctx.lookupRead(key, ValueType.SET);
    }

    /** The set at the key for a write, null when absent, WRONGTYPE for other types. */
    private static RedisSet lookup(Database db, byte[] key) {
        return (RedisSet) db.get(key, ValueType.SET);
    }

    /** A byte string with value equality, for de-duplicating random picks. */
    private record ByteKey(byte[] bytes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof ByteKey key && Arrays.equals(bytes, key.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
