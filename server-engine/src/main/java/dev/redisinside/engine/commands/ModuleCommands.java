package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.HelpText;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.config.ServerConfig;
import dev.redisinside.engine.protocol.Reply;

/**
 * MODULE: no module is ever loaded (a native Redis module cannot run in a JVM), so LIST is empty and LOAD
 * fails the way Redis reports a library it could not load. LOAD, LOADEX and UNLOAD are protected by
 * {@code enable-module-command} as in Redis.
 */
public final class ModuleCommands implements CommandGroup {

    private static final String[] HELP = {
        "LIST",
        "    Return a list of loaded modules.",
        "LOAD <path> [<arg> ...]",
        "    Load a module library from <path>, passing to it any optional arguments.",
        "LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]",
        "    Load a module library from <path>, while passing it module configurations and optional arguments.",
        "UNLOAD <name>",
        "    Unload a module."};

    @Override
    public void register(CommandRegistry r) {
        r.register("module|help", (ctx, args, out) -> HelpText.reply(args, out, HELP));
        r.register("module|list", (ctx, args, out) -> out.array(0));
        r.register("module|load", this::load);
        r.register("module|loadex", this::load);
        r.register("module|unload", this::unload);
    }

    void load(Context ctx, Args args, Reply out) {
        checkAllowed(ctx);
        throw new RedisException("ERR Error loading the extension. Please check the server logs.");
    }

    void unload(Context ctx, Args args, Reply out) {
        checkAllowed(ctx);
        throw new RedisException("ERR Error unloading module: no such module with that name");
    }

    /** Redis's protected-command rule: enable-module-command yes, or local for loopback clients. */
    private static void checkAllowed(Context ctx) {
        ServerConfig.Parameter setting = ctx.engine().config().parameter("enable-module-command");
        String value = setting == null ? "no" : setting.getter().get();
        String address = ctx.client().address();
        boolean local = ctx.client().channel() == null || address.startsWith("127.") || address.startsWith("[::1]");
        if (!value.equals("yes") && !(value.equals("local") && local)) {
            throw new RedisException("ERR MODULE command not allowed. If the enable-module-command option is set to "
                    + "\"local\", you can run it from a local connection, otherwise you need to set this option in "
                    + "the configuration file, and then restart the server.");
        }
    }
}
