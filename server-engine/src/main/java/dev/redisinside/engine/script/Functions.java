package dev.redisinside.engine.script;

import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.server.Client;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Redis 7.0 functions (functions.c, function_lua.c): libraries loaded with {@code #!lua name=<lib>}, their
 * functions registered with {@code redis.register_function}, run by FCALL / FCALL_RO through the script
 * engine's time-limit machinery. Functions live in their own Lua state, as in Redis.
 */
public final class Functions {

    public static final String FLAG_NO_WRITES = "no-writes";
    public static final String FLAG_ALLOW_OOM = "allow-oom";
    /** The script flags of Redis 7.0, in its bit order. */
    static final String[] FLAGS = {FLAG_NO_WRITES, FLAG_ALLOW_OOM, "allow-stale", "no-cluster",
        "allow-cross-slot-keys"};
    private static final String BAD_NAME = "Library names can only contain letters, numbers, or underscores(_) "
            + "and must be at least one character long";

    /** One registered function. */
    public record Function(String name, LuaFunction callback, String description, List<String> flags,
            Library library) {
        public boolean noWrites() {
            return flags.contains(FLAG_NO_WRITES);
        }

        /** Whether the function may run over maxmemory: allow-oom, or no-writes, which implies it. */
        public boolean allowOom() {
            return noWrites() || flags.contains(FLAG_ALLOW_OOM);
        }
    }

    /** One library: its name, code and functions. */
    public static final class Library {
        public final String name;
        public final byte[] code;
        public final Map<String, Function> functions = new LinkedHashMap<>();

        Library(String name, byte[] code) {
            this.name = name;
            this.code = code;
        }
    }

    private final ScriptEngine scripts;
    /**
     * In load order. Redis lists (FUNCTION LIST, DUMP) in its dict's order, which follows SipHash with a seed
     * drawn at each start: the same libraries come out in a different order from one process to the next, so
     * no order can match it and the stable one is kept.
     */
    private final Map<String, Library> libraries = new LinkedHashMap<>();
    /** Function names are case-insensitive, as Redis's functions dict compares them. */
    private final Map<String, Function> functions = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private Sandbox.ProtectedGlobals globals;
    private LuaTable loadApi;
    /** The library being loaded (register_function adds to it); null outside FUNCTION LOAD. */
    private Library loading;

    public Functions(ScriptEngine scripts) {
        this.scripts = scripts;
    }

    public Map<String, Library> libraries() {
        return libraries;
    }

    public int functionCount() {
        return functions.size();
    }

    public Function function(String name) {
        return functions.get(name);
    }

    private Sandbox.ProtectedGlobals globals() {
        if (globals == null) {
            globals = Sandbox.create(scripts.watchdog(), RedisLuaLibrary.create(scripts), scripts.random);
            ReadonlyTable redis = new ReadonlyTable();
            redis.rawset("register_function", new RegisterFunction());
            LuaTable full = (LuaTable) globals.get("redis");
            for (String name : new String[] {"log", "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING",
                "REDIS_VERSION", "REDIS_VERSION_NUM"}) {
                redis.rawset(name, full.get(name));
            }
            redis.setmetatable(missingGlobalMeta());
            redis.seal();
            ReadonlyTable api = new ReadonlyTable();
            api.rawset("redis", redis);
            api.setmetatable(missingGlobalMeta());
            api.seal();
            loadApi = api;
        }
        return globals;
    }

    private static LuaTable missingGlobalMeta() {
        ReadonlyTable meta = new ReadonlyTable();
        meta.rawset(LuaValue.INDEX, new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue table, LuaValue key) {
                throw new ScriptError(LuaValue.valueOf("Script attempted to access nonexistent global variable '"
                        + key.tojstring() + "'"), true);
            }
        });
        meta.seal();
        return meta;
    }

    /**
     * The environment of library code: while loading it sees only the load API ({@code redis.register_function},
     * {@code redis.log}...), afterwards (when its functions run) the full globals. Writes are refused.
     */
    private final class LibraryEnv extends org.luaj.vm2.Globals {
        /** A Globals, so that LuaJ runs the library's closures with the watchdog hook (time limit, KILL). */
        LibraryEnv(org.luaj.vm2.Globals g) {
            debuglib = g.debuglib;
            running = g.running;
            baselib = g.baselib;
            loader = g.loader;
            compiler = g.compiler;
            undumper = null;
            finder = null;
            STDIN = null;
        }

        @Override
        public LuaValue get(LuaValue key) {
            return loading != null ? loadApi.get(key) : globals.get(key);
        }

        @Override
        public LuaValue get(String key) {
            return get(LuaValue.valueOf(key));
        }

        @Override
        public LuaValue rawget(LuaValue key) {
            return loading != null ? loadApi.rawget(key) : globals.rawget(key);
        }

        @Override
        public void set(LuaValue key, LuaValue value) {
            throw ReadonlyTable.readonlyError();
        }

        @Override
        public void rawset(LuaValue key, LuaValue value) {
            throw ReadonlyTable.readonlyError();
        }

        @Override
        public void rawset(int key, LuaValue value) {
            throw ReadonlyTable.readonlyError();
        }

        @Override
        public LuaValue setmetatable(LuaValue metatable) {
            throw ReadonlyTable.readonlyError();
        }
    }

    // ---- FUNCTION LOAD ----

    /** FUNCTION LOAD [REPLACE] code: returns the library name. */
    public String load(byte[] code, boolean replace) {
        String name = parseShebang(code);
        Library old = libraries.get(name);
        if (old != null && !replace) {
            throw new RedisException("ERR Library '" + name + "' already exists");
        }
        Library lib = compile(name, code);
        for (Function f : lib.functions.values()) {
            Function existing = functions.get(f.name());
            if (existing != null && existing.library() != old) {
                throw new RedisException("ERR Function " + f.name() + " already exists");
            }
        }
        if (old != null) {
            remove(old);
        }
        add(lib);
        return name;
    }

    private void add(Library lib) {
        libraries.put(lib.name, lib);
        functions.putAll(lib.functions);
    }

    private void remove(Library lib) {
        libraries.remove(lib.name);
        for (String f : lib.functions.keySet()) {
            functions.remove(f);
        }
    }

    /** functionExtractLibMetaData: the {@code #!<engine> name=<lib>} first line. */
    static String parseShebang(byte[] code) {
        String text = new String(code, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("#!")) {
            throw new RedisException("ERR Missing library metadata");
        }
        int eol = text.indexOf('\n');
        // split as Redis's sdssplitargs does, so a quoted name="foo" is the name foo
        byte[][] parts = eol < 0 ? null
                : dev.redisinside.engine.protocol.RequestDecoder.splitArgs(Arrays.copyOf(code, eol));
        if (parts == null || parts.length == 0) {
            throw new RedisException("ERR Invalid library metadata");
        }
        String engine = latin1(parts[0]).substring(2);
        String name = null;
        for (int i = 1; i < parts.length; i++) {
            String part = latin1(parts[i]);
            if (part.regionMatches(true, 0, "name=", 0, 5)) {
                if (name != null) {
                    throw new RedisException("ERR Invalid metadata value, name argument was given multiple times");
                }
                name = part.substring(5);
                continue;
            }
            throw new RedisException("ERR Invalid metadata value given: " + part);
        }
        if (name == null) {
            throw new RedisException("ERR Library name was not given");
        }
        if (!validName(name)) {
            throw new RedisException("ERR " + BAD_NAME);
        }
        if (!engine.equalsIgnoreCase("lua")) {
            throw new RedisException("ERR Engine '" + engine + "' not found");
        }
        return name;
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static boolean validName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '_') {
                return false;
            }
        }
        return true;
    }

    private Library compile(String name, byte[] code) {
        Sandbox.ProtectedGlobals g = globals();
        Sandbox.installStringMetatable(g);
        LuaFunction chunk;
        try {
            chunk = Compiler.load(g, code, "@user_function", new LibraryEnv(g));
        } catch (LuaError e) {
            String message = e.getMessage();
            if (message != null && message.startsWith("@")) {
                message = message.substring(1);
            }
            throw new RedisException("ERR Error compiling function: " + message);
        }
        Library lib = new Library(name, code);
        loading = lib;
        String previousChunk = Sandbox.chunk;
        Sandbox.chunk = "user_function";
        try {
            scripts.runLoad(chunk);
        } catch (LuaError e) {
            throw new RedisException("ERR Error registering functions: " + message(e));
        } finally {
            loading = null;
            Sandbox.chunk = previousChunk;
        }
        if (lib.functions.isEmpty()) {
            throw new RedisException("ERR No functions registered");
        }
        return lib;
    }

    /** The message of a load error, as luaExtractErrorInformation gives it (no script suffix). */
    private static String message(LuaError e) {
        LuaValue value = Sandbox.errorValue(e);
        if (value instanceof LuaTable table) {
            LuaValue err = table.rawget(LuaConversions.ERR);
            return err.isstring() ? LuaConversions.latin1(err.tostring()) : String.valueOf(err.tojstring());
        }
        return "ERR " + (value.isstring() ? LuaConversions.latin1(value.tostring()) : value.tojstring());
    }

    /** redis.register_function(name, callback) or redis.register_function{function_name=..., callback=...}. */
    private final class RegisterFunction extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            Library lib = loading;
            if (lib == null) {
                throw err("redis.register_function can only be called on FUNCTION LOAD command");
            }
            String name = null;
            LuaValue callback = LuaValue.NIL;
            String description = null;
            List<String> flags = new ArrayList<>();
            if (args.narg() == 1) {
                if (!args.arg1().istable()) {
                    throw err("calling redis.register_function with a single argument is only applicable to Lua "
                            + "table (representing named arguments).");
                }
                LuaTable t = (LuaTable) args.arg1();
                LuaValue k = LuaValue.NIL;
                while (true) {
                    Varargs next = t.next(k);
                    k = next.arg1();
                    if (k.isnil()) {
                        break;
                    }
                    LuaValue v = next.arg(2);
                    if (!k.isstring()) {
                        throw err("named argument key given to redis.register_function is not a string");
                    }
                    String key = k.tojstring();
                    switch (key) {
                        case "function_name" -> {
                            if (!v.isstring()) {
                                throw err("function_name argument given to redis.register_function must be a string");
                            }
                            name = latin1(v);
                        }
                        case "description" -> {
                            if (!v.isstring()) {
                                throw err("description argument given to redis.register_function must be a string");
                            }
                            description = latin1(v);
                        }
                        case "callback" -> {
                            if (!v.isfunction()) {
                                throw err("callback argument given to redis.register_function must be a function");
                            }
                            callback = v;
                        }
                        case "flags" -> {
                            if (!v.istable()) {
                                throw err("flags argument to redis.register_function must be a table representing function flags");
                            }
                            LuaTable ft = (LuaTable) v;
                            for (int i = 1; i <= ft.length(); i++) {
                                LuaValue flag = ft.get(i);
                                String f = flag.isstring() ? flag.tojstring() : null;
                                if (f == null || !java.util.Arrays.asList(FLAGS).contains(f)) {
                                    throw err("unknown flag given");
                                }
                                if (!flags.contains(f)) {
                                    flags.add(f);
                                }
                            }
                        }
                        default -> throw err("unknown argument given to redis.register_function");
                    }
                }
                if (name == null) {
                    throw err("redis.register_function must get a function name argument");
                }
                if (callback.isnil()) {
                    throw err("redis.register_function must get a callback argument");
                }
            } else {
                if (args.narg() != 2) {
                    throw err("wrong number of arguments to redis.register_function");
                }
                if (!args.arg1().isstring()) {
                    throw err("first argument to redis.register_function must be a string");
                }
                if (!args.arg(2).isfunction()) {
                    throw err("second argument to redis.register_function must be a function");
                }
                name = latin1(args.arg1());
                callback = args.arg(2);
            }
            if (!validName(name)) {
                throw err(BAD_NAME);
            }
            if (lib.functions.keySet().stream().anyMatch(name::equalsIgnoreCase)) {
                throw err("Function already exists in the library");
            }
            // Redis keeps flags in bit order
            List<String> ordered = new ArrayList<>();
            for (String f : FLAGS) {
                if (flags.contains(f)) {
                    ordered.add(f);
                }
            }
            lib.functions.put(name, new Function(name, (LuaFunction) callback, description, ordered, lib));
            return LuaValue.NONE;
        }
    }

    private static String latin1(LuaValue v) {
        LuaString s = v.checkstring();
        return LuaConversions.latin1(s);
    }

    private static ScriptError err(String message) {
        return new ScriptError(ScriptEngine.errorTable(message), false);
    }

    // ---- FCALL ----

    /** FCALL / FCALL_RO name numkeys keys... args... */
    public void fcall(Client caller, byte[][] argv, boolean ro, Reply out) {
        Function f = functions.get(new String(argv[1], StandardCharsets.ISO_8859_1));
        if (f == null) {
            throw new RedisException("ERR Function not found");
        }
        Long numkeys = dev.redisinside.engine.command.Numbers.parse(argv[2]);
        if (numkeys == null) {
            throw new RedisException("ERR Bad number of keys provided");
        }
        if (numkeys > argv.length - 3) {
            throw new RedisException("ERR Number of keys can't be greater than number of args");
        }
        if (numkeys < 0) {
            throw new RedisException("ERR Number of keys can't be negative");
        }
        if (ro && !f.noWrites()) {
            throw new RedisException(ScriptEngine.WRITE_FLAG_WITH_RO);
        }
        scripts.checkOom(f.allowOom());
        int nk = numkeys.intValue();
        Sandbox.installStringMetatable(globals());
        LuaTable keys = array(argv, 3, nk);
        LuaTable params = array(argv, 3 + nk, argv.length - 3 - nk);
        ScriptEngine.Run run = new ScriptEngine.Run(caller, f.name(), ro || f.noWrites());
        run.chunk = "user_function";
        run.allowOom = f.allowOom();
        run.function = f.name();
        run.argv = argv;
        scripts.start(caller, run, () -> f.callback().call(keys, params), out);
    }

    private static LuaTable array(byte[][] argv, int from, int count) {
        LuaTable t = new LuaTable(count, 0);
        for (int i = 0; i < count; i++) {
            t.rawset(i + 1, LuaString.valueOf(argv[from + i]));
        }
        return t;
    }

    // ---- DELETE / FLUSH / DUMP / RESTORE ----

    public void delete(String name) {
        Library lib = libraries.get(name);
        if (lib == null) {
            throw new RedisException("ERR Library not found");
        }
        remove(lib);
    }

    public void flush() {
        libraries.clear();
        functions.clear();
        globals = null;
        loadApi = null;
    }

    public byte[] dump() {
        List<byte[]> codes = new ArrayList<>();
        for (Library lib : libraries.values()) {
            codes.add(lib.code);
        }
        return dev.redisinside.engine.store.rdb.RdbWriter.dumpFunctions(codes);
    }

    /** FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE]. */
    public void restore(byte[] payload, String policy) {
        if (!dev.redisinside.engine.store.rdb.RdbReader.verify(payload)) {
            throw new RedisException("ERR DUMP payload version or checksum are wrong");
        }
        List<byte[]> codes;
        try {
            codes = dev.redisinside.engine.store.rdb.RdbReader.readFunctions(payload);
        } catch (dev.redisinside.engine.store.rdb.RdbFormatException e) {
            throw new RedisException("ERR given payload is not a valid function dump");
        }
        // compile everything first: nothing changes when one library fails
        Map<String, Library> restored = new LinkedHashMap<>();
        for (byte[] code : codes) {
            String name = parseShebang(code);
            Library lib = compile(name, code);
            restored.put(name, lib);
        }
        Map<String, Library> savedLibs = new LinkedHashMap<>(libraries);
        Map<String, Function> savedFns = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        savedFns.putAll(functions);
        if (policy.equals("flush")) {
            libraries.clear();
            functions.clear();
        }
        for (Library lib : restored.values()) {
            Library old = libraries.get(lib.name);
            if (old != null) {
                if (policy.equals("append")) {
                    rollback(savedLibs, savedFns);
                    throw new RedisException("ERR Library " + lib.name + " already exists");
                }
                remove(old);
            }
            for (Function f : lib.functions.values()) {
                if (functions.containsKey(f.name())) {
                    rollback(savedLibs, savedFns);
                    throw new RedisException("ERR Function " + f.name() + " already exists");
                }
            }
            add(lib);
        }
    }

    private void rollback(Map<String, Library> libs, Map<String, Function> fns) {
        libraries.clear();
        libraries.putAll(libs);
        functions.clear();
        functions.putAll(fns);
    }
}
