package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.RedisErrors;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.server.Client;
import dev.redisinside.engine.server.RedisEngine;

/** Connection management: PING, ECHO, HELLO, AUTH, SELECT, QUIT, RESET. */
public final class ConnectionCommands implements CommandGroup {

    @Override
    public void register(CommandRegistry r) {
        r.register("ping", this::ping);
        r.register("echo", this::echo);
        r.register("hello", this::hello);
        r.register("auth", this::auth);
        r.register("select", this::select);
        r.register("quit", this::quit);
        r.register("reset", this::reset);
    }

    void ping(Context ctx, Args args, Reply out) {
        if (args.size() > 2) {
            throw new RedisException(RedisErrors.wrongArity("ping"));
        }
        if (ctx.client().subscriptions > 0 && out.protocol() == 2) {
            out.array(2);
            out.bulk("pong");
            out.bulk(args.size() == 2 ? args.get(1) : new byte[0]);
            return;
        }
        if (args.size() == 2) {
            out.bulk(args.get(1));
        } else {
            out.simple("PONG");
        }
    }

    void echo(Context ctx, Args args, Reply out) {
        out.bulk(args.get(1));
    }

    void hello(Context ctx, Args args, Reply out) {
        Client client = ctx.client();
        long version = 0;
        int next = 1;
        if (args.size() >= 2) {
            Long parsed = dev.redisinside.engine.command.Numbers.parse(args.get(next++));
            if (parsed == null) {
                throw new RedisException("ERR Protocol version is not an integer or out of range");
            }
            version = parsed;
            if (version < 2 || version > 3) {
                throw new RedisException("NOPROTO unsupported protocol version");
            }
        }
        String newName = null;
        for (int j = next; j < args.size(); j++) {
            int more = args.size() - 1 - j;
            if (args.is(j, "AUTH") && more >= 2) {
                authenticate(ctx, args.get(j + 1), args.get(j + 2));
                j += 2;
            } else if (args.is(j, "SETNAME") && more >= 1) {
                newName = validName(args.string(j + 1));
                j++;
            } else {
                throw new RedisException("ERR Syntax error in HELLO option '" + args.string(j) + "'");
            }
        }
        if (!client.authenticated) {
            throw new RedisException("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                    + "HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP "
                    + "protocol version at the same time");
        }
        if (newName != null) {
            client.name = newName;
        }
        if (version != 0) {
            client.protocol((int) version);
        }
        out.map(7);
        out.bulk("server");
        out.bulk("redis");
        out.bulk("version");
        out.bulk(RedisEngine.VERSION);
        out.bulk("proto");
        out.integer(client.protocol());
        out.bulk("id");
        out.integer(client.id());
        out.bulk("mode");
        out.bulk("standalone");
        out.bulk("role");
        out.bulk("master");
        out.bulk("modules");
        out.emptyArray();
    }

    /** Validates a client name as CLIENT SETNAME does. */
    static String validName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '!' || c > '~') {
                throw new RedisException("ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
        return name;
    }

    void auth(Context ctx, Args args, Reply out) {
        if (args.size() > 3) {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        if (args.size() == 2 && ctx.engine().config().requirePass.isEmpty()) {
            throw new RedisException("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
        }
        byte[] user = args.size() == 3 ? args.get(1) : "default".getBytes();
        authenticate(ctx, user, args.get(args.size() - 1));
        out.ok();
    }

    private static void authenticate(Context ctx, byte[] user, byte[] password) {
        String pass = ctx.engine().config().requirePass;
        boolean ok = Args.equalsIgnoreCase(user, "default") && new String(user).equals("default")
                && (pass.isEmpty() || java.security.MessageDigest.isEqual(pass.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), password));
        if (!ok) {
            throw new RedisException(RedisErrors.WRONGPASS);
        }
        ctx.client().authenticated = true;
        ctx.client().user = "default";
    }

    void select(Context ctx, Args args, Reply out) {
        Long index = dev.redisinside.engine.command.Numbers.parse(args.get(1));
        if (index == null) {
            throw new RedisException(RedisErrors.NOT_INTEGER);
        }
        if (index < 0 || index >= ctx.engine().databaseCount()) {
            throw new RedisException(RedisErrors.DB_INDEX_OUT_OF_RANGE);
        }
        ctx.client().db = index.intValue();
        out.ok();
    }

    void quit(Context ctx, Args args, Reply out) {
        out.ok();
        ctx.client().closeAfterReply = true;
    }

    void reset(Context ctx, Args args, Reply out) {
        Client client = ctx.client();
        client.discardMulti();
        ctx.engine().dispatcher().watches().unwatchAll(client);
        ctx.engine().pubSub().clientClosed(client);
        ctx.engine().tracking().disable(client);
        client.db = 0;
        client.protocol(2);
        client.name = "";
        client.replyMode = Client.ReplyMode.ON;
        client.noEvict = false;
        client.noTouch = false;
        client.authenticated = ctx.engine().config().requirePass.isEmpty();
        client.user = "default";
        out.simple("RESET");
    }
}
