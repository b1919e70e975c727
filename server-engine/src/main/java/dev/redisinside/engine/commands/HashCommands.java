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
import dev.redisinside.engine.store.ElementTable;
import dev.redisinside.engine.store.RedisHash;
import dev.redisinside.engine.store.ValueType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Hash commands (t_hash.c). */
public final class HashCommands implements CommandGroup {

    static final String HASH_NOT_INTEGER = "ERR hash value is not an integer";
    static final String HASH_NOT_FLOAT = "ERR hash value is not a float";
    static final String INCR_NAN_OR_INFINITY = "ERR value is NaN or Infinity";
    static final String RESULT_NAN_OR_INFINITY = "ERR increment would produce NaN or Infinity";
    static final String COUNT_RANGE = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
    static final String OUT_OF_RANGE = "ERR value is out of range";

    @Override
    public void register(CommandRegistry r) {
        r.register("hset", this::hset);
        r.register("hmset", this::hset);
        r.register("hsetnx", this::hsetnx);
        r.register("hget", this::hget);
        r.register("hmget", this::hmget);
        r.register("hdel", this::hdel);
        r.register("hexists", this::hexists);
        r.register("hlen", this::hlen);
        r.register("hstrlen", this::hstrlen);
        r.register("hkeys", this::hkeys);
        r.register("hvals", this::hvals);
        r.register("hgetall", this::hgetall);
        r.register("hincrby", this::hincrby);
        r.register("hincrbyfloat", this::hincrbyfloat);
        r.register("hrandfield", this::hrandfield);
        r.register("hscan", this::hscan);
    }

    /** HSET and the deprecated HMSET, which differ only in their reply. */
    void hset(Context ctx, Args args, Reply out) {
        if (args.size() % 2 == 1) {
            throw new RedisException(RedisErrors.wrongArity(args.is(0, "hset") ? "hset" : "hmset"));
        }
        byte[] key = args.get(1);
        Database db = ctx.db();
        RedisHash hash = lookup(db, key);
        boolean created = hash == null;
        if (created) {
            hash = new RedisHash();
        }
        hash.convertIfLonger(ctx.engine().config().hashMaxListpackValue(), args.all(), 2, args.size() - 1);
        long added = 0;
        for (int i = 2; i < args.size(); i += 2) {
            if (hash.put(args.get(i), args.get(i + 1), ctx.engine().config())) {
                added++;
            }
        }
        stored(db, key, hash, created);
        if (args.is(0, "hset")) {
            out.integer(added);
        } else {
            out.ok();
        }
        // After the reply, as in Redis: a RESP3 client subscribed to its own events sees this order.
        ctx.notify(KeyspaceNotifier.HASH, "hset", key);
    }

    void hsetnx(Context ctx, Args args, Reply out) {
        byte[] key = args.get(1);
        Database db = ctx.db();
        RedisHash hash = lookup(db, key);
        if (hash != null && hash.contains(args.get(2))) {
            out.integer(0);
            return;
        }
        boolean created = hash == null;
        if (created) {
            hash = new RedisHash();
        }
        hash.convertIfLonger(ctx.engine().config().hashMaxListpackValue(), args.all(), 2, 3);
        hash.put(args.get(2), args.get(3), ctx.engine().config());
        stored(db, key, hash, created);
        out.integer(1);
        ctx.notify(KeyspaceNotifier.HASH, "hset", key);
    }

    void hget(Context ctx, Args args, Reply out) {
        RedisHash hash = read(ctx, args.get(1));
        out.bulk(hash == null ? null : hash.get(args.get(2)));
    }

    void hmget(Context ctx, Args args, Reply out) {
        RedisHash hash = read(ctx, args.get(1));
        out.array(args.size() - 2);
        for (int i = 2; i < args.size(); i++) {
            out.bulk(hash == null ? null : hash.get(args.get(i)));
        }
    }

    void hdel(Context ctx, Args args, Reply out) {
        byte[] key = args.get(1);
        Database db = ctx.db();
        RedisHash hash = lookup(db, key);
        if (hash == null) {
            out.integer(0);
            return;
        }
        out.integer(MemberRemoval.removeMembers(ctx, key, hash, hash::remove, args, KeyspaceNotifier.HASH, "hdel"));
    }

