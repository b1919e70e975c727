package dev.redisinside.engine.commands;

import dev.redisinside.engine.acl.Acl;
import dev.redisinside.engine.acl.AclUser;
import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.HelpText;
import dev.redisinside.engine.command.Numbers;
import dev.redisinside.engine.command.RedisErrors;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.server.Client;
import dev.redisinside.engine.server.ClientInfo;
import dev.redisinside.engine.server.RedisEngine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Connection management: PING, ECHO, HELLO, AUTH, SELECT, QUIT, RESET and CLIENT. */
public final class ConnectionCommands implements CommandGroup {

    private static final String INVALID_NAME = "ERR Client names cannot contain spaces, newlines or special characters.";

    private static final String[] CLIENT_HELP = {
        "CACHING (YES|NO)",
        "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
        "GETREDIR",
        "    Return the client ID we are redirecting to when tracking is enabled.",
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "UNPAUSE",
        "    Stop the current client pause, resuming traffic.",
        "PAUSE <timeout> [WRITE|ALL]",
        "    Suspend all, or just write, clients for <timeout> milliseconds.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "UNBLOCK <clientid> [TIMEOUT|ERROR]",
        "    Unblock the specified blocked client.",
        "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
        "         [OPTIN] [OPTOUT] [NOLOOP]",
        "    Control server assisted client side caching.",
        "TRACKINGINFO",
        "    Report tracking status for the current connection.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.",
    };

    /** Client types as CLIENT LIST TYPE and CLIENT KILL TYPE name them. */
    private enum ClientType { NORMAL, SLAVE, PUBSUB, MASTER }

