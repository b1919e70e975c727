package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.RedisErrors;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.pubsub.KeyspaceNotifier;
import dev.redisinside.engine.store.Database;
import dev.redisinside.engine.store.HyperLogLog;
import dev.redisinside.engine.store.MutableString;

import java.util.concurrent.ThreadLocalRandom;

/**
 * HyperLogLog commands (hyperloglog.c). The value is a string in Redis's HLL layout, stored as a raw
 * {@link MutableString} as Redis keeps it (OBJECT ENCODING says "raw").
 */
public final class HyperLogLogCommands implements CommandGroup {

    static final String NOT_HLL = "WRONGTYPE Key is not a valid HyperLogLog string value.";
    static final String CORRUPTED = "INVALIDOBJ Corrupted HLL object detected";

    @Override
    public void register(CommandRegistry r) {
        r.register("pfadd", this::pfadd);
        r.register("pfcount", this::pfcount);
        r.register("pfmerge", this::pfmerge);
        r.register("pfdebug", this::pfdebug);
        r.register("pfselftest", this::pfselftest);
    }

    void pfadd(Context ctx, Args args, Reply out) {
        byte[] key = args.get(1);
        Database db = ctx.db();
        Object stored = db.get(key);
        HyperLogLog hll;
        boolean updated = false;
        if (stored == null) {
            hll = HyperLogLog.create();
            updated = true;
        } else {
            hll = load(stored);
        }
        hll.sparseMaxBytes(ctx.engine().config().hllSparseMaxBytes);
        try {
            for (int j = 2; j < args.size(); j++) {
                updated |= hll.add(args.get(j));
            }
        } catch (HyperLogLog.CorruptedException e) {
            // Redis changes the string in place: what the earlier elements did stays, unsignalled.
            db.replaceRepresentation(db.entry(key), raw(hll));
            throw new RedisException(CORRUPTED);
        }
        if (updated) {
            hll.invalidateCache();
            db.put(key, raw(hll), true);
            ctx.notify(KeyspaceNotifier.STRING, "pfadd", key);
        } else {
            unshare(db, key, stored);
        }
        out.integer(updated ? 1 : 0);
    }

    void pfcount(Context ctx, Args args, Reply out) {
        Database db = ctx.db();
        if (args.size() > 2) {
            byte[] max = new byte[HyperLogLog.REGISTERS];
            for (int j = 1; j < args.size(); j++) {
                Object stored = ctx.lookupRead(args.get(j));
                if (stored != null) {
                    mergeInto(load(stored), max);
                }
            }
            out.integer(HyperLogLog.count(max));
            return;
        }
        byte[] key = args.get(1);
        Object stored = ctx.lookupRead(key);
        if (stored == null) {
            out.integer(0);
            return;
        }
        HyperLogLog hll = load(stored);
        unshare(db, key, stored);
        if (hll.cacheValid()) {
            out.integer(hll.cachedCardinality());
            return;
        }
        long card;
        try {
            card = hll.count();
        } catch (HyperLogLog.CorruptedException e) {
            throw new RedisException(CORRUPTED);
        }
        // The cached count is written back into the string, as Redis does (a modification without event).
        hll.cacheCardinality(card);
        db.put(key, raw(hll), true);
        out.integer(card);
    }

    void pfmerge(Context ctx, Args args, Reply out) {
        Database db = ctx.db();
        byte[] max = new byte[HyperLogLog.REGISTERS];
        boolean useDense = false;
        for (int j = 1; j < args.size(); j++) {
            Object stored = ctx.lookupRead(args.get(j));
            if (stored == null) {
                continue;
            }
            HyperLogLog hll = load(stored);
            useDense |= hll.encoding() == HyperLogLog.DENSE;
            mergeInto(hll, max);
        }
        byte[] key = args.get(1);
        Object stored = db.get(key);
        HyperLogLog target = stored == null ? HyperLogLog.create() : load(stored);
        target.sparseMaxBytes(ctx.engine().config().hllSparseMaxBytes);
        try {
            if (useDense) {
                target.toDense();
            }
            for (int j = 0; j < HyperLogLog.REGISTERS; j++) {
                if (max[j] != 0) {
                    target.set(j, max[j]);
                }
            }
        } catch (HyperLogLog.CorruptedException e) {
            throw new RedisException(CORRUPTED);
        }
        target.invalidateCache();
        db.put(key, raw(target), true);
        ctx.notify(KeyspaceNotifier.STRING, "pfadd", key);
        out.ok();
    }

