package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.script.ScriptEngine;
import dev.redisinside.engine.server.RedisEngine;

import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;

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

    /** One script engine per server; the group instance may be shared by registries of several engines. */
    private final Map<RedisEngine, ScriptEngine> engines = new IdentityHashMap<>();

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
    }

    private ScriptEngine scripts(Context ctx) {
        return engines.computeIfAbsent(ctx.engine(), ScriptEngine::new);
    }

    void eval(Context ctx, Args args, Reply out) {
        scripts(ctx).eval(ctx.client(), args.all(), false, false, out);
    }

    void evalsha(Context ctx, Args args, Reply out) {
        scripts(ctx).eval(ctx.client(), args.all(), true, false, out);
    }

    void evalRo(Context ctx, Args args, Reply out) {
        scripts(ctx).eval(ctx.client(), args.all(), false, true, out);
    }

    void evalshaRo(Context ctx, Args args, Reply out) {
        scripts(ctx).eval(ctx.client(), args.all(), true, true, out);
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
        scripts(ctx).kill();
        out.ok();
    }

    void scriptHelp(Context ctx, Args args, Reply out) {
        out.array(HELP.length);
        for (String line : HELP) {
            out.simple(line);
        }
    }
}
