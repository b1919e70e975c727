package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.RedisErrors;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.server.RedisEngine;
import dev.redisinside.engine.store.Database;

import java.nio.charset.StandardCharsets;

/** Server management commands. */
public final class ServerCommands implements CommandGroup {

    @Override
    public void register(CommandRegistry r) {
        r.register("flushall", this::flushall);
        r.register("flushdb", this::flushdb);
        r.register("dbsize", this::dbsize);
        r.register("info", this::info);
    }

    void flushall(Context ctx, Args args, Reply out) {
        checkFlushOptions(args);
        ctx.engine().flushAll();
        out.ok();
    }

    void flushdb(Context ctx, Args args, Reply out) {
        checkFlushOptions(args);
        ctx.db().clear();
        out.ok();
    }

    private static void checkFlushOptions(Args args) {
        if (args.size() > 2 || (args.size() == 2 && !args.is(1, "ASYNC") && !args.is(1, "SYNC"))) {
            throw new RedisException(RedisErrors.SYNTAX);
        }
    }

    void dbsize(Context ctx, Args args, Reply out) {
        out.integer(ctx.db().size());
    }

    void info(Context ctx, Args args, Reply out) {
        RedisEngine engine = ctx.engine();
        StringBuilder info = new StringBuilder();
        info.append("# Server\r\n");
        info.append("redis_version:").append(RedisEngine.VERSION).append("\r\n");
        info.append("redis_mode:standalone\r\n");
        info.append("tcp_port:").append(engine.config().port).append("\r\n");
        info.append("\r\n# Keyspace\r\n");
        for (int i = 0; i < engine.databaseCount(); i++) {
            Database db = engine.database(i);
            if (db.size() > 0) {
                info.append("db").append(i).append(":keys=").append(db.size()).append(",expires=")
                        .append(db.volatileCount()).append(",avg_ttl=0\r\n");
            }
        }
        out.verbatim("txt", info.toString().getBytes(StandardCharsets.UTF_8));
    }
}
