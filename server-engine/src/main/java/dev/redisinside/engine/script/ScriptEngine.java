package dev.redisinside.engine.script;

import dev.redisinside.engine.acl.Acl;
import dev.redisinside.engine.command.Command;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.server.Client;
import dev.redisinside.engine.server.RedisEngine;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

/**
 * Redis's EVAL machinery (eval.c, script.c, script_lua.c): one sandboxed Lua state per server, scripts
 * compiled once and cached by the SHA1 of their body, run atomically on the engine thread with "now"
 * frozen by the dispatcher, commands called through the normal command table with a private client.
 */
public final class ScriptEngine {

    public static final String NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";
    static final String WRITE_FLAG_WITH_RO = "ERR Can not execute a script with write flag using *_ro command.";
    static final String OOM_NOT_ALLOWED = "OOM allow-oom flag is not set on the script, can not run it when used "
            + "memory > 'maxmemory'";
    /** The OOM error a script's redis.call gets, in the "-CODE msg" form that keeps its code. */
    private static final String OOM_IN_SCRIPT = "-" + dev.redisinside.engine.command.RedisErrors.OOM;

    /** Shebang flags of an EVAL script ({@link #shebangFlags}); a script without a shebang has none of them. */
    public record ScriptFlags(boolean noWrites, boolean allowOom) {
    }
    /** Loop turns and function entries between two looks at the clock. */
    static final int CHECK_EVERY = 10_000;
    /**
     * A script still running after this many busy-reply-thresholds is stopped when nothing else can stop it:
     * after writes (Redis would let it run until SHUTDOWN NOSAVE), or while the engine thread waits for it
     * (inside EXEC, or run inline). The server lives inside an application that must not hang. A read-only
     * script that went BUSY runs on, as in Redis, until SCRIPT KILL.
     */
    static final int HARD_LIMIT_FACTOR = 10;

    /**
     * How long a script already known to be quick may run inline on the engine thread (capped at half of
     * busy-reply-threshold) before it is stopped and run again on the script thread, where the time limit
     * can answer BUSY to other clients.
     */
    static final long INLINE_BUDGET_MS = 20;

    private static final org.luaj.vm2.LuaString KEYS = org.luaj.vm2.LuaString.valueOf("KEYS");
    private static final org.luaj.vm2.LuaString ARGV = org.luaj.vm2.LuaString.valueOf("ARGV");

    private final RedisEngine engine;
    private final Watchdog watchdog = new Watchdog();
    /** math.random's generator (one per server, as Redis's is a C static). */
    final Sandbox.Rand48 random = new Sandbox.Rand48();
    /**
     * Scripts (by SHA) and functions (by name) whose last run ended within the inline budget: they run on
     * the engine thread, which saves the two thread hand-offs that otherwise dominate a short script.
     */
    private final java.util.Set<String> quick = new java.util.HashSet<>();
    private final Map<String, LuaFunction> scripts = new HashMap<>();
    private final Map<String, byte[]> bodies = new HashMap<>();
    /** Shebang flags by SHA, for scripts that declare them (the others run in compatibility mode). */
    private final Map<String, ScriptFlags> declaredFlags = new HashMap<>();
    private Sandbox.ProtectedGlobals globals;
    private Client scriptClient;
    private volatile Run run;

    /** One script invocation. */
    static final class Run {
        final Client caller;
        final String sha;
        final boolean readOnly;
        /** "user_script" for EVAL, "user_function" for FCALL. */
        String chunk = "user_script";
        /** FCALL: the function's name and the command's arguments (FUNCTION STATS). */
        String function;
        /** The arguments of the EVAL or FCALL (FUNCTION STATS; the declared keys for client-side caching). */
        byte[][] argv;
        final long startNanos = System.nanoTime();
        int protocol = 2;
        volatile boolean wrote;
        /** A write or a publish happened: the run can no longer be stopped and started again unnoticed. */
        boolean effects;
        volatile boolean killRequested;
        /** The engine thread waits for this run (inline, or inside EXEC): SCRIPT KILL cannot reach it. */
        volatile boolean engineWaits;
        /** Declared allow-oom (or no-writes): denyoom commands run even over maxmemory. */
        boolean allowOom;

