package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.Command;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.protocol.Reply;

import java.util.Collection;

/** COMMAND and its subcommands, answered from the recorded command table. */
public final class CommandCommands implements CommandGroup {

    @Override
    public void register(CommandRegistry r) {
        r.register("command", this::command);
        r.register("command|count", this::count);
        r.register("command|info", this::info);
        r.register("command|docs", this::docs);
        r.register("command|list", this::list);
    }

    void command(Context ctx, Args args, Reply out) {
        Collection<Command> all = ctx.engine().commandTable().commands();
        out.array(all.size());
        all.forEach(c -> out.value(c.info()));
    }

    void count(Context ctx, Args args, Reply out) {
        out.integer(ctx.engine().commandTable().size());
    }

    void info(Context ctx, Args args, Reply out) {
        if (args.size() == 2) {
            command(ctx, args, out);
            return;
        }
        out.array(args.size() - 2);
        for (int i = 2; i < args.size(); i++) {
            Command c = ctx.engine().commandTable().lookupFullName(args.string(i));
            if (c == null) {
                out.nullBulk();
            } else {
                out.value(c.info());
            }
        }
    }

    void docs(Context ctx, Args args, Reply out) {
        java.util.List<Command> found = new java.util.ArrayList<>();
        if (args.size() == 2) {
            found.addAll(ctx.engine().commandTable().commands());
        } else {
            for (int i = 2; i < args.size(); i++) {
                Command c = ctx.engine().commandTable().lookupFullName(args.string(i));
                if (c != null) {
                    found.add(c);
                }
            }
        }
        out.map(found.size());
        for (Command c : found) {
            out.bulk(c.fullName());
            out.value(c.docs());
        }
    }

    void list(Context ctx, Args args, Reply out) {
        Collection<Command> all = ctx.engine().commandTable().commands();
        java.util.List<String> names = new java.util.ArrayList<>();
        for (Command c : all) {
            names.add(c.fullName());
            c.subcommands().values().forEach(s -> names.add(s.fullName()));
        }
        out.array(names.size());
        names.forEach(out::bulk);
    }
}