    void pfselftest(Context ctx, Args args, Reply out) {
        String failure = HyperLogLog.selfTest(ThreadLocalRandom.current(), ctx.engine().config().hllSparseMaxBytes);
        if (failure != null) {
            throw new RedisException(failure);
        }
        out.ok();
    }

    /** PFDEBUG GETREG|DECODE|ENCODING|TODENSE key. */
    void pfdebug(Context ctx, Args args, Reply out) {
        byte[] key = args.get(2);
        Database db = ctx.db();
        Object stored = db.get(key);
        if (stored == null) {
            throw new RedisException("ERR The specified key does not exist");
        }
        HyperLogLog hll = load(stored);
        unshare(db, key, stored);
        String sub = args.string(1);
        boolean known = args.is(1, "getreg") || args.is(1, "decode") || args.is(1, "encoding")
                || args.is(1, "todense");
        if (known && args.size() != 3) {
            throw new RedisException("ERR Wrong number of arguments for the '" + sub + "' subcommand");
        }
        try {
            if (args.is(1, "getreg") || args.is(1, "todense")) {
                boolean converted = hll.encoding() == HyperLogLog.SPARSE;
                hll.toDense();
                if (converted) {
                    db.put(key, raw(hll), true);
                }
                if (args.is(1, "todense")) {
                    out.integer(converted ? 1 : 0);
                    return;
                }
                byte[] registers = hll.registers();
                out.array(registers.length);
                for (byte r : registers) {
                    out.integer(r);
                }
            } else if (args.is(1, "decode")) {
                if (hll.encoding() != HyperLogLog.SPARSE) {
                    throw new RedisException("ERR HLL encoding is not sparse");
                }
                out.bulk(hll.decodeSparse());
            } else if (args.is(1, "encoding")) {
                out.simple(hll.encoding() == HyperLogLog.DENSE ? "dense" : "sparse");
            } else {
                throw new RedisException("ERR Unknown PFDEBUG subcommand '" + sub + "'");
            }
        } catch (HyperLogLog.CorruptedException e) {
            throw new RedisException(CORRUPTED);
        }
    }

    /** A working copy of a stored HLL; WRONGTYPE for other types and for strings that are no HLL. */
    private static HyperLogLog load(Object stored) {
        byte[] bytes;
        if (stored instanceof byte[] array) {
            bytes = array;
        } else if (stored instanceof MutableString string) {
            bytes = string.toByteArray();
        } else {
            throw new RedisException(RedisErrors.WRONGTYPE);
        }
        if (!HyperLogLog.isValid(bytes)) {
            throw new RedisException(NOT_HLL);
        }
        return HyperLogLog.of(bytes);
    }

    /** Redis's dbUnshareStringValue: a stored HLL that was written as a plain string becomes raw. */
    private static void unshare(Database db, byte[] key, Object stored) {
        if (stored instanceof byte[] bytes) {
            db.replaceRepresentation(db.entry(key), MutableString.unshare(bytes));
        }
    }

    private static MutableString raw(HyperLogLog hll) {
        return MutableString.created(hll.toBytes());
    }

    private static void mergeInto(HyperLogLog hll, byte[] max) {
        try {
            hll.mergeInto(max);
        } catch (HyperLogLog.CorruptedException e) {
            throw new RedisException(CORRUPTED);
        }
    }
}