        Run(Client caller, String sha, boolean readOnly) {
            this.caller = caller;
            this.sha = sha;
            this.readOnly = readOnly;
        }
    }

    public ScriptEngine(RedisEngine engine) {
        this.engine = engine;
    }

    private Sandbox.ProtectedGlobals globals() {
        if (globals == null) {
            globals = Sandbox.create(watchdog, RedisLuaLibrary.create(this), random);
            scriptClient = engine.internalClient();
        }
        return globals;
    }

    RedisEngine engine() {
        return engine;
    }

    Watchdog watchdog() {
        return watchdog;
    }

    private Functions functions;

    /** The FUNCTION libraries of this server. */
    public Functions functions() {
        if (functions == null) {
            functions = new Functions(this);
        }
        return functions;
    }

    /** Runs a library's code at FUNCTION LOAD time, stopped after about 500 ms as Redis does. */
    void runLoad(LuaFunction chunk) {
        globals();
        Run load = new Run(null, "load", true);
        load.engineWaits = true; // Redis's 500 ms FUNCTION LOAD timeout
        watchdog.arm(load, 50);
        watchdog.mainThread = Thread.currentThread();
        try {
            chunk.call();
        } catch (ScriptKilled killed) {
            throw new LuaError("FUNCTION LOAD timeout");
        } catch (StackOverflowError e) {
            throw new LuaError("stack overflow");
        } finally {
            watchdog.disarm();
        }
    }

    /** FUNCTION STATS: the running function's name, its command's arguments and duration, or null. */
    public Object[] runningFunction() {
        Run r = run;
        if (r == null || r.function == null) {
            return null;
        }
        return new Object[] {r.function, r.argv, (System.nanoTime() - r.startNanos) / 1_000_000L};
    }

    /** Whether the running script is an EVAL (not a function). */
    public boolean runningEval() {
        Run r = run;
        return r != null && r.function == null;
    }

    Run current() {
        return run;
    }

    /** Whether the client is the one scripts run their commands as (Redis's CLIENT_SCRIPT). */
    public boolean isScriptClient(Client client) {
        return client == scriptClient;
    }

    Client scriptClient() {
        return scriptClient;
    }

    // ---- cache ----

