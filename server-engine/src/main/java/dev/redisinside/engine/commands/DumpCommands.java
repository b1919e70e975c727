package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.Numbers;
import dev.redisinside.engine.command.RedisErrors;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.config.ServerConfig;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.pubsub.KeyspaceNotifier;
import dev.redisinside.engine.store.Database;
import dev.redisinside.engine.store.KeyEntry;
import dev.redisinside.engine.store.Lfu;
import dev.redisinside.engine.store.rdb.RdbFormatException;
import dev.redisinside.engine.store.rdb.RdbReader;
import dev.redisinside.engine.store.rdb.RdbWriter;

/** DUMP and RESTORE (cluster.c) in Redis 7.0's serialization format ({@code store/rdb}). */
public final class DumpCommands implements CommandGroup {

    static final String BUSYKEY = "BUSYKEY Target key name already exists.";
    static final String BAD_TTL = "ERR Invalid TTL value, must be >= 0";
    static final String BAD_PAYLOAD = "ERR DUMP payload version or checksum are wrong";
    static final String BAD_FORMAT = "ERR Bad data format";
    static final String BAD_IDLETIME = "ERR Invalid IDLETIME value, must be >= 0";
    static final String BAD_FREQ = "ERR Invalid FREQ value, must be >= 0 and <= 255";

    @Override
    public void register(CommandRegistry r) {
        r.register("dump", this::dump);
        r.register("restore", this::restore);
    }

    void dump(Context ctx, Args args, Reply out) {
        Object value = ctx.lookupRead(args.get(1));
        if (value == null) {
            out.nullBulk();
            return;
        }
        byte[] payload = RdbWriter.dump(value, ctx.engine().config());
        if (payload == null) {
            throw new RedisException("ERR DUMP of this type is not supported yet");
        }
        out.bulk(payload);
    }

    void restore(Context ctx, Args args, Reply out) {
        boolean replace = false;
        boolean absTtl = false;
        long idle = -1;
        long freq = -1;
        for (int j = 4; j < args.size(); j++) {
            int additional = args.size() - j - 1;
            if (args.is(j, "replace")) {
                replace = true;
            } else if (args.is(j, "absttl")) {
                absTtl = true;
            } else if (args.is(j, "idletime") && additional >= 1 && freq == -1) {
                idle = Numbers.parseLong(args.get(++j));
                if (idle < 0) {
                    throw new RedisException(BAD_IDLETIME);
                }
            } else if (args.is(j, "freq") && additional >= 1 && idle == -1) {
                freq = Numbers.parseLong(args.get(++j));
                if (freq < 0 || freq > 255) {
                    throw new RedisException(BAD_FREQ);
                }
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        byte[] key = args.get(1);
        Database db = ctx.db();
        if (!replace && db.get(key) != null) {
            throw new RedisException(BUSYKEY);
        }
        long ttl = Numbers.parseLong(args.get(2));
        if (ttl < 0) {
            throw new RedisException(BAD_TTL);
        }
        byte[] payload = args.get(3);
        if (!RdbReader.verify(payload)) {
            throw new RedisException(BAD_PAYLOAD);
        }
        ServerConfig config = ctx.engine().config();
        Object value;
        try {
            value = RdbReader.restore(payload, config);
        } catch (RdbFormatException | RuntimeException e) {
            throw new RedisException(BAD_FORMAT);
        }
        boolean deleted = replace && db.delete(key);
        if (ttl != 0 && !absTtl) {
            ttl += ctx.now();
        }
        if (ttl != 0 && ttl <= ctx.now()) {
            // Already expired: nothing is created (the replaced key is gone).
            if (deleted) {
                ctx.notify(KeyspaceNotifier.GENERIC, "del", key);
            }
            out.ok();
            return;
        }
        KeyEntry entry = db.add(key, value);
        if (ttl != 0) {
            db.setExpiry(entry, ttl);
        }
        if (config.lfuPolicy) {
            if (freq >= 0) {
                entry.lru((Lfu.initial(ctx.now()) & ~0xFF) | (int) freq);
            }
        } else if (idle >= 0) {
            entry.lru((int) (ctx.now() / 1000 - idle));
        }
        ctx.notify(KeyspaceNotifier.GENERIC, "restore", key);
        out.ok();
    }
}
