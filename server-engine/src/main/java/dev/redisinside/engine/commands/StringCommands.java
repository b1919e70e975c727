package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.pubsub.KeyspaceNotifier;

/** String commands. */
public final class StringCommands implements CommandGroup {

    @Override
    public void register(CommandRegistry r) {
        r.register("get", this::get);
        r.register("set", this::set);
    }

    void get(Context ctx, Args args, Reply out) {
        out.bulk(ctx.db().getString(args.get(1)));
    }

    void set(Context ctx, Args args, Reply out) {
        byte[] key = args.get(1);
        ctx.db().put(key, args.get(2));
        ctx.notify(KeyspaceNotifier.STRING, "set", key);
        out.ok();
    }
}
