package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.Command;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.GlobMatcher;
import dev.redisinside.engine.command.HelpText;
import dev.redisinside.engine.command.KeyExtractor;
import dev.redisinside.engine.command.RedisErrors;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.protocol.RespValues;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** COMMAND and its subcommands, answered from the recorded command table. */
public final class CommandCommands implements CommandGroup {

    private static final String[] HELP = {
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
        "GETKEYSANDFLAGS <full-command>",
        "    Return the keys and the access flags from a full Redis command.",
    };

    @Override
    public void register(CommandRegistry r) {
        r.register("command", this::command);
        r.register("command|count", this::count);
        r.register("command|info", this::info);
        r.register("command|docs", this::docs);
        r.register("command|list", this::list);
        r.register("command|getkeys", this::getkeys);
        r.register("command|getkeysandflags", this::getkeysandflags);
        r.register("command|help", this::help);
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

    /** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN glob]. */
    void list(Context ctx, Args args, Reply out) {
        String filterType = null;
        String filter = null;
        for (int i = 2; i < args.size(); i++) {
            int more = args.size() - 1 - i;
            if (args.is(i, "filterby") && more == 2) {
                if (args.is(i + 1, "module") || args.is(i + 1, "aclcat") || args.is(i + 1, "pattern")) {
                    filterType = args.string(i + 1).toLowerCase(Locale.ROOT);
                } else {
                    throw new RedisException(RedisErrors.SYNTAX);
                }
                filter = args.string(i + 2);
                i += 2;
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        for (Command c : ctx.engine().commandTable().commands()) {
            if (listed(c, filterType, filter)) {
                names.add(c.fullName());
            }
            for (Command sub : c.subcommands().values()) {
                if (listed(sub, filterType, filter)) {
                    names.add(sub.fullName());
                }
            }
        }
        out.array(names.size());
        names.forEach(out::bulk);
    }

    private static boolean listed(Command c, String filterType, String filter) {
        if (filterType == null) {
            return true;
        }
        return switch (filterType) {
            case "module" -> false;
            case "aclcat" -> categories(c).stream().anyMatch(cat -> cat.equalsIgnoreCase("@" + filter));
            default -> GlobMatcher.matches(ServerCommands.latin1(filter), ServerCommands.latin1(c.fullName()), true);
        };
    }

    private static List<String> categories(Command c) {
        Object recorded = ((List<?>) c.info()).get(6);
        List<?> members = recorded instanceof RespValues.Set set ? set.members() : (List<?>) recorded;
        return members.stream().map(m -> m instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)
                : String.valueOf(m)).toList();
    }

    void getkeys(Context ctx, Args args, Reply out) {
        getKeys(ctx, args, out, false);
    }

    void getkeysandflags(Context ctx, Args args, Reply out) {
        getKeys(ctx, args, out, true);
    }

    /** Redis's getKeysSubcommandImpl: the keys of the command given as arguments, found by its key specs. */
    private static void getKeys(Context ctx, Args args, Reply out, boolean withFlags) {
        byte[][] argv = Arrays.copyOfRange(args.all(), 2, args.size());
        Command command = ctx.engine().commandTable().lookup(argv);
        if (command == null) {
            throw new RedisException("ERR Invalid command specified");
        }
        if (!KeyExtractor.hasKeys(command)) {
            throw new RedisException("ERR The command has no key arguments");
        }
        if (!command.arityAccepts(argv.length)) {
            throw new RedisException("ERR Invalid number of arguments specified for command");
        }
        List<KeyExtractor.KeyRef> keys = KeyExtractor.keys(command, argv);
        if (keys == null || keys.isEmpty()) {
            if (command.has(Command.NO_MANDATORY_KEYS)) {
                out.emptyArray();
                return;
            }
            throw new RedisException("ERR Invalid arguments specified for command");
        }
        out.array(keys.size());
        for (KeyExtractor.KeyRef key : keys) {
            if (withFlags) {
                out.array(2);
                out.bulk(argv[key.position()]);
                out.set(key.flags().size());
                key.flags().forEach(out::value);
            } else {
                out.bulk(argv[key.position()]);
            }
        }
    }

    void help(Context ctx, Args args, Reply out) {
        HelpText.reply(args, out, HELP);
    }
}
