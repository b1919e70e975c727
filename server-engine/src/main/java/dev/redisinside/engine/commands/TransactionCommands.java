package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.protocol.RespWriter;

/** MULTI, EXEC, DISCARD, WATCH, UNWATCH. Queueing itself happens in the dispatcher. */
public final class TransactionCommands implements CommandGroup {

    @Override
    public void register(CommandRegistry r) {
        r.register("multi", this::multi);
        r.register("exec", this::exec);
        r.register("discard", this::discard);
        r.register("watch", this::watch);
        r.register("unwatch", this::unwatch);
    }

    void multi(Context ctx, Args args, Reply out) {
        if (ctx.client().inMulti()) {
            throw new RedisException("ERR MULTI calls can not be nested");
        }
        ctx.client().startMulti();
        out.ok();
    }

    void exec(Context ctx, Args args, Reply out) {
        ctx.engine().dispatcher().exec(ctx.client(), (RespWriter) out);
    }

    void discard(Context ctx, Args args, Reply out) {
        if (!ctx.client().inMulti()) {
            throw new RedisException("ERR DISCARD without MULTI");
        }
        ctx.client().discardMulti();
        ctx.engine().dispatcher().watches().unwatchAll(ctx.client());
        out.ok();
    }

    void watch(Context ctx, Args args, Reply out) {
        if (ctx.client().inMulti()) {
            throw new RedisException("ERR WATCH inside MULTI is not allowed");
        }
        for (int i = 1; i < args.size(); i++) {
            ctx.engine().dispatcher().watches().watch(ctx.client(), ctx.db(), args.get(i));
        }
        out.ok();
    }

    void unwatch(Context ctx, Args args, Reply out) {
        ctx.engine().dispatcher().watches().unwatchAll(ctx.client());
        out.ok();
    }
}
