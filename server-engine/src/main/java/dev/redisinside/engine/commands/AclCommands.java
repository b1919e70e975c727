package dev.redisinside.engine.commands;

import dev.redisinside.engine.acl.Acl;
import dev.redisinside.engine.acl.AclUser;
import dev.redisinside.engine.command.AclCatalog;
import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.Command;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.HelpText;
import dev.redisinside.engine.command.RedisErrors;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.Reply;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** ACL: users and their rules (SETUSER, GETUSER, DELUSER, LIST, USERS), CAT, DRYRUN, LOG, the ACL file. */
public final class AclCommands implements CommandGroup {

    private static final String[] HELP = {
        "CAT [<category>]",
        "    List all commands that belong to <category>, or all command categories",
        "    when no category is specified.",
        "DELUSER <username> [<username> ...]",
        "    Delete a list of users.",
        "DRYRUN <username> <command> [<arg> ...]",
        "    Returns whether the user can execute the given command without executing the command.",
        "GETUSER <username>",
        "    Get the user's details.",
        "GENPASS [<bits>]",
        "    Generate a secure 256-bit user password. The optional `bits` argument can",
        "    be used to specify a different size.",
        "LIST",
        "    Show users details in config file format.",
        "LOAD",
        "    Reload users from the ACL file.",
        "LOG [<count> | RESET]",
        "    Show the ACL log entries.",
        "SAVE",
        "    Save the current config to the ACL file.",
        "SETUSER <username> <attribute> [<attribute> ...]",
        "    Create or modify a user with the specified attributes.",
        "USERS",
        "    List all the registered usernames.",
        "WHOAMI",
        "    Return the current connection username.",
    };

    private static final String NO_ACL_FILE = "ERR This Redis instance is not configured to use an ACL file. You may "
            + "want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a "
            + "Redis configuration file set) in order to store users in the Redis configuration.";

    private static final int GENPASS_MAX_BITS = 4096;

    private final SecureRandom random = new SecureRandom();

    @Override
    public void register(CommandRegistry r) {
        r.register("acl|setuser", this::setuser);
        r.register("acl|getuser", this::getuser);
        r.register("acl|deluser", this::deluser);
        r.register("acl|list", this::list);
        r.register("acl|users", this::users);
        r.register("acl|whoami", this::whoami);
        r.register("acl|cat", this::cat);
        r.register("acl|genpass", this::genpass);
        r.register("acl|log", this::log);
        r.register("acl|dryrun", this::dryrun);
        r.register("acl|save", this::save);
        r.register("acl|load", this::load);
        r.register("acl|help", this::help);
    }

    void setuser(Context ctx, Args args, Reply out) {
        String name = args.string(2);
        if (Acl.hasSpaces(name)) {
            throw new RedisException("ERR Usernames can't contain spaces or null characters");
        }
        List<String> rules = new ArrayList<>();
        for (int i = 3; i < args.size(); i++) {
            rules.add(args.string(i));
        }
        String error = ctx.engine().acl().setUser(name, rules);
        if (error != null) {
            // addReplyErrorSdsSafe: the rule is user input, newlines would break the protocol
            throw new RedisException("ERR " + error.replace('\r', ' ').replace('\n', ' '));
        }
        out.ok();
    }

    void getuser(Context ctx, Args args, Reply out) {
        Acl acl = ctx.engine().acl();
        AclUser user = acl.user(args.string(2));
        if (user == null) {
            out.nullBulk();
            return;
        }
        out.map(6);
        out.bulk("flags");
        List<String> flags = acl.flagNames(user);
        out.set(flags.size());
        flags.forEach(flag -> out.bulk(flag));
        out.bulk("passwords");
        List<String> passwords = acl.passwords(user);
        out.array(passwords.size());
        passwords.forEach(password -> out.bulk(password));
        List<Acl.SelectorView> selectors = acl.selectorViews(user);
        selector(out, selectors.get(0));
        out.bulk("selectors");
        out.array(selectors.size() - 1);
        for (Acl.SelectorView view : selectors.subList(1, selectors.size())) {
            out.map(3);
            selector(out, view);
        }
    }

    private static void selector(Reply out, Acl.SelectorView view) {
        out.bulk("commands");
        out.bulk(latin1(view.commands()));
        out.bulk("keys");
        out.bulk(latin1(view.keys()));
        out.bulk("channels");
        out.bulk(latin1(view.channels()));
    }

    void deluser(Context ctx, Args args, Reply out) {
        for (int i = 2; i < args.size(); i++) {
            if (args.string(i).equals("default")) {
                throw new RedisException("ERR The 'default' user cannot be removed");
            }
        }
        int deleted = 0;
        for (int i = 2; i < args.size(); i++) {
            if (ctx.engine().acl().deleteUser(args.string(i))) {
                deleted++;
            }
        }
        out.integer(deleted);
    }

    void list(Context ctx, Args args, Reply out) {
        Acl acl = ctx.engine().acl();
        out.array(acl.users().size());
        for (AclUser user : acl.users()) {
            out.bulk(latin1("user " + user.name() + " " + acl.describe(user)));
        }
    }

    void users(Context ctx, Args args, Reply out) {
        Acl acl = ctx.engine().acl();
        out.array(acl.users().size());
        for (AclUser user : acl.users()) {
            out.bulk(latin1(user.name()));
        }
    }

