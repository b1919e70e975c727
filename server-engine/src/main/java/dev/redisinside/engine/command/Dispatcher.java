package dev.redisinside.engine.command;

import dev.redisinside.engine.acl.Acl;
import dev.redisinside.engine.protocol.RespWriter;
import dev.redisinside.engine.server.Client;
import dev.redisinside.engine.server.RedisEngine;
import dev.redisinside.engine.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Redis's processCommand: the central pre-checks in Redis's order (exists, arity, auth, MULTI
 * restrictions, maxmemory, RESP2 subscriber gate, MULTI queueing), then the call. Only these early rejections
 * make a later EXEC abort; errors raised by a running command are just its reply.
 */
public final class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final RedisEngine engine;
    private final CommandTable table;
    private final Watches watches = new Watches();
    private int execDepth;
    private Client current;

    public Dispatcher(RedisEngine engine) {
        this.engine = engine;
        this.table = engine.commandTable();
    }

    public Watches watches() {
        return watches;
    }

    /** Whether an EXEC is running its queued commands (they may not block, like Redis's DENY_BLOCKING). */
    public boolean inExec() {
        return execDepth > 0;
    }

    /** Runs one request from the client; the reply goes to the client's pending output. */
    public void execute(Client client, byte[][] argv) {
        Client previous = current;
        current = client;
        Command command = null;
        try {
            command = table.lookup(argv);
            run(client, command, argv);
        } finally {
            current = previous;
            engine.tracking().afterCommand(client, command);
        }
    }

    /** Runs {@code serve} with the receiver of a served blocking command as the current client (Redis's blocked.c). */
    public boolean servingAs(Client receiver, java.util.function.BooleanSupplier serve) {
        Client previous = current;
        current = receiver;
        try {
            return serve.getAsBoolean();
        } finally {
            current = previous;
        }
    }

    /** The client whose command is running, or null (active expiry, the in-process API). */
    public Client currentClient() {
        return current;
    }

    private void run(Client client, Command command, byte[][] argv) {
        RespWriter out = client.out();
        int mark = out.target().writerIndex();
        client.lastInteraction = engine.clock().millis();
        client.lastCommand = command == null ? "NULL" : command.fullName();
        String rejection = precheck(client, command, argv);
        if (rejection != null) {
            if (command != null) {
                command.stats.rejectedCalls++;
            }
            if (client.inMulti()) {
                client.multiError = true;
            }
            if (command != null && command.fullName().equals("exec")) {
                client.discardMulti();
                watches.unwatchAll(client);
                // Redis's own rejections carry no code there: "because of: wrong number of arguments..."
                String reason = rejection.startsWith("ERR ") ? rejection.substring(4) : rejection;
                replyError(out, "EXECABORT Transaction discarded because of: " + reason);
            } else {
                replyError(out, rejection);
            }
            engine.markErrors();
            applyReplyMode(client, out, mark);
            return;
        }
        // Keeps client-side caching's memory bounded (tracking-table-max-keys) before each command, as Redis does.
        engine.tracking().limitUsedSlots(client);
        if (engine.pausing() && engine.mustPostpone(client, mayReplicate(client, command, argv))) {
            engine.postpone(client, argv);
            return;
        }
        if (client.inMulti() && !isTransactionControl(command)) {
            client.multiQueue.add(argv);
            out.simple("QUEUED");
            applyReplyMode(client, out, mark);
            return;
        }
        engine.freezeTime();
        try {
            call(client, command, argv, out);
        } finally {
            engine.unfreezeTime();
        }
        applyReplyMode(client, out, mark);
        engine.blocking().handleReadyKeys();
    }

    /**
     * Runs a command whose pre-checks passed (also used by EXEC and scripts), then does Redis's call()
     * bookkeeping: command statistics, slow log, latency monitor and MONITOR feed, each a field check
     * when unused.
     */
    public void call(Client client, Command command, byte[][] argv, dev.redisinside.engine.protocol.Reply out) {
        engine.markErrors();
        long start = System.nanoTime();
        if (engine.config().maxKeys > 0 && command.has(Command.DENYOOM)) {
            engine.evictor().makeRoomForKey(engine.database(client.db), command, argv);
        }
        try {
            command.handler().handle(client.context(), new Args(argv), out);
        } catch (RedisException e) {
            replyError(out, e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            log.error("Unexpected failure in command '{}'", command.fullName(), e);
            replyError(out, "ERR internal error while running '" + command.fullName() + "'");
        }
        long nanos = System.nanoTime() - start;
        long micros = nanos / 1000;
        if (engine.callFailed()) {
            command.stats.failedCalls++;
        }
        if (client.tracking != null) {
            engine.tracking().commandRead(client, command, argv);
        }
        command.stats.calls++;
        command.stats.microseconds += micros;
        engine.stats.totalCommands++;
        if (engine.config().latencyTracking && !client.blocked) {
            command.stats.recordLatency(nanos);
        }
        if (client.blocked && command.has(Command.BLOCKING)) {
            // its slow log entry and latency sample wait until it is served (Redis's updateStatsOnUnblock)
            client.blockedCommand = command;
            client.blockedArgv = argv;
            client.blockedCallMicros = micros;
        } else {
            slowLog(client, command, argv, micros);
        }
        long latencyThreshold = engine.config().latencyMonitorThreshold;
        if (latencyThreshold > 0 && micros / 1000 >= latencyThreshold) {
            engine.latency().add(command.has(Command.FAST) ? "fast-command" : "command", micros / 1000,
                    engine.clock().millis() / 1000);
        }
        if (engine.hasMonitors() && !command.has(Command.SKIP_MONITOR | Command.ADMIN)) {
            engine.feedMonitors(client, redacted(command, argv));
        }
    }

    private void slowLog(Client client, Command command, byte[][] argv, long micros) {
        long slowerThan = engine.config().slowlogLogSlowerThan;
        if (slowerThan >= 0 && micros >= slowerThan && !command.has(Command.SKIP_SLOWLOG)) {
            engine.slowLog().add(client, redacted(command, argv), micros, engine.clock().millis() / 1000,
                    engine.config().slowlogMaxLen);
        }
    }

    /**
     * A blocked command was served: its time (the first call's plus the reply's) goes to its statistics,
     * latency histogram and the slow log under the command's own name, as Redis's updateStatsOnUnblock;
     * an error reply while served makes it a failed call.
     */
    public void servedAfterBlocking(Client client, long replyMicros, boolean failed) {
        Command command = client.blockedCommand;
        if (command == null) {
            return;
        }
        if (failed) {
            command.stats.failedCalls++;
        }
        long micros = client.blockedCallMicros + replyMicros;
        command.stats.microseconds += micros;
        if (engine.config().latencyTracking) {
            command.stats.recordLatency(micros * 1000);
        }
        slowLog(client, command, client.blockedArgv, micros);
    }

    private static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

    /** Redis's redactClientCommandArgument: passwords never reach MONITOR or the slow log. */
    static byte[][] redacted(Command command, byte[][] argv) {
        byte[][] copy = null;
        switch (command.fullName()) {
            case "auth" -> {
                copy = argv.clone();
                for (int i = 1; i < copy.length; i++) {
                    copy[i] = REDACTED;
                }
            }
            case "hello" -> {
                for (int i = 2; i + 2 < argv.length; i++) {
                    if (Args.equalsIgnoreCase(argv[i], "auth")) {
                        copy = copy == null ? argv.clone() : copy;
                        copy[i + 1] = REDACTED;
                        copy[i + 2] = REDACTED;
                        i += 2;
                    }
                }
            }
            case "migrate" -> {
                for (int i = 6; i < argv.length && !Args.equalsIgnoreCase(argv[i], "keys"); i++) {
                    int secrets = Args.equalsIgnoreCase(argv[i], "auth") ? 1 : Args.equalsIgnoreCase(argv[i], "auth2") ? 2 : 0;
                    for (int s = 0; s < secrets && i + 1 < argv.length; s++) {
                        copy = copy == null ? argv.clone() : copy;
                        copy[++i] = REDACTED;
                    }
                }
            }
            case "acl|setuser" -> {
                copy = argv.clone();
                for (int i = 2; i < copy.length; i++) {
                    copy[i] = REDACTED;
                }
            }
            case "config|set" -> {
                for (int i = 2; i + 1 < argv.length; i += 2) {
                    if (Args.equalsIgnoreCase(argv[i], "requirepass") || Args.equalsIgnoreCase(argv[i], "masterauth")) {
                        copy = copy == null ? argv.clone() : copy;
                        copy[i + 1] = REDACTED;
                    }
                }
            }
            default -> {
            }
        }
        return copy == null ? argv : copy;
    }

    /** Writes an error reply and counts it for INFO stats and errorstats. */
    private void replyError(dev.redisinside.engine.protocol.Reply out, String text) {
        engine.countError(text);
        out.error(text);
    }

    /** The rejection text, or null when the command may run (or be queued). */
    private String precheck(Client client, Command command, byte[][] argv) {
        if (command == null) {
            return unknownCommand(argv);
        }
        if (!command.arityAccepts(argv.length)) {
            return RedisErrors.wrongArity(command.fullName());
        }
        if (command.has(Command.ADMIN) && command.name().equals("debug") && !debugAllowed(client)) {
            return "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run "
                    + "it from a local connection, otherwise you need to set this option in the configuration file, "
                    + "and then restart the server.";
        }
        if (!client.authenticated && !command.has(Command.NO_AUTH) && !engine.acl().defaultAuthenticated()) {
            return RedisErrors.NOAUTH;
        }
        if (client.inMulti() && command.has(Command.NO_MULTI)) {
            return RedisErrors.NOT_IN_MULTI;
        }
        // the common case (a user allowed everything, like the default user) costs this one field test
        if (!client.user.unrestricted()) {
            long checked = engine.acl().check(client.user, command, argv);
            if (checked != Acl.OK) {
                engine.acl().logDenied(client, checked, client.inMulti() ? Acl.LogContext.MULTI : Acl.LogContext.TOPLEVEL,
                        command, argv, argv);
                return Acl.rejection(Acl.reason(checked), command);
            }
        }
        if (engine.config().maxmemory > 0 && !engine.scriptBusy && outOfMemory(client, command, argv)) {
            return RedisErrors.OOM;
        }
        if (client.subscriptions > 0 && client.protocol() == 2 && !allowedWhileSubscribed(command)) {
            return "ERR Can't execute '" + command.fullName() + "': only (P|S)SUBSCRIBE / "
                    + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";
        }
        if (engine.scriptBusy && !command.has(Command.ALLOW_BUSY)) {
            return engine.scriptBusyFunction ? RedisErrors.BUSY_FUNCTION : RedisErrors.BUSY_SCRIPT;
        }
        return null;
    }

    /**
     * processCommand's maxmemory step: evicts per policy, then tells whether the command must be refused
     * because memory is still over the limit: it may grow memory (denyoom, by the flags a script or the
     * commands queued for EXEC declare), or it would be queued in MULTI. The outcome is kept for scripts.
     */
    private boolean outOfMemory(Client client, Command command, byte[][] argv) {
        boolean oom = !engine.evictor().performEvictions();
        engine.preCommandOom = oom;
        if (!oom) {
            return false;
        }
        if (client.inMulti()) {
            return switch (command.fullName()) {
                case "exec" -> queuesDenyoom(client);
                case "discard", "quit", "reset" -> false;
                default -> true;
            };
        }
        return denyoom(command, argv);
    }

    /** Redis's getCommandFlags as far as denyoom goes: scripts and functions by their declared flags. */
    private boolean denyoom(Command command, byte[][] argv) {
        switch (command.name()) {
            case "eval", "eval_ro", "evalsha", "evalsha_ro" -> {
                dev.redisinside.engine.script.ScriptEngine.ScriptFlags flags = engine.scripts()
                        .declaredFlags(argv, command.name().startsWith("evalsha"));
                if (flags != null) {
                    return !flags.noWrites() && !flags.allowOom();
                }
            }
            case "fcall", "fcall_ro" -> {
                dev.redisinside.engine.script.Functions.Function f = engine.scripts().functions()
                        .function(new String(argv[1], StandardCharsets.ISO_8859_1));
                if (f != null) {
                    return !f.allowOom();
                }
            }
            default -> {
            }
        }
        return command.has(Command.DENYOOM);
    }

    private boolean queuesDenyoom(Client client) {
        for (byte[][] queued : client.multiQueue) {
            Command c = table.lookup(queued);
            if (c != null && denyoom(c, queued)) {
                return true;
            }
        }
        return false;
    }

    /** Redis's protected-action rule for {@code enable-debug-command}: yes, no, or local connections only. */
    private boolean debugAllowed(Client client) {
        String setting = engine.config().enableDebugCommand;
        if (setting.equals("yes")) {
            return true;
        }
        if (setting.equals("local")) {
            String address = client.address();
            return client.channel() == null || address.startsWith("127.") || address.startsWith("[::1]");
        }
        return false;
    }

    private String unknownCommand(byte[][] argv) {
        Command base = table.lookupName(argv[0]);
        if (base != null && base.isContainer()) {
            return RedisErrors.unknownSubcommand(latin1(argv[1]), base.name());
        }
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.length && args.length() < 128; i++) {
            String arg = latin1(argv[i]);
            int room = 128 - args.length();
            args.append('\'').append(arg, 0, Math.min(arg.length(), room)).append("' ");
        }
        return "ERR unknown command '" + RedisErrors.truncate(latin1(argv[0])) + "', with args beginning with: " + args;
    }

    private static boolean allowedWhileSubscribed(Command command) {
        return switch (command.fullName()) {
            case "ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe",
                    "quit", "reset" -> true;
            default -> false;
        };
    }

    private static boolean isExec(Command command) {
        return command.fullName().equals("exec");
    }

    /**
     * Redis's is_may_replicate_command: writes and may-replicate commands; an EXEC by what it queued; FCALL by
     * its function's flags (a no-writes function replicates nothing).
     */
    private boolean mayReplicate(Client client, Command command, byte[][] argv) {
        if (isExec(command)) {
            return queuesWrites(client);
        }
        if (command.name().equals("fcall") || command.name().equals("fcall_ro")) {
            dev.redisinside.engine.script.Functions.Function f = engine.scripts().functions()
                    .function(new String(argv[1], java.nio.charset.StandardCharsets.ISO_8859_1));
            if (f != null) {
                return !f.noWrites();
            }
        }
        if (command.name().startsWith("eval")) {
            // a script with a shebang is known to write or not (scriptFlagsToCmdFlags drops may-replicate)
            dev.redisinside.engine.script.ScriptEngine.ScriptFlags flags =
                    engine.scripts().declaredFlags(argv, command.name().startsWith("evalsha"));
            if (flags != null) {
                return !flags.noWrites();
            }
        }
        return command.has(Command.WRITE) || command.has(Command.MAY_REPLICATE);
    }

    private boolean queuesWrites(Client client) {
        if (client.inMulti()) {
            for (byte[][] queued : client.multiQueue) {
                Command c = table.lookup(queued);
                if (c != null && (c.has(Command.WRITE) || c.has(Command.MAY_REPLICATE))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isTransactionControl(Command command) {
        return switch (command.fullName()) {
            case "exec", "discard", "multi", "watch", "quit", "reset" -> true;
            default -> false;
        };
    }

    private static void applyReplyMode(Client client, RespWriter out, int mark) {
        switch (client.replyMode) {
            case ON -> { }
            case OFF -> client.dropReply(mark);
            case SKIP -> {
                client.dropReply(mark);
                client.replyMode = Client.ReplyMode.SKIP_DONE;
            }
            case SKIP_DONE -> {
                client.dropReply(mark);
                client.replyMode = Client.ReplyMode.ON;
            }
        }
    }

    /**
     * EXEC: runs the queued commands as one atomic block. The client stays in MULTI while they run (as in
     * Redis, where blocking commands then do not block and SUBSCRIBE is still allowed).
     */
    public void exec(Client client, RespWriter out) {
        if (!client.inMulti()) {
            throw new RedisException("ERR EXEC without MULTI");
        }
        boolean aborted = client.multiError;
        // Redis 7: a watched key that expired since WATCH counts as modified
        boolean dirty = watches.isDirty(client) || watches.watchedKeyExpired(client, engine);
        watches.unwatchAll(client);
        if (aborted || dirty) {
            client.discardMulti();
            if (aborted) {
                throw new RedisException(RedisErrors.EXECABORT);
            }
            out.nullArray();
            return;
        }
        List<byte[][]> queue = client.multiQueue;
        execDepth++;
        try {
            out.array(queue.size());
            for (byte[][] argv : queue) {
                Command command = table.lookup(argv);
                if (!client.user.unrestricted()) {
                    // the rules may have changed since the command was queued
                    long checked = engine.acl().check(client.user, command, argv);
                    if (checked != Acl.OK) {
                        engine.acl().logDenied(client, checked, Acl.LogContext.MULTI, command, argv, argv);
                        replyError(out, Acl.execRejection(Acl.reason(checked)));
                        continue;
                    }
                }
                call(client, command, argv, out);
            }
        } finally {
            execDepth--;
            client.discardMulti();
        }
    }

    public void keyModified(Database db, byte[] key) {
        watches.touch(db, key);
    }

    /** FLUSHDB/FLUSHALL ({@code replacedWith} null) or SWAPDB, before the change. */
    public void databaseReplacing(Database db, Database replacedWith) {
        watches.touchDatabase(db, replacedWith);
    }

    public void clientClosed(Client client) {
        watches.unwatchAll(client);
    }

    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