    void hexists(Context ctx, Args args, Reply out) {
        RedisHash hash = read(ctx, args.get(1));
        out.integer(hash != null && hash.contains(args.get(2)) ? 1 : 0);
    }

    void hlen(Context ctx, Args args, Reply out) {
        RedisHash hash = read(ctx, args.get(1));
        out.integer(hash == null ? 0 : hash.size());
    }

    void hstrlen(Context ctx, Args args, Reply out) {
        RedisHash hash = read(ctx, args.get(1));
        byte[] value = hash == null ? null : hash.get(args.get(2));
        out.integer(value == null ? 0 : value.length);
    }

    void hkeys(Context ctx, Args args, Reply out) {
        RedisHash hash = read(ctx, args.get(1));
        if (hash == null) {
            out.emptyArray();
            return;
        }
        out.array(hash.size());
        hash.table().forEach(node -> out.bulk(node.key()));
    }

    void hvals(Context ctx, Args args, Reply out) {
        RedisHash hash = read(ctx, args.get(1));
        if (hash == null) {
            out.emptyArray();
            return;
        }
        out.array(hash.size());
        hash.table().forEach(node -> out.bulk(node.value()));
    }

    void hgetall(Context ctx, Args args, Reply out) {
        RedisHash hash = read(ctx, args.get(1));
        if (hash == null) {
            out.map(0);
            return;
        }
        out.map(hash.size());
        hash.table().forEach(node -> {
            out.bulk(node.key());
            out.bulk(node.value());
        });
    }

    void hincrby(Context ctx, Args args, Reply out) {
        long increment = args.longAt(3);
        byte[] key = args.get(1);
        byte[] field = args.get(2);
        Database db = ctx.db();
        RedisHash hash = lookup(db, key);
        long value = 0;
        byte[] current = hash == null ? null : hash.get(field);
        if (current != null) {
            Long parsed = Numbers.parse(current);
            if (parsed == null) {
                throw new RedisException(HASH_NOT_INTEGER);
            }
            value = parsed;
        }
        if ((increment < 0 && value < 0 && increment < Long.MIN_VALUE - value)
                || (increment > 0 && value > 0 && increment > Long.MAX_VALUE - value)) {
            throw new RedisException(RedisErrors.OVERFLOW);
        }
        value += increment;
        boolean created = hash == null;
        if (created) {
            hash = new RedisHash();
        }
        hash.put(field, Numbers.toBytes(value), ctx.engine().config());
        stored(db, key, hash, created);
        out.integer(value);
        ctx.notify(KeyspaceNotifier.HASH, "hincrby", key);
    }

    void hincrbyfloat(Context ctx, Args args, Reply out) {
        LongDoubles.Value increment = LongDoubles.parse(args.get(3));
        if (increment == null || increment.isNaN()) {
            throw new RedisException(RedisErrors.NOT_FLOAT);
        }
        if (increment.isInfinite()) {
            throw new RedisException(INCR_NAN_OR_INFINITY);
        }
        byte[] key = args.get(1);
        byte[] field = args.get(2);
        Database db = ctx.db();
        RedisHash hash = lookup(db, key);
        LongDoubles.Value value = LongDoubles.ZERO;
        byte[] current = hash == null ? null : hash.get(field);
        if (current != null) {
            value = LongDoubles.parse(current);
            if (value == null || value.isNaN()) {
                throw new RedisException(HASH_NOT_FLOAT);
            }
            if (value.isInfinite()) {
                throw new RedisException(RESULT_NAN_OR_INFINITY);
            }
        }
        LongDoubles.Value sum = LongDoubles.add(value, increment);
        if (!sum.isFinite()) {
            throw new RedisException(RESULT_NAN_OR_INFINITY);
        }
        byte[] text = LongDoubles.toHumanBytes(sum);
        boolean created = hash == null;
        if (created) {
            hash = new RedisHash();
        }
        hash.put(field, text, ctx.engine().config());
        stored(db, key, hash, created);
        out.bulk(text);
        ctx.notify(KeyspaceNotifier.HASH, "hincrbyfloat", key);
    }