    void whoami(Context ctx, Args args, Reply out) {
        AclUser user = ctx.client().user;
        if (user == ctx.engine().acl().superuser()) {
            out.nullBulk();
        } else {
            out.bulk(latin1(user.name()));
        }
    }

    void cat(Context ctx, Args args, Reply out) {
        if (args.size() > 3) {
            throw HelpText.syntaxError(args);
        }
        if (args.size() == 2) {
            out.array(AclCatalog.CATEGORIES.size());
            AclCatalog.CATEGORIES.forEach(category -> out.bulk(category));
            return;
        }
        int category = AclCatalog.category(args.string(2));
        if (category < 0) {
            String name = args.string(2);
            throw new RedisException("ERR Unknown category '" + (name.length() > 128 ? name.substring(0, 128) : name) + "'");
        }
        List<String> names = new ArrayList<>();
        collect(ctx.engine().commandTable().aclCatalog().commands(), 1L << category, names);
        out.array(names.size());
        names.forEach(name -> out.bulk(name));
    }

    private static void collect(List<AclCatalog.Entry> commands, long category, List<String> names) {
        for (AclCatalog.Entry command : commands) {
            if ((command.categories() & category) != 0) {
                names.add(command.fullName());
            }
            collect(command.subcommands(), category, names);
        }
    }

    void genpass(Context ctx, Args args, Reply out) {
        if (args.size() > 3) {
            throw HelpText.syntaxError(args);
        }
        long bits = args.size() == 3 ? args.longAt(2) : 256;
        if (bits <= 0 || bits > GENPASS_MAX_BITS) {
            throw new RedisException("ERR ACL GENPASS argument must be the number of bits for the output password, "
                    + "a positive number up to " + GENPASS_MAX_BITS);
        }
        int chars = (int) ((bits + 3) / 4);
        byte[] password = new byte[chars];
        for (int i = 0; i < chars; i++) {
            password[i] = (byte) "0123456789abcdef".charAt(random.nextInt(16));
        }
        out.bulk(password);
    }

    void log(Context ctx, Args args, Reply out) {
        if (args.size() > 3) {
            throw HelpText.syntaxError(args);
        }
        Acl acl = ctx.engine().acl();
        long count = 10;
        if (args.size() == 3) {
            if (args.is(2, "reset")) {
                acl.resetLog();
                out.ok();
                return;
            }
            count = Math.max(0, args.longAt(2));
        }
        List<Acl.LogEntry> entries = acl.log();
        int n = (int) Math.min(count, entries.size());
        long now = ctx.engine().clock().millis();
        out.array(n);
        for (Acl.LogEntry entry : entries.subList(0, n)) {
            out.map(7);
            out.bulk("count");
            out.integer(entry.count());
            out.bulk("reason");
            out.bulk(entry.reason());
            out.bulk("context");
            out.bulk(entry.context());
            out.bulk("object");
            out.bulk(latin1(entry.object()));
            out.bulk("username");
            out.bulk(latin1(entry.username()));
            out.bulk("age-seconds");
            out.doubleValue((now - entry.createdAt()) / 1000.0);
            out.bulk("client-info");
            out.bulk(latin1(entry.clientInfo()));
        }
    }

    void dryrun(Context ctx, Args args, Reply out) {
        Acl acl = ctx.engine().acl();
        AclUser user = acl.user(args.string(2));
        if (user == null) {
            throw new RedisException("ERR User '" + args.string(2) + "' not found");
        }
        byte[][] argv = Arrays.copyOfRange(args.all(), 3, args.size());
        Command command = ctx.engine().commandTable().lookup(argv);
        if (command == null) {
            throw new RedisException("ERR Command '" + args.string(3) + "' not found");
        }
        if (!command.arityAccepts(argv.length)) {
            throw new RedisException(RedisErrors.wrongArity(command.fullName()));
        }
        long checked = acl.check(user, command, argv);
        switch (Acl.reason(checked)) {
            case Acl.OK -> out.ok();
            case Acl.DENIED_CMD -> out.bulk(latin1("This user has no permissions to run the '" + command.fullName()
                    + "' command"));
            case Acl.DENIED_KEY -> out.bulk(latin1("This user has no permissions to access the '"
                    + new String(argv[Acl.position(checked)], StandardCharsets.ISO_8859_1) + "' key"));
            default -> out.bulk(latin1("This user has no permissions to access the '"
                    + new String(argv[Acl.position(checked)], StandardCharsets.ISO_8859_1) + "' channel"));
        }
    }

    void save(Context ctx, Args args, Reply out) {
        String file = aclFile(ctx);
        if (!ctx.engine().acl().save(file)) {
            throw new RedisException("ERR There was an error trying to save the ACLs. Please check the server logs for "
                    + "more information");
        }
        out.ok();
    }

    void load(Context ctx, Args args, Reply out) {
        String errors = ctx.engine().acl().load(aclFile(ctx));
        if (errors != null) {
            throw new RedisException("ERR " + errors);
        }
        out.ok();
    }

    private static String aclFile(Context ctx) {
        String file = ctx.engine().config().parameter("aclfile").getter().get();
        if (file.isEmpty()) {
            throw new RedisException(NO_ACL_FILE);
        }
        return file;
    }

    void help(Context ctx, Args args, Reply out) {
        HelpText.reply(args, out, HELP);
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
