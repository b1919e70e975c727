package dev.redisinside.engine.command;

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
 * restrictions, RESP2 subscriber gate, MULTI queueing), then the call. Only these early rejections
 * make a later EXEC abort; errors raised by a running command are just its reply.
 */
public final class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final RedisEngine engine;
    private final CommandTable table;
    private final Watches watches = new Watches();
    private Client current;

    public Dispatcher(RedisEngine engine) {
        this.engine = engine;
        this.table = engine.commandTable();
    }

    public Watches watches() {
        return watches;
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

    /** The client whose command is running, or null (active expiry, the in-process API). */
    public Client currentClient() {
        return current;
    }

    private void run(Client client, Command command, byte[][] argv) {
        RespWriter out = client.out();
        int mark = out.target().writerIndex();
        client.lastInteraction = engine.clock().millis();
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
                out.error("EXECABORT Transaction discarded because of: " + reason);
            } else {
                out.error(rejection);
            }
            engine.stats.totalErrorReplies++;
            applyReplyMode(client, out, mark);
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

    /** Runs a command whose pre-checks passed (also used by EXEC and scripts). */
    public void call(Client client, Command command, byte[][] argv, RespWriter out) {
        long start = System.nanoTime();
        client.lastCommand = command.fullName();
        try {
            command.handler().handle(client.context(), new Args(argv), out);
        } catch (RedisException e) {
            command.stats.failedCalls++;
            engine.stats.totalErrorReplies++;
            out.error(e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            command.stats.failedCalls++;
            engine.stats.totalErrorReplies++;
            log.error("Unexpected failure in command '{}'", command.fullName(), e);
            out.error("ERR internal error while running '" + command.fullName() + "'");
        }
        if (client.tracking != null) {
            engine.tracking().commandRead(client, command, argv);
        }
        command.stats.calls++;
        command.stats.microseconds += (System.nanoTime() - start) / 1000;
        engine.stats.totalCommands++;
    }

    /** The rejection text, or null when the command may run (or be queued). */
    private String precheck(Client client, Command command, byte[][] argv) {
        if (command == null) {
            return unknownCommand(argv);
        }
        if (!command.arityAccepts(argv.length)) {
            return RedisErrors.wrongArity(command.fullName());
        }
        if (!client.authenticated && !command.has(Command.NO_AUTH)) {
            return RedisErrors.NOAUTH;
        }
        if (client.inMulti() && command.has(Command.NO_MULTI)) {
            return RedisErrors.NOT_IN_MULTI;
        }
        if (client.subscriptions > 0 && client.protocol() == 2 && !allowedWhileSubscribed(command)) {
            return "ERR Can't execute '" + command.fullName() + "': only (P|S)SUBSCRIBE / "
                    + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";
        }
        return null;
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

    private static boolean isTransactionControl(Command command) {
        return switch (command.fullName()) {
            case "exec", "discard", "multi", "watch", "quit", "reset" -> true;
            default -> false;
        };
    }

    private static void applyReplyMode(Client client, RespWriter out, int mark) {
        switch (client.replyMode) {
            case ON -> { }
            case OFF -> out.target().writerIndex(mark);
            case SKIP -> {
                out.target().writerIndex(mark);
                client.replyMode = Client.ReplyMode.SKIP_DONE;
            }
            case SKIP_DONE -> client.replyMode = Client.ReplyMode.ON;
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
        // Redis 7: a watched key that expired since WATCH counts as modified; removing it marks it so.
        watches.expireWatched(client, engine);
        boolean aborted = client.multiError;
        boolean dirty = watches.isDirty(client);
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
        try {
            out.array(queue.size());
            for (byte[][] argv : queue) {
                call(client, table.lookup(argv), argv, out);
            }
        } finally {
            client.discardMulti();
        }
    }

    public void keyModified(Database db, byte[] key) {
        watches.touch(db.id(), key);
    }

    public void databaseReplaced(Database db) {
        watches.touchDatabase(db);
    }

    public void clientClosed(Client client) {
        watches.unwatchAll(client);
    }

    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
