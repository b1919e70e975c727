package dev.redisinside.engine.script;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/** The {@code redis} table of Redis 7.0's Lua API (script_lua.c). */
final class RedisLuaLibrary {

    private static final Logger log = LoggerFactory.getLogger("dev.redisinside.script");

    private static final int LOG_DEBUG = 0;
    private static final int LOG_WARNING = 3;
    private static final int REPL_ALL = 3;

    private RedisLuaLibrary() {
    }

    static LuaTable create(ScriptEngine scripts) {
        LuaTable redis = new LuaTable();
        redis.rawset("call", fn(a -> scripts.call(a, true)));
        redis.rawset("pcall", fn(a -> scripts.call(a, false)));
        redis.rawset("error_reply", fn(RedisLuaLibrary::errorReply));
        redis.rawset("status_reply", fn(a -> {
            if (a.narg() != 1 || a.arg1().type() != LuaValue.TSTRING) {
                return ScriptEngine.fail("wrong number or type of arguments", false);
            }
            return LuaConversions.single(LuaConversions.OK, a.arg1());
        }));
        redis.rawset("sha1hex", fn(a -> {
            if (a.narg() != 1) {
                return ScriptEngine.fail("wrong number of arguments", true);
            }
            LuaValue v = a.arg1();
            byte[] data = v.isstring() ? LuaConversions.bytes(stringOf(v)) : new byte[0];
            return LuaValue.valueOf(ScriptEngine.sha1hex(data, 0, data.length));
        }));
        redis.rawset("log", fn(RedisLuaLibrary::log));
        redis.rawset("setresp", fn(a -> {
            ScriptEngine.Run run = scripts.current();
            if (run == null) {
                return ScriptEngine.fail("redis.setresp can only be called inside a script invocation", true);
            }
            if (a.narg() != 1) {
                return ScriptEngine.fail("redis.setresp() requires one argument.", true);
            }
            int resp = (int) a.arg1().optdouble(0);
            if (resp != 2 && resp != 3) {
                return ScriptEngine.fail("RESP version must be 2 or 3.", true);
            }
            run.protocol = resp;
            return LuaValue.NONE;
        }));
        redis.rawset("set_repl", fn(a -> {
            if (scripts.current() == null) {
                return ScriptEngine.fail("redis.set_repl can only be called inside a script invocation", true);
            }
            if (a.narg() != 1) {
                return ScriptEngine.fail("redis.set_repl() requires two arguments.", true);
            }
            int flags = (int) a.arg1().optdouble(0);
            if ((flags & ~REPL_ALL) != 0) {
                return ScriptEngine.fail("Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.",
                        true);
            }
            return LuaValue.NONE; // no replication here: the flags are accepted and have nothing to act on
        }));
        redis.rawset("replicate_commands", fn(a -> LuaValue.TRUE));
        redis.rawset("breakpoint", fn(a -> LuaValue.FALSE));
        redis.rawset("debug", fn(a -> LuaValue.NONE));
        redis.rawset("acl_check_cmd", fn(a -> {
            if (scripts.current() == null) {
                return ScriptEngine.fail("redis.acl_check_cmd can only be called inside a script invocation", true);
            }
            if (a.narg() == 0) {
                return ScriptEngine.fail("Please specify at least one argument for this redis lib call", true);
            }
            byte[][] argv = new byte[a.narg()][];
            for (int i = 0; i < argv.length; i++) {
                LuaValue v = a.arg(i + 1);
                if (!v.isstring()) {
                    return ScriptEngine.fail("Lua redis lib command arguments must be strings or integers", true);
                }
                argv[i] = LuaConversions.bytes(stringOf(v));
            }
            dev.redisinside.engine.command.Command command = scripts.engine().commandTable().lookup(argv);
            if (command == null) {
                return ScriptEngine.fail("Invalid command passed to redis.acl_check_cmd()", true);
            }
            dev.redisinside.engine.acl.AclUser user = scripts.current().caller.user;
            return LuaValue.valueOf(user.unrestricted()
                    || scripts.engine().acl().check(user, command, argv) == dev.redisinside.engine.acl.Acl.OK);
        }));
        redis.rawset("LOG_DEBUG", LuaValue.valueOf(0));
        redis.rawset("LOG_VERBOSE", LuaValue.valueOf(1));
        redis.rawset("LOG_NOTICE", LuaValue.valueOf(2));
        redis.rawset("LOG_WARNING", LuaValue.valueOf(3));
        redis.rawset("REPL_NONE", LuaValue.valueOf(0));
        redis.rawset("REPL_AOF", LuaValue.valueOf(1));
        redis.rawset("REPL_SLAVE", LuaValue.valueOf(2));
        redis.rawset("REPL_REPLICA", LuaValue.valueOf(2));
        redis.rawset("REPL_ALL", LuaValue.valueOf(3));
        redis.rawset("REDIS_VERSION", LuaValue.valueOf(dev.redisinside.engine.server.RedisEngine.VERSION));
        redis.rawset("REDIS_VERSION_NUM", LuaValue.valueOf(versionNum(dev.redisinside.engine.server.RedisEngine.VERSION)));
        return redis;
    }

    static int versionNum(String version) {
        String[] parts = version.split("\\.");
        return (Integer.parseInt(parts[0]) << 16) | (Integer.parseInt(parts[1]) << 8) | Integer.parseInt(parts[2]);
    }

    static LuaString stringOf(LuaValue v) {
        return v.type() == LuaValue.TNUMBER ? Sandbox.tostring(v).checkstring() : v.checkstring();
    }

    private static LuaValue errorReply(Varargs a) {
        if (a.narg() != 1 || a.arg1().type() != LuaValue.TSTRING) {
            return ScriptEngine.fail("wrong number or type of arguments", false);
        }
        String err = LuaConversions.latin1(a.arg1());
        return ScriptEngine.errorTable(err.startsWith("-") ? err : "-" + err);
    }

    private static LuaValue log(Varargs a) {
        int argc = a.narg();
        if (argc < 2) {
            return ScriptEngine.fail("redis.log() requires two arguments or more.", true);
        }
        if (!a.arg1().isnumber()) {
            return ScriptEngine.fail("First argument must be a number (log level).", true);
        }
        int level = (int) a.arg1().todouble();
        if (level < LOG_DEBUG || level > LOG_WARNING) {
            return ScriptEngine.fail("Invalid debug level.", true);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 2; i <= argc; i++) {
            LuaValue v = a.arg(i);
            if (v.isstring()) {
                if (i != 2) {
                    text.append(' ');
                }
                text.append(new String(LuaConversions.bytes(stringOf(v)), StandardCharsets.UTF_8));
            }
        }
        switch (level) {
            case 0 -> log.debug("{}", text);
            case 1 -> log.debug("{}", text);
            case 2 -> log.info("{}", text);
            default -> log.warn("{}", text);
        }
        return LuaValue.NONE;
    }

    interface Body {
        Varargs apply(Varargs args);
    }

    static VarArgFunction fn(Body body) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return body.apply(args);
            }
        };
    }
}
