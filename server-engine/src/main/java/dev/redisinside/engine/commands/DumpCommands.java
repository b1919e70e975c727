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

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** DUMP, RESTORE and MIGRATE (cluster.c) in Redis 7.0's serialization format ({@code store/rdb}). */
public final class DumpCommands implements CommandGroup {

    static final String BUSYKEY = "BUSYKEY Target key name already exists.";
    static final String BAD_TTL = "ERR Invalid TTL value, must be >= 0";
    static final String BAD_PAYLOAD = "ERR DUMP payload version or checksum are wrong";
    static final String BAD_FORMAT = "ERR Bad data format";
    static final String BAD_IDLETIME = "ERR Invalid IDLETIME value, must be >= 0";
    static final String BAD_FREQ = "ERR Invalid FREQ value, must be >= 0 and <= 255";
    static final String MIGRATE_KEYS_NEEDS_EMPTY_KEY =
            "ERR When using MIGRATE KEYS option, the key argument must be set to the empty string";

    @Override
    public void register(CommandRegistry r) {
        r.register("dump", this::dump);
        r.register("restore", this::restore);
        r.register("migrate", this::migrate);
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

    /**
     * MIGRATE host port key|"" db timeout [COPY] [REPLACE] [AUTH pw] [AUTH2 user pw] [KEYS key...]: sends
     * the keys as RESTORE commands to the target and, without COPY, deletes those it accepted. Like Redis
     * it blocks the server while it waits; unlike Redis it keeps no cached connection between calls.
     */
    void migrate(Context ctx, Args args, Reply out) {
        boolean copy = false;
        boolean replace = false;
        byte[] username = null;
        byte[] password = null;
        int firstKey = 3;
        int numKeys = 1;
        for (int j = 6; j < args.size(); j++) {
            int more = args.size() - 1 - j;
            if (args.is(j, "copy")) {
                copy = true;
            } else if (args.is(j, "replace")) {
                replace = true;
            } else if (args.is(j, "auth") && more >= 1) {
                password = args.get(++j);
            } else if (args.is(j, "auth2") && more >= 2) {
                username = args.get(++j);
                password = args.get(++j);
            } else if (args.is(j, "keys")) {
                if (args.get(3).length != 0) {
                    throw new RedisException(MIGRATE_KEYS_NEEDS_EMPTY_KEY);
                }
                firstKey = j + 1;
                numKeys = args.size() - j - 1;
                break;
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        long timeout = Numbers.parseLong(args.get(5));
        long dbid = Numbers.parseLong(args.get(4));
        if (timeout <= 0) {
            timeout = 1000;
        }
        List<byte[]> keys = new ArrayList<>();
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        if (password != null) {
            writeCommand(request, username == null
                    ? new byte[][] {bytes("AUTH"), password}
                    : new byte[][] {bytes("AUTH"), username, password});
        }
        writeCommand(request, new byte[][] {bytes("SELECT"), bytes(Long.toString(dbid))});
        for (int j = 0; j < numKeys; j++) {
            byte[] key = args.get(firstKey + j);
            Object value = ctx.lookupRead(key);
            if (value == null) {
                continue;
            }
            byte[] payload = RdbWriter.dump(value, ctx.engine().config());
            if (payload == null) {
                throw new RedisException("ERR DUMP of this type is not supported yet");
            }
            long expireAt = ctx.db().entry(key).expireAt();
            long ttl = expireAt == KeyEntry.NO_EXPIRY ? 0 : Math.max(1, expireAt - ctx.now());
            byte[] ttlText = bytes(Long.toString(ttl));
            writeCommand(request, replace
                    ? new byte[][] {bytes("RESTORE"), key, ttlText, payload, bytes("REPLACE")}
                    : new byte[][] {bytes("RESTORE"), key, ttlText, payload});
            keys.add(key);
        }
        if (keys.isEmpty()) {
            out.simple("NOKEY");
            return;
        }
        String host = args.string(1);
        int port = atoi(args.get(2));
        boolean mayRetry = true;
        while (true) {
            int acknowledged = 0;
            // Blocking network I/O on the engine thread, as Redis does; the connection bounds every wait.
            try (MigrateConnection target = MigrateConnection.open(host, port, timeout)) {
                target.write(request.toByteArray());
                String authReply = password != null ? target.readLine() : null;
                String selectReply = target.readLine();
                String setupError = authReply != null && authReply.startsWith("-") ? authReply
                        : selectReply.startsWith("-") ? selectReply : null;
                String reported = null;
                for (byte[] key : keys) {
                    String restoreReply;
                    try {
                        restoreReply = target.readLine();
                    } catch (MigrateConnection.Failure e) {
                        if (reported != null) {
                            break;
                        }
                        if (acknowledged > 0) {
                            throw new RedisException(ioError(e));
                        }
                        throw e;
                    }
                    acknowledged++;
                    String error = setupError != null ? setupError : restoreReply.startsWith("-") ? restoreReply : null;
                    if (error != null) {
                        reported = reported == null ? error : reported;
                    } else if (!copy && ctx.db().delete(key)) {
                        ctx.notify(KeyspaceNotifier.GENERIC, "del", key);
                    }
                }
                if (reported != null) {
                    throw new RedisException("ERR Target instance replied with error: " + reported.substring(1));
                }
                out.ok();
                return;
            } catch (MigrateConnection.Failure e) {
                // A fresh connection is worth one more try unless the target was merely slow.
                if (e.timedOut || !mayRetry || "connecting".equals(e.doing)) {
                    throw new RedisException(ioError(e));
                }
                mayRetry = false;
            }
        }
    }

    private static String ioError(MigrateConnection.Failure failure) {
        return "connecting".equals(failure.doing) ? "IOERR error or timeout connecting to the client"
                : "IOERR error or timeout " + failure.doing + " to target instance";
    }

    /** C's atoi, as Redis reads MIGRATE's port: leading digits only, 0 when there are none. */
    private static int atoi(byte[] text) {
        long value = 0;
        int i = 0;
        boolean negative = i < text.length && text[i] == '-';
        if (negative || (i < text.length && text[i] == '+')) {
            i++;
        }
        for (; i < text.length && text[i] >= '0' && text[i] <= '9' && value <= Integer.MAX_VALUE; i++) {
            value = value * 10 + (text[i] - '0');
        }
        return (int) (negative ? -value : value);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static void writeCommand(ByteArrayOutputStream out, byte[][] argv) {
        out.writeBytes(bytes("*" + argv.length + "\r\n"));
        for (byte[] arg : argv) {
            out.writeBytes(bytes("$" + arg.length + "\r\n"));
            out.writeBytes(arg);
            out.writeBytes(bytes("\r\n"));
        }
    }
}