    @Override
    public void register(CommandRegistry r) {
        r.register("ping", this::ping);
        r.register("echo", this::echo);
        r.register("hello", this::hello);
        r.register("auth", this::auth);
        r.register("select", this::select);
        r.register("quit", this::quit);
        r.register("reset", this::reset);
        r.register("client|help", this::clientHelp);
        r.register("client|id", this::clientId);
        r.register("client|setname", this::clientSetname);
        r.register("client|getname", this::clientGetname);
        r.register("client|setinfo", this::clientSetinfo);
        r.register("client|info", this::clientInfo);
        r.register("client|list", this::clientList);
        r.register("client|kill", this::clientKill);
        r.register("client|reply", this::clientReply);
        r.register("client|no-evict", this::clientNoEvict);
        r.register("client|no-touch", this::clientNoTouch);
        r.register("client|pause", this::clientPause);
        r.register("client|unpause", this::clientUnpause);
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
            Long parsed = Numbers.parse(args.get(next++));
            if (parsed == null) {
                throw new RedisException("ERR Protocol version is not an integer or out of range");
            }
            version = parsed;
            if (version < 2 || version > 3) {
                throw new RedisException("NOPROTO unsupported protocol version");
            }
        }
        for (int j = next; j < args.size(); j++) {
            int more = args.size() - 1 - j;
            if (args.is(j, "AUTH") && more >= 2) {
                authenticate(ctx, args, args.get(j + 1), args.get(j + 2));
                j += 2;
            } else if (args.is(j, "SETNAME") && more >= 1) {
                client.name = validName(args.string(j + 1));
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
                throw new RedisException(INVALID_NAME);
            }
        }
        return name;
    }

    void auth(Context ctx, Args args, Reply out) {
        if (args.size() > 3) {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        if (args.size() == 2 && ctx.engine().acl().defaultNopass()) {
            throw new RedisException("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
        }
        byte[] user = args.size() == 3 ? args.get(1) : DEFAULT_USER;
        authenticate(ctx, args, user, args.get(args.size() - 1));
        out.ok();
    }

    private static final byte[] DEFAULT_USER = "default".getBytes(StandardCharsets.US_ASCII);

    /** Redis's ACLAuthenticateUser: switches the connection to the user, or logs the failure. */
    private static void authenticate(Context ctx, Args args, byte[] user, byte[] password) {
        Acl acl = ctx.engine().acl();
        AclUser authenticated = acl.authenticate(user, password);
        if (authenticated == null) {
            acl.logFailedAuth(ctx.client(), args.all(), user);
            throw new RedisException(RedisErrors.WRONGPASS);
        }
        ctx.client().authenticated = true;
        ctx.client().user = authenticated;
    }

    void select(Context ctx, Args args, Reply out) {
        Long index = Numbers.parse(args.get(1));
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
        ctx.engine().removeMonitor(client);
        ctx.engine().pubSub().clientClosed(client);
        ctx.engine().tracking().disable(client);
        client.db = 0;
        client.protocol(2);
        client.name = "";
        client.replyMode = Client.ReplyMode.ON;
        client.noEvict = false;
        client.noTouch = false;
        client.user = ctx.engine().acl().defaultUser();
        client.authenticated = ctx.engine().acl().defaultAuthenticated();
        out.simple("RESET");
    }

    // ---- CLIENT ----

    void clientHelp(Context ctx, Args args, Reply out) {
        HelpText.reply(args, out, CLIENT_HELP);
    }

    void clientId(Context ctx, Args args, Reply out) {
        out.integer(ctx.client().id());
    }

    void clientSetname(Context ctx, Args args, Reply out) {
        ctx.client().name = validName(args.string(2));
        out.ok();
    }

    void clientGetname(Context ctx, Args args, Reply out) {
        String name = ctx.client().name;
        if (name.isEmpty()) {
            out.nullBulk();
        } else {
            out.bulk(name.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** CLIENT SETINFO LIB-NAME|LIB-VER value (Redis 7.2), which client libraries send on connect. */
    void clientSetinfo(Context ctx, Args args, Reply out) {
        String attribute = args.string(2);
        boolean libName = args.is(2, "lib-name");
        if (!libName && !args.is(2, "lib-ver")) {
            throw new RedisException("ERR Unrecognized option '" + attribute + "'");
        }
        String value = args.string(3);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '!' || c > '~') {
                throw new RedisException("ERR " + attribute + " cannot contain spaces, newlines or special characters.");
            }
        }
        if (libName) {
            ctx.client().libName = value;
        } else {
            ctx.client().libVersion = value;
        }
        out.ok();
    }

    void clientInfo(Context ctx, Args args, Reply out) {
        StringBuilder text = new StringBuilder();
        text.append(ClientInfo.line(ctx.engine(), ctx.client(), args.all()));
        text.append('\n');
        out.verbatim("txt", text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    void clientList(Context ctx, Args args, Reply out) {
        RedisEngine engine = ctx.engine();
        StringBuilder text = new StringBuilder();
        if (args.size() == 4 && args.is(2, "type")) {
            ClientType type = clientType(args.string(3));
            for (Client client : liveClients(engine)) {
                if (typeOf(client) == type) {
                    text.append(ClientInfo.line(ctx.engine(), client, client == ctx.client() ? args.all() : null));
                    text.append('\n');
                }
            }
        } else if (args.size() > 3 && args.is(2, "id")) {
            List<Long> ids = new ArrayList<>();
            for (int i = 3; i < args.size(); i++) {
                Long id = Numbers.parse(args.get(i));
                if (id == null) {
                    throw new RedisException("ERR Invalid client ID");
                }
                ids.add(id);
            }
            for (long id : ids) {
                Client client = engine.client(id);
                if (client != null && client.isOpen()) {
                    text.append(ClientInfo.line(ctx.engine(), client, client == ctx.client() ? args.all() : null));
                    text.append('\n');
                }
            }
        } else if (args.size() != 2) {
            throw new RedisException(RedisErrors.SYNTAX);
        } else {
            for (Client client : liveClients(engine)) {
                text.append(ClientInfo.line(ctx.engine(), client, client == ctx.client() ? args.all() : null));
                text.append('\n');
            }
        }
        out.verbatim("txt", text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static List<Client> liveClients(RedisEngine engine) {
        List<Client> live = new ArrayList<>();
        for (Client client : engine.clients()) {
            if (client.isOpen()) {
                live.add(client);
            }
        }
        return live;
    }

    private static ClientType typeOf(Client client) {
        return client.subscriptions > 0 ? ClientType.PUBSUB : ClientType.NORMAL;
    }

    private static ClientType clientType(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "normal" -> ClientType.NORMAL;
            case "slave", "replica" -> ClientType.SLAVE;
            case "pubsub" -> ClientType.PUBSUB;
            case "master" -> ClientType.MASTER;
            default -> throw new RedisException("ERR Unknown client type '" + name + "'");
        };
    }

    void clientKill(Context ctx, Args args, Reply out) {
        String addr = null;
        String laddr = null;
        AclUser user = null;
        ClientType type = null;
        long id = 0;
        boolean skipMe = true;
        if (args.size() == 3) {
            addr = args.string(2);
            skipMe = false;
        } else {
            for (int i = 2; i < args.size(); i += 2) {
                boolean more = i + 1 < args.size();
                if (args.is(i, "id") && more) {
                    Long parsed = Numbers.parse(args.get(i + 1));
                    if (parsed == null || parsed < 1) {
                        throw new RedisException("ERR client-id should be greater than 0");
                    }
                    id = parsed;
                } else if (args.is(i, "type") && more) {
                    type = clientType(args.string(i + 1));
                } else if (args.is(i, "addr") && more) {
                    addr = args.string(i + 1);
                } else if (args.is(i, "laddr") && more) {
                    laddr = args.string(i + 1);
                } else if (args.is(i, "user") && more) {
                    user = ctx.engine().acl().user(args.string(i + 1));
                    if (user == null) {
                        throw new RedisException("ERR No such user '" + args.string(i + 1) + "'");
                    }
                } else if (args.is(i, "skipme") && more) {
                    if (args.is(i + 1, "yes")) {
                        skipMe = true;
                    } else if (args.is(i + 1, "no")) {
                        skipMe = false;
                    } else {
                        throw new RedisException(RedisErrors.SYNTAX);
                    }
                } else {
                    throw new RedisException(RedisErrors.SYNTAX);
                }
            }
        }
        Client self = ctx.client();
        List<Client> victims = new ArrayList<>();
        for (Client client : liveClients(ctx.engine())) {
            if ((addr != null && !addr.equals(client.address()))
                    || (laddr != null && !laddr.equals(client.localAddress()))
                    || (type != null && typeOf(client) != type)
                    || (id != 0 && client.id() != id)
                    || (user != null && user != client.user)
                    || (client == self && skipMe)) {
                continue;
            }
            victims.add(client);
        }
        if (args.size() == 3) {
            if (victims.isEmpty()) {
                throw new RedisException("ERR No such client");
            }
            out.ok();
        } else {
            out.integer(victims.size());
        }
        for (Client victim : victims) {
            if (victim == self) {
                self.closeAfterReply = true;
            } else {
                victim.close();
            }
        }
    }

    void clientReply(Context ctx, Args args, Reply out) {
        Client client = ctx.client();
        if (args.is(2, "on")) {
            client.replyMode = Client.ReplyMode.ON;
            out.ok();
        } else if (args.is(2, "off")) {
            client.replyMode = Client.ReplyMode.OFF;
        } else if (args.is(2, "skip")) {
            if (client.replyMode != Client.ReplyMode.OFF) {
                client.replyMode = Client.ReplyMode.SKIP;
            }
        } else {
            throw new RedisException(RedisErrors.SYNTAX);
        }
    }

    void clientNoEvict(Context ctx, Args args, Reply out) {
        ctx.client().noEvict = onOff(args);
        out.ok();
    }

    /** CLIENT NO-TOUCH ON|OFF (Redis 7.2): the client's reads leave the keys' LRU/LFU alone. */
    void clientNoTouch(Context ctx, Args args, Reply out) {
        ctx.client().noTouch = onOff(args);
        out.ok();
    }

    private static boolean onOff(Args args) {
        if (args.is(2, "on")) {
            return true;
        }
        if (args.is(2, "off")) {
            return false;
        }
        throw new RedisException(RedisErrors.SYNTAX);
    }

    void clientPause(Context ctx, Args args, Reply out) {
        if (args.size() > 4) {
            throw HelpText.syntaxError(args);
        }
        boolean writeOnly = false;
        if (args.size() == 4) {
            if (args.is(3, "write")) {
                writeOnly = true;
            } else if (!args.is(3, "all")) {
                throw new RedisException("ERR CLIENT PAUSE mode must be WRITE or ALL");
            }
        }
        Long timeout = Numbers.parse(args.get(2));
        if (timeout == null) {
            throw new RedisException("ERR timeout is not an integer or out of range");
        }
        if (timeout < 0) {
            throw new RedisException("ERR timeout is negative");
        }
        ctx.engine().pauseClients(timeout == 0 ? 0 : ctx.now() + timeout, writeOnly);
        out.ok();
    }

    void clientUnpause(Context ctx, Args args, Reply out) {
        out.ok();
        ctx.engine().unpauseClients();
    }
}
