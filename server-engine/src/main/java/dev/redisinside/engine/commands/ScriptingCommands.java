package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.script.Functions;
import dev.redisinside.engine.script.ScriptEngine;

import java.nio.charset.StandardCharsets;

/** EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT (eval.c). The Lua side lives in {@code script/}. */
public final class ScriptingCommands implements CommandGroup {

    private static final String FLUSH_SYNTAX = "ERR SCRIPT FLUSH only support SYNC|ASYNC option";
    private static final String[] HELP = {
        "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "DEBUG (YES|SYNC|NO)",
        "    Set the debug mode for subsequent scripts executed.",
        "EXISTS <sha1> [<sha1> ...]",
        "    Return information about the existence of the scripts in the script cache.",
        "FLUSH [ASYNC|SYNC]",
        "    Flush the Lua scripts cache. Very dangerous on replicas.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the scripts cache.",
        "    * SYNC: Synchronously flush the scripts cache.",
        "KILL",
        "    Kill the currently executing Lua script.",
        "LOAD <script>",
        "    Load a script into the scripts cache without executing it.",
        "HELP",
        "    Prints this help.",
    };

    private static final String BUSY_EVAL = dev.redisinside.engine.command.RedisErrors.BUSY_SCRIPT;
    private static final String[] FUNCTION_HELP = {
        "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "LOAD [REPLACE] <FUNCTION CODE>",
        "    Create a new library with the given library name and code.",
        "DELETE <LIBRARY NAME>",
        "    Delete the given library.",
        "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
        "    Return general information on all the libraries:",
        "    * Library name",
        "    * The engine used to run the Library",
        "    * Library description",
        "    * Functions list",
        "    * Library code (if WITHCODE is given)",
        "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
        "STATS",
        "    Return information about the current function running:",
        "    * Function name",
        "    * Command used to run the function",
        "    * Duration in MS that the function is running",
        "    If no function is running, return nil",
        "    In addition, returns a list of available engines.",
        "KILL",
        "    Kill the current running function.",
        "FLUSH [ASYNC|SYNC]",
        "    Delete all the libraries.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the libraries.",
        "    * SYNC: Synchronously flush the libraries.",
        "DUMP",
        "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
        "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
        "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
        "    control how to handle existing libraries (default APPEND):",
        "    * FLUSH: delete all existing libraries.",
        "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
        "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
        "      libraries with the new libraries (notice that even on this option there is a chance of failure",
        "      in case of functions name collision with another library).",
        "HELP",
        "    Prints this help.",
    };


    @Override
    public void register(CommandRegistry r) {
        r.register("eval", this::eval);
        r.register("evalsha", this::evalsha);
        r.register("eval_ro", this::evalRo);
        r.register("evalsha_ro", this::evalshaRo);
        r.register("script|load", this::scriptLoad);
        r.register("script|exists", this::scriptExists);
        r.register("script|flush", this::scriptFlush);
        r.register("script|kill", this::scriptKill);
        r.register("script|help", this::scriptHelp);
        r.register("fcall", this::fcall);
        r.register("fcall_ro", this::fcallRo);
        r.register("function|load", this::functionLoad);
        r.register("function|list", this::functionList);
        r.register("function|delete", this::functionDelete);
        r.register("function|flush", this::functionFlush);
        r.register("function|stats", this::functionStats);
        r.register("function|kill", this::functionKill);
        r.register("function|dump", this::functionDump);
        r.register("function|restore", this::functionRestore);
        r.register("function|help", this::functionHelp);
    }

    private ScriptEngine scripts(Context ctx) {
        return ctx.engine().scripts();
    }

    /** Scripts go to MONITOR before the commands they run (their table entries say skip-monitor), as in Redis. */
    private static byte[][] monitored(Context ctx, Args args) {
        byte[][] argv = args.all();
        if (ctx.engine().hasMonitors()) {
            ctx.engine().feedMonitors(ctx.client(), argv);
        }
        return argv;
    }

    void eval(Context ctx, Args args, Reply out) {
        scripts(ctx).eval(ctx.client(), monitored(ctx, args), false, false, out);
    }

    void evalsha(Context ctx, Args args, Reply out) {
        scripts(ctx).eval(ctx.client(), monitored(ctx, args), true, false, out);
    }

    void evalRo(Context ctx, Args args, Reply out) {
        scripts(ctx).eval(ctx.client(), monitored(ctx, args), false, true, out);
    }

    void evalshaRo(Context ctx, Args args, Reply out) {
        scripts(ctx).eval(ctx.client(), monitored(ctx, args), true, true, out);
    }

    void scriptLoad(Context ctx, Args args, Reply out) {
        out.bulk(scripts(ctx).load(args.get(2)).getBytes(StandardCharsets.US_ASCII));
    }

    void scriptExists(Context ctx, Args args, Reply out) {
        ScriptEngine scripts = scripts(ctx);
        out.array(args.size() - 2);
        for (int i = 2; i < args.size(); i++) {
            out.integer(scripts.exists(args.string(i)) ? 1 : 0);
        }
    }

    void scriptFlush(Context ctx, Args args, Reply out) {
        if (args.size() > 3 || (args.size() == 3 && !args.is(2, "sync") && !args.is(2, "async"))) {
            throw new RedisException(FLUSH_SYNTAX);
        }
        scripts(ctx).flush();
        out.ok();
    }

    void scriptKill(Context ctx, Args args, Reply out) {
        ScriptEngine scripts = scripts(ctx);
        if (scripts.running() && !scripts.runningEval()) {
            throw new RedisException(dev.redisinside.engine.command.RedisErrors.BUSY_FUNCTION);
        }
        scripts.kill();
        out.ok();
    }