    public static String sha1hex(byte[] data, int offset, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(data, offset, length);
            byte[] digest = md.digest();
            StringBuilder hex = new StringBuilder(40);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SCRIPT LOAD: compiles and caches the body; returns its SHA1. */
    public String load(byte[] body) {
        String sha = sha1hex(body, 0, body.length);
        compileIfAbsent(sha, body);
        return sha;
    }

    public boolean exists(String sha) {
        return scripts.containsKey(sha.toLowerCase(java.util.Locale.ROOT));
    }

    public void flush() {
        scripts.clear();
        bodies.clear();
        declaredFlags.clear();
        quick.clear();
        globals = null; // a fresh Lua state, as Redis creates one
    }

    public int cachedScripts() {
        return scripts.size();
    }

    private LuaFunction compileIfAbsent(String sha, byte[] body) {
        LuaFunction f = scripts.get(sha);
        if (f != null) {
            return f;
        }
        Sandbox.ProtectedGlobals g = globals();
        ScriptFlags flags;
        int shebang = 0;
        try {
            flags = shebangFlags(body);
        } catch (IllegalArgumentException e) {
            throw new RedisException("ERR " + e.getMessage());
        }
        if (flags != null) {
            // the shebang line is skipped but its line feed kept, so line numbers stay the user's
            while (body[shebang] != '\n') {
                shebang++;
            }
        }
        try {
            f = Compiler.load(g, shebang == 0 ? body : java.util.Arrays.copyOfRange(body, shebang, body.length), Sandbox.CHUNK, g);
        } catch (LuaError e) {
            String message = e.getMessage();
            if (message != null && message.startsWith("@")) {
                message = message.substring(1);
            }
            throw new RedisException("ERR Error compiling script (new function): " + message);
        }
        scripts.put(sha, f);
        bodies.put(sha, body);
        if (flags != null) {
            declaredFlags.put(sha, flags);
        }
        return f;
    }

    /**
     * Redis's evalExtractShebangFlags: the flags of a {@code #!lua [flags=a,b]} first line, or null without
     * a shebang (compatibility mode); an IllegalArgumentException carries the error of a malformed one.
     */
    static ScriptFlags shebangFlags(byte[] body) {
        if (body.length < 2 || body[0] != '#' || body[1] != '!') {
            return null;
        }
        int end = 0;
        while (end < body.length && body[end] != '\n') {
            end++;
        }
        if (end == body.length) {
            throw new IllegalArgumentException("Invalid script shebang");
        }
        String[] parts = new String(body, 0, end, StandardCharsets.ISO_8859_1).trim().split("[ \t\r]+");
        if (!parts[0].equals("#!lua")) {
            throw new IllegalArgumentException("Unexpected engine in script shebang: " + parts[0]);
        }
        boolean noWrites = false;
        boolean allowOom = false;
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].startsWith("flags=")) {
                throw new IllegalArgumentException("Unknown lua shebang option: " + parts[i]);
            }
            String list = parts[i].substring(6);
            for (String flag : list.isEmpty() ? new String[0] : list.split(",", -1)) {
                if (!java.util.Arrays.asList(Functions.FLAGS).contains(flag)) {
                    throw new IllegalArgumentException("Unexpected flag in script shebang: " + flag);
                }
                noWrites |= flag.equals(Functions.FLAG_NO_WRITES);
                allowOom |= flag.equals(Functions.FLAG_ALLOW_OOM);
            }
        }
        return new ScriptFlags(noWrites, allowOom);
    }

    /**
     * Redis's getCommandFlags for EVAL and EVALSHA: the declared flags of the script (cached, or read from
     * an EVAL body's shebang), or null in compatibility mode, when the command's own flags apply.
     */
    public ScriptFlags declaredFlags(byte[][] argv, boolean bySha) {
        if (bySha) {
            return argv[1].length == 40
                    ? declaredFlags.get(new String(argv[1], StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT))
                    : null;
        }
        try {
            return shebangFlags(argv[1]);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** scriptPrepareForRun's maxmemory rule: a script that may write needs allow-oom when the command began over it. */
    void checkOom(boolean allowOom) {
        if (!allowOom && engine.preCommandOom && engine.config().maxmemory > 0) {
            throw new RedisException(OOM_NOT_ALLOWED);
        }
    }

    // ---- running ----

    /**
     * EVAL / EVALSHA / EVAL_RO / EVALSHA_RO. {@code argv}: the command's arguments (script or sha, numkeys,
     * keys..., args...).
     */
    public void eval(Client caller, byte[][] argv, boolean bySha, boolean readOnly, Reply out) {
        Long numkeys = dev.redisinside.engine.command.Numbers.parse(argv[2]);
        if (numkeys == null) {
            throw new RedisException("ERR value is not an integer or out of range");
        }
        if (numkeys > argv.length - 3) {
            throw new RedisException("ERR Number of keys can't be greater than number of args");
        }
        if (numkeys < 0) {
            throw new RedisException("ERR Number of keys can't be negative");
        }
        LuaFunction f;
        String sha;
        if (bySha) {
            sha = argv[1].length == 40 ? new String(argv[1], StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT) : null;
            f = sha == null ? null : scripts.get(sha);
            if (f == null) {
                throw new RedisException(NOSCRIPT);
            }
        } else {
            sha = sha1hex(argv[1], 0, argv[1].length);
            f = compileIfAbsent(sha, argv[1]);
        }
        int nk = numkeys.intValue();
        Sandbox.ProtectedGlobals g = globals();
        Sandbox.installStringMetatable(g);
        g.setInternal(KEYS, array(argv, 3, nk));
        g.setInternal(ARGV, array(argv, 3 + nk, argv.length - 3 - nk));
        ScriptFlags flags = declaredFlags.get(sha);
        if (flags != null) {
            if (readOnly && !flags.noWrites()) {
                throw new RedisException(WRITE_FLAG_WITH_RO);
            }
            checkOom(flags.noWrites() || flags.allowOom());
        }
        Run current = new Run(caller, sha, readOnly || flags != null && flags.noWrites());
        current.allowOom = flags != null && flags.allowOom();
        current.argv = argv;
        start(caller, current, f::call, out);
    }

    /**
     * Runs a script body under the time limit. A nested call, or no limit configured, runs here as Redis
     * does; a script known to be quick runs here too, within {@link #INLINE_BUDGET_MS}; anything else runs
     * on the script thread while this thread waits up to busy-reply-threshold, then goes BUSY.
     */
    void start(Client caller, Run current, java.util.function.Supplier<LuaValue> f, Reply out) {
        globals();
        scriptClient.db = caller.db;
        scriptClient.protocol(2);
        Sandbox.chunk = current.chunk;
        long threshold = engine.config().busyReplyThreshold;
        if (threshold <= 0 || run != null) {
            Run previous = run;
            run = current;
            watchdog.arm(current, 0);
            try {
                finish(execute(f, current), current, out);
            } finally {
                watchdog.disarm();
                run = previous;
            }
            return;
        }
        String identity = current.function != null ? "function:" + current.function : current.sha;
        long budgetNanos = Math.min(INLINE_BUDGET_MS, Math.max(1, threshold / 2)) * 1_000_000L;
        if (quick.contains(identity)) {
            long randomState = random.state();
            Outcome outcome;
            run = current;
            current.engineWaits = true;
            watchdog.arm(current, threshold);
            watchdog.inlineBudget(budgetNanos);
            try {
                outcome = execute(f, current);
            } finally {
                watchdog.disarm();
                run = null;
            }
            if (outcome != RESTART) {
                if (System.nanoTime() - current.startNanos > budgetNanos) {
                    quick.remove(identity); // it wrote before the budget ran out: next time on the script thread
                }
                finish(outcome, current, out);
                return;
            }
            // stopped at the budget before any effect: nothing to undo but math.random's state
            quick.remove(identity);
            random.restore(randomState);
            current.engineWaits = false;
            scriptClient.db = caller.db;
            scriptClient.protocol(2);
            current.protocol = 2;
            Sandbox.chunk = current.chunk;
        }
        long waitNanos = threshold * 1_000_000L - (System.nanoTime() - current.startNanos);
        run = current;
        watchdog.arm(current, threshold);
        java.util.concurrent.Future<Outcome> future = scriptThread().submit(() -> execute(f, current));
        Outcome outcome;
        try {
            outcome = future.get(Math.max(0, waitNanos), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException slow) {
            if (caller.inMulti() || caller.channel() == null || engine.loop() == null) {
                current.engineWaits = true;
                outcome = await(future); // inside EXEC (or no connection) the reply must come now
            } else {
                goBusy(future, current, caller);
                return;
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            outcome = await(future);
        }
        watchdog.disarm();
        run = null;
        if (System.nanoTime() - current.startNanos <= budgetNanos) {
            quick.add(identity);
        }
        finish(outcome, current, out);
    }

    /** An inline run stopped at its budget, to be run again on the script thread. */
    private static final Outcome RESTART = new Outcome(null, null);

    /** What a script ended with: a value to convert, or an error reply text. */
    private record Outcome(LuaValue value, String error, boolean counted) {
        Outcome(LuaValue value, String error) {
            this(value, error, false);
        }
    }

    private Outcome execute(java.util.function.Supplier<LuaValue> f, Run current) {
        watchdog.mainThread = Thread.currentThread();
        Sandbox.chunk = current.chunk;
        try {
            return new Outcome(f.get(), null);
        } catch (ScriptRestart restart) {
            return RESTART;
        } catch (ScriptKilled killed) {
            return new Outcome(null, killed.message + " script: " + current.sha + ", on @" + current.chunk + ":"
                    + watchdog.stoppedLine + ".");
        } catch (LuaError e) {
            // an error raised by redis.call was counted in INFO errorstats when the command replied it
            boolean counted = Sandbox.errorValue(e) instanceof LuaTable t && LuaConversions.isCounted(t);
            return new Outcome(null, errorText(e, current.sha, current.chunk), counted);
        } catch (StackOverflowError e) {
            return new Outcome(null, "ERR " + current.chunk + ":1: stack overflow script: " + current.sha + ", on @"
                    + current.chunk + ":1.");
        } catch (RuntimeException e) {
            return new Outcome(null, "ERR Error running script " + current.sha + ": " + e.getClass().getSimpleName());
        }
    }

    private static Outcome await(java.util.concurrent.Future<Outcome> future) {
        while (true) {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                return new Outcome(null, "ERR Error running script: " + e.getCause());
            }
        }
    }

    private void finish(Outcome outcome, Run current, Reply out) {
        if (outcome.error() != null) {
            if (!outcome.counted()) {
                throw new RedisException(outcome.error());
            }
            engine.failedUncounted();
            out.error(outcome.error());
            return;
        }
        LuaConversions.write(outcome.value(), out, current.protocol, 0, engine);
    }

    /**
     * The script outlived busy-reply-threshold: the engine thread goes back to its other clients, which get
     * BUSY (SCRIPT KILL is still served), and the caller's reply is written when the script ends.
     */
    private void goBusy(java.util.concurrent.Future<Outcome> future, Run current, Client caller) {
        engine.scriptBusy = true;
        engine.scriptBusyFunction = current.function != null;
        engine.freezeTime(); // "now" stays the script's until it ends
        caller.blocked = true;
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            Outcome outcome = await(future);
            engine.loop().execute(() -> {
                watchdog.disarm();
                run = null;
                engine.scriptBusy = false;
                engine.scriptBusyFunction = false;
                engine.unfreezeTime();
                Reply out = caller.asyncOut();
                if (outcome.error() != null) {
                    if (!outcome.counted()) {
                        engine.countError(outcome.error());
                    }
                    out.error(outcome.error());
                } else {
                    LuaConversions.write(outcome.value(), out, current.protocol, 0, engine);
                }
                caller.unblock();
            });
        }, waiter());
    }

    private java.util.concurrent.ExecutorService scriptThread;
    private java.util.concurrent.ExecutorService waiter;

    private java.util.concurrent.ExecutorService scriptThread() {
        if (scriptThread == null) {
            scriptThread = java.util.concurrent.Executors.newSingleThreadExecutor(daemon("redis-inside-lua"));
        }
        return scriptThread;
    }

    private java.util.concurrent.ExecutorService waiter() {
        if (waiter == null) {
            waiter = java.util.concurrent.Executors.newSingleThreadExecutor(daemon("redis-inside-lua-waiter"));
        }
        return waiter;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            // a deep stack: Lua recursion runs on Java's stack
            Thread t = new Thread(null, r, name, 16L * 1024 * 1024);
            t.setDaemon(true);
            return t;
        };
    }

    private static LuaTable array(byte[][] argv, int from, int count) {
        LuaTable t = new LuaTable(count, 0);
        for (int i = 0; i < count; i++) {
            t.rawset(i + 1, org.luaj.vm2.LuaString.valueOf(argv[from + i]));
        }
        return t;
    }

    /** The reply text of a script that raised an error, as Redis's error handler builds it. */
    static String errorText(LuaError e, String sha, String chunk) {
        LuaValue value = Sandbox.errorValue(e);
        int line = e instanceof ScriptError se ? se.where() : 1;
        String message;
        if (value instanceof LuaTable table) {
            LuaValue err = table.rawget(LuaConversions.ERR);
            message = err.isstring() ? LuaConversions.latin1(err.tostring()) : String.valueOf(err.tojstring());
            LuaValue l = table.rawget("line");
            if (l.isnumber()) {
                line = l.toint();
            }
        } else {
            message = "ERR " + (value.isstring() ? LuaConversions.latin1(Sandbox.tostring(value).checkstring()) : value.tojstring());
        }
        return message + " script: " + sha + ", on @" + chunk + ":" + line + ".";
    }

    // ---- calls from scripts ----

    /** Commands without the readonly flag that still leave no trace a rerun could duplicate. */
    private static final java.util.Set<String> PURE = java.util.Set.of("ping", "echo", "time", "select", "lastsave");

    /** redis.call / redis.pcall: the reply as a Lua value; a refused call is an error table. */
    Varargs call(Varargs args, boolean raise) {
        Run r = run;
        if (r == null) {
            return fail("redis.call/pcall can only be called inside a script invocation", true);
        }
        int n = args.narg();
        if (n == 0) {
            return fail("Please specify at least one argument for this redis lib call", raise);
        }
        byte[][] argv = new byte[n][];
        for (int i = 0; i < n; i++) {
            LuaValue a = args.arg(i + 1);
            if (a.type() == LuaValue.TNUMBER) {
                argv[i] = dev.redisinside.engine.protocol.DoubleFormat.g17(a.todouble()).getBytes(StandardCharsets.US_ASCII);
            } else if (a.type() == LuaValue.TSTRING) {
                argv[i] = LuaConversions.bytes(a.checkstring());
            } else {
                return fail("Lua redis lib command arguments must be strings or integers", raise);
            }
        }
        Command command = engine.commandTable().lookup(argv);
        if (command == null) {
            return reject(null, "Unknown Redis command called from script", raise);
        }
        if (!command.arityAccepts(argv.length)) {
            return reject(command, "Wrong number of args calling Redis command from script", raise);
        }
        if (command.has(Command.NOSCRIPT) && !engine.scriptDenyDisabled) {
            return reject(command, "This Redis command is not allowed from script", raise);
        }
        Client caller = r.caller;
        if (!caller.user.unrestricted()) {
            long checked = engine.acl().check(caller.user, command, argv);
            if (checked != Acl.OK) {
                engine.acl().logDenied(caller, checked, Acl.LogContext.LUA, command, argv, null);
                return reject(command, "The user executing the script " + Acl.errorMessage(Acl.reason(checked)), raise);
            }
        }
        if (r.readOnly && command.has(Command.WRITE | Command.MAY_REPLICATE)) { // may-replicate counts as a write in scripts
            return reject(command, "Write commands are not allowed from read-only scripts.", raise);
        }
        // scriptVerifyOOM: over maxmemory when the script began, it may not grow memory before its first write
        if (command.has(Command.DENYOOM) && !r.allowOom && !r.wrote && engine.preCommandOom
                && engine.config().maxmemory > 0) {
            return reject(command, OOM_IN_SCRIPT, raise);
        }
        if (command.has(Command.WRITE)) {
            r.wrote = true;
            r.effects = true;
        } else if (!command.has(Command.READONLY) && !PURE.contains(command.name())) {
            r.effects = true; // PUBLISH, SPUBLISH and the like reach other clients
        }
        ValueReply reply = new ValueReply(r.protocol);
        scriptClient.protocol(r.protocol);
        engine.dispatcher().call(scriptClient, command, argv, reply);
        if (r.caller.tracking != null && command.has(Command.READONLY)) {
            engine.tracking().scriptRead(r.caller, engine.commandTable().lookup(r.argv), r.argv);
        }
        Object value = reply.result();
        LuaValue lua = LuaConversions.toLua(value);
        if (raise && value instanceof dev.redisinside.engine.protocol.RespValues.Error) {
            throw new ScriptError(lua, false);
        }
        return lua;
    }

    /**
     * A command refused before it ran (Redis's scriptCall error path): the error counts in INFO errorstats
     * and the command's rejected_calls, once; replying it from the script leaves the counts alone.
     */
    private LuaValue reject(Command command, String message, boolean raise) {
        LuaTable t = LuaConversions.counted(errorTable(message));
        engine.countError(t.rawget(LuaConversions.ERR).tojstring());
        engine.markErrors(); // the script's own call fails only if it replies an error
        if (command != null) {
            command.stats().rejectedCalls++;
        }
        if (raise) {
            throw new ScriptError(t, false);
        }
        return t;
    }

    /** Redis's luaPushError (+ luaError when raising): an {@code {err="ERR ..."}} table. */
    static LuaValue fail(String message, boolean raise) {
        LuaTable t = errorTable(message);
        if (raise) {
            throw new ScriptError(t, false);
        }
        return t;
    }

    /** Redis's luaPushErrorBuff: "-CODE msg" keeps its code, a bare message gets ERR. */
    static LuaTable errorTable(String buffer) {
        String code;
        String msg;
        if (buffer.startsWith("-")) {
            int space = buffer.indexOf(' ');
            if (space < 0) {
                code = "ERR";
                msg = buffer.substring(1);
            } else {
                code = buffer.substring(1, space);
                msg = buffer.substring(space + 1);
            }
        } else {
            code = "ERR";
            msg = buffer;
        }
        int start = 0;
        int end = msg.length();
        while (start < end && (msg.charAt(start) == '\r' || msg.charAt(start) == '\n')) {
            start++;
        }
        while (end > start && (msg.charAt(end - 1) == '\r' || msg.charAt(end - 1) == '\n')) {
            end--;
        }
        return LuaConversions.single(LuaConversions.ERR,
                LuaValue.valueOf((code + " " + msg.substring(start, end)).getBytes(StandardCharsets.ISO_8859_1)));
    }

    // ---- time limit ----

    /** Whether a script is running (for SCRIPT KILL). */
    public boolean running() {
        return run != null;
    }

    /** SCRIPT KILL: asks the running script to stop at its next check. */
    public void kill() {
        Run r = run;
        if (r == null) {
            throw new RedisException("NOTBUSY No scripts in execution right now.");
        }
        if (r.wrote) {
            throw new RedisException("UNKILLABLE Sorry the script already executed write commands against the dataset. "
                    + "You can either wait the script termination or kill the server in a hard way using the "
                    + "SHUTDOWN NOSAVE command.");
        }
        r.killRequested = true;
    }

    /**
     * The time limit, checked by the interpreter ({@link Closure}) every {@link #CHECK_EVERY} loop turns or calls: a
     * script running past {@link #HARD_LIMIT_FACTOR} times {@code busy-reply-threshold} is stopped, so that a
     * loop in a script can never hang the application hosting the server.
     */
    final class Watchdog {
        /** Loop turns and calls left before the next look at the clock. */
        int countdown = CHECK_EVERY;
        private Run armed;
        private long hardLimitNanos;
        private volatile String killedWith;
        volatile Thread mainThread;

        /** Deadline (System.nanoTime) of an inline run that has had no effect yet; 0 when none. */
        private long inlineDeadline;

        void inlineBudget(long nanos) {
            inlineDeadline = armed.startNanos + nanos;
            if (inlineDeadline == 0) {
                inlineDeadline = 1;
            }
        }

        void arm(Run r, long thresholdMs) {
            armed = r;
            inlineDeadline = 0;
            killedWith = null;
            countdown = CHECK_EVERY;
            hardLimitNanos = thresholdMs > 0 ? thresholdMs * HARD_LIMIT_FACTOR * 1_000_000L : Long.MAX_VALUE;
        }

        void disarm() {
            armed = null;
            inlineDeadline = 0;
            killedWith = null;
        }

        /** Called by the interpreter when the countdown runs out, at instruction {@code pc} of {@code p}. */
        void check(org.luaj.vm2.Prototype p, int pc) {
            countdown = CHECK_EVERY;
            Run r = armed;
            if (r == null) {
                return;
            }
            if (killedWith != null) {
                throw stop(killedWith, p, pc);
            }
            if (r.killRequested) {
                killedWith = "ERR Script killed by user with SCRIPT KILL...";
                countdown = 1;
                throw stop(killedWith, p, pc);
            }
            if (inlineDeadline != 0 && System.nanoTime() - inlineDeadline > 0 && Thread.currentThread() == mainThread) {
                inlineDeadline = 0;
                if (!r.effects) {
                    throw new ScriptRestart();
                }
            }
            if (System.nanoTime() - r.startNanos > hardLimitNanos && (r.wrote || r.engineWaits)) {
                killedWith = "ERR Script exceeded " + HARD_LIMIT_FACTOR + " times busy-reply-threshold and was stopped";
                countdown = 1;
                throw stop(killedWith, p, pc);
            }
        }

        /**
         * The main script thread gets an uncatchable error; a coroutine (LuaJ runs each on its own thread) gets
         * a Lua error that ends it, and the main thread stops at its next check.
         */
        private RuntimeException stop(String message, org.luaj.vm2.Prototype p, int pc) {
            if (Thread.currentThread() != mainThread) {
                countdown = 1;
                return new LuaError(message);
            }
            stoppedLine = p.lineinfo != null && pc < p.lineinfo.length ? p.lineinfo[pc] : 1;
            throw new ScriptKilled(message);
        }

        /** The line where the script was stopped (the stack unwinds before the reply is built). */
        volatile int stoppedLine = 1;
    }
}