    /** HRANDFIELD key [count [WITHVALUES]]. */
    void hrandfield(Context ctx, Args args, Reply out) {
        if (args.size() >= 3) {
            long count = args.longAt(2);
            if (count == Long.MIN_VALUE) {
                throw new RedisException(COUNT_RANGE);
            }
            if (args.size() > 4 || (args.size() == 4 && !args.is(3, "withvalues"))) {
                throw new RedisException(RedisErrors.SYNTAX);
            }
            boolean withValues = args.size() == 4;
            if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
                throw new RedisException(OUT_OF_RANGE);
            }
            randomFields(ctx, args, out, count, withValues);
            return;
        }
        RedisHash hash = read(ctx, args.get(1));
        if (hash == null) {
            out.nullBulk();
            return;
        }
        out.bulk(hash.table().random().key());
    }

    private void randomFields(Context ctx, Args args, Reply out, long requested, boolean withValues) {
        RedisHash hash = read(ctx, args.get(1));
        if (hash == null || requested == 0) {
            out.emptyArray();
            return;
        }
        boolean resp3Pairs = withValues && out.protocol() > 2;
        long count = Math.abs(requested);
        ElementTable table = hash.table();
        int size = table.size();
        if (requested < 0 || count == 1) {
            out.array((int) (withValues && !resp3Pairs ? count * 2 : count));
            for (long i = 0; i < count; i++) {
                writeField(out, table.random(), withValues, resp3Pairs);
            }
            return;
        }
        out.array(withValues && !resp3Pairs ? (int) Math.min(count, size) * 2 : (int) Math.min(count, size));
        if (count >= size) {
            table.forEach(node -> writeField(out, node, withValues, resp3Pairs));
            return;
        }
        List<ElementTable.Node> picked;
        if (count * 3 > size) {
            picked = new ArrayList<>(size);
            table.forEach(picked::add);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (picked.size() > count) {
                int index = random.nextInt(picked.size());
                picked.set(index, picked.get(picked.size() - 1));
                picked.remove(picked.size() - 1);
            }
        } else {
            Map<ElementTable.Node, Boolean> unique = new IdentityHashMap<>();
            picked = new ArrayList<>((int) count);
            while (picked.size() < count) {
                ElementTable.Node node = table.random();
                if (unique.put(node, Boolean.TRUE) == null) {
                    picked.add(node);
                }
            }
        }
        for (ElementTable.Node node : picked) {
            writeField(out, node, withValues, resp3Pairs);
        }
    }

    private static void writeField(Reply out, ElementTable.Node node, boolean withValues, boolean resp3Pairs) {
        if (resp3Pairs) {
            out.array(2);
        }
        out.bulk(node.key());
        if (withValues) {
            out.bulk(node.value());
        }
    }

    void hscan(Context ctx, Args args, Reply out) {
        long cursor = ElementScan.parseCursor(args.get(2));
        RedisHash hash = read(ctx, args.get(1));
        if (hash == null) {
            ElementScan.replyEmpty(out);
            return;
        }
        ElementScan.Options options = ElementScan.parseOptions(args);
        List<byte[]> elements = new ArrayList<>();
        ElementTable table = hash.table();
        long next;
        if (hash.isListpack()) {
            table.forEach(node -> addScanned(elements, node, options));
            next = 0;
        } else {
            next = table.scan(cursor, options.count(), node -> addScanned(elements, node, options));
        }
        ElementScan.reply(out, next, elements);
    }

    private static void addScanned(List<byte[]> elements, ElementTable.Node node, ElementScan.Options options) {
        if (options.matches(node.key())) {
            elements.add(node.key());
            elements.add(node.value());
        }
    }

    /** The hash at the key for a read (counted as a hit or miss), null when absent, WRONGTYPE for other types. */
    private static RedisHash read(Context ctx, byte[] key) {
        return (RedisHash) ctx.lookupRead(key, ValueType.HASH);
    }

    /** The hash at the key for a write, null when absent, WRONGTYPE for other types. */
    private static RedisHash lookup(Database db, byte[] key) {
        return (RedisHash) db.get(key, ValueType.HASH);
    }

    /** Adds a new hash to the database, or tells WATCH that an existing one changed in place. */
    private static void stored(Database db, byte[] key, RedisHash hash, boolean created) {
        if (created) {
            db.add(key, hash);
        } else {
            db.signalModified(key);
        }
    }
}