    // ---- functions (functions.c) ----

    void fcall(Context ctx, Args args, Reply out) {
        scripts(ctx).functions().fcall(ctx.client(), monitored(ctx, args), false, out);
    }

    void fcallRo(Context ctx, Args args, Reply out) {
        scripts(ctx).functions().fcall(ctx.client(), monitored(ctx, args), true, out);
    }

    void functionLoad(Context ctx, Args args, Reply out) {
        boolean replace = false;
        int i = 2;
        for (; i < args.size() - 1; i++) {
            if (args.is(i, "replace")) {
                replace = true;
            } else {
                throw new RedisException("ERR Unknown option given: " + args.string(i));
            }
        }
        if (i != args.size() - 1) {
            throw new RedisException("ERR Function code is missing");
        }
        String name = scripts(ctx).functions().load(args.get(i), replace);
        out.bulk(name.getBytes(StandardCharsets.ISO_8859_1));
    }

    void functionList(Context ctx, Args args, Reply out) {
        boolean withCode = false;
        byte[] pattern = null;
        for (int i = 2; i < args.size(); i++) {
            if (!withCode && args.is(i, "withcode")) {
                withCode = true;
            } else if (pattern == null && args.is(i, "libraryname")) {
                if (i + 1 >= args.size()) {
                    throw new RedisException("ERR library name argument was not given");
                }
                pattern = args.get(++i);
            } else {
                throw new RedisException("ERR Unknown argument " + args.string(i));
            }
        }
        java.util.List<Functions.Library> selected = new java.util.ArrayList<>();
        for (Functions.Library lib : scripts(ctx).functions().libraries().values()) {
            if (pattern == null || dev.redisinside.engine.command.GlobMatcher.matches(pattern,
                    lib.name.getBytes(StandardCharsets.ISO_8859_1), true)) {
                selected.add(lib);
            }
        }
        out.array(selected.size());
        for (Functions.Library lib : selected) {
            out.map(withCode ? 4 : 3);
            out.bulk("library_name");
            out.bulk(lib.name.getBytes(StandardCharsets.ISO_8859_1));
            out.bulk("engine");
            out.bulk("LUA");
            out.bulk("functions");
            out.array(lib.functions.size());
            for (Functions.Function f : lib.functions.values()) {
                out.map(3);
                out.bulk("name");
                out.bulk(f.name().getBytes(StandardCharsets.ISO_8859_1));
                out.bulk("description");
                if (f.description() == null) {
                    out.nullBulk();
                } else {
                    out.bulk(f.description().getBytes(StandardCharsets.ISO_8859_1));
                }
                out.bulk("flags");
                out.set(f.flags().size());
                for (String flag : f.flags()) {
                    out.simple(flag);
                }
            }
            if (withCode) {
                out.bulk("library_code");
                out.bulk(lib.code);
            }
        }
    }

    void functionDelete(Context ctx, Args args, Reply out) {
        scripts(ctx).functions().delete(args.string(2));
        out.ok();
    }

    void functionFlush(Context ctx, Args args, Reply out) {
        if (args.size() > 3) {
            throw dev.redisinside.engine.command.HelpText.syntaxError(args);
        }
        if (args.size() > 3 || (args.size() == 3 && !args.is(2, "sync") && !args.is(2, "async"))) {
            throw new RedisException("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
        }
        scripts(ctx).functions().flush();
        out.ok();
    }

    void functionStats(Context ctx, Args args, Reply out) {
        ScriptEngine scripts = scripts(ctx);
        if (scripts.runningEval()) {
            throw new RedisException(BUSY_EVAL);
        }
        Functions functions = scripts.functions();
        out.map(2);
        out.bulk("running_script");
        Object[] running = scripts.runningFunction();
        if (running == null) {
            out.nullBulk();
        } else {
            out.map(3);
            out.bulk("name");
            out.bulk(((String) running[0]).getBytes(StandardCharsets.ISO_8859_1));
            out.bulk("command");
            byte[][] argv = (byte[][]) running[1];
            out.array(argv.length);
            for (byte[] a : argv) {
                out.bulk(a);
            }
            out.bulk("duration_ms");
            out.integer((Long) running[2]);
        }
        out.bulk("engines");
        out.map(1);
        out.bulk("LUA");
        out.map(2);
        out.bulk("libraries_count");
        out.integer(functions.libraries().size());
        out.bulk("functions_count");
        out.integer(functions.functionCount());
    }

    void functionKill(Context ctx, Args args, Reply out) {
        ScriptEngine scripts = scripts(ctx);
        if (scripts.runningEval()) {
            throw new RedisException(BUSY_EVAL);
        }
        scripts.kill();
        out.ok();
    }

    void functionDump(Context ctx, Args args, Reply out) {
        out.bulk(scripts(ctx).functions().dump());
    }

    void functionRestore(Context ctx, Args args, Reply out) {
        String policy = "append";
        if (args.size() > 4) {
            throw dev.redisinside.engine.command.HelpText.syntaxError(args);
        }
        if (args.size() == 4) {
            if (args.is(3, "flush") || args.is(3, "append") || args.is(3, "replace")) {
                policy = args.string(3).toLowerCase(java.util.Locale.ROOT);
            } else {
                throw new RedisException("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
            }
        }
        scripts(ctx).functions().restore(args.get(2), policy);
        out.ok();
    }

    void functionHelp(Context ctx, Args args, Reply out) {
        out.array(FUNCTION_HELP.length);
        for (String line : FUNCTION_HELP) {
            out.simple(line);
        }
    }

    void scriptHelp(Context ctx, Args args, Reply out) {
        out.array(HELP.length);
        for (String line : HELP) {
            out.simple(line);
        }
    }
}
