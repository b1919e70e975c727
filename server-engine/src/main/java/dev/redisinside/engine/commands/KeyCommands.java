package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.pubsub.KeyspaceNotifier;

/** Generic keyspace commands. */
public final class KeyCommands implements CommandGroup {

    @Override
    public void register(CommandRegistry r) {
        r.register("del", this::del);
        r.register("exists", this::exists);
    }

    void del(Context ctx, Args args, Reply out) {
        long deleted = 0;
        for (int i = 1; i < args.size(); i++) {
            if (ctx.db().delete(args.get(i))) {
                ctx.notify(KeyspaceNotifier.GENERIC, "del", args.get(i));
                deleted++;
            }
        }
        out.integer(deleted);
    }

    void exists(Context ctx, Args args, Reply out) {
        long count = 0;
        for (int i = 1; i < args.size(); i++) {
            if (ctx.db().exists(args.get(i))) {
                count++;
            }
        }
        out.integer(count);
    }
}
