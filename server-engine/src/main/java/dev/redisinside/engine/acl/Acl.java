package dev.redisinside.engine.acl;

import dev.redisinside.engine.command.AclCatalog;
import dev.redisinside.engine.command.Command;
import dev.redisinside.engine.command.GlobMatcher;
import dev.redisinside.engine.command.KeyExtractor;
import dev.redisinside.engine.protocol.RequestDecoder;
import dev.redisinside.engine.pubsub.PubSub;
import dev.redisinside.engine.server.Client;
import dev.redisinside.engine.server.ClientInfo;
import dev.redisinside.engine.server.RedisEngine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Redis 7.0's ACL (acl.c): the users, their rules as ACL SETUSER parses them, the permission check the
 * dispatcher, EXEC and scripts run for restricted users, the ACL log, and the ACL file.
 */
public final class Acl {

    public static final int OK = 0;
    public static final int DENIED_CMD = 1;
    public static final int DENIED_KEY = 2;
    public static final int DENIED_AUTH = 3;
    public static final int DENIED_CHANNEL = 4;

    /** Where a denial happened, for the ACL log's context field. */
    public enum LogContext {
        TOPLEVEL("toplevel"), MULTI("multi"), LUA("lua");

        final String text;

        LogContext(String text) {
            this.text = text;
        }
    }

    /** Why ACLSetUser refused a rule (Redis's errno values), with ACLSetUserStringError's text. */
    enum RuleError {
        SYNTAX("Syntax error"),
        UNKNOWN("Unknown command or category name in ACL"),
        KEY_AFTER_ALL("Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have "
                + "any effect. Try 'resetkeys' to start with an empty list of patterns"),
        CHANNEL_AFTER_ALL("Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not "
                + "have any effect. Try 'resetchannels' to start with an empty list of channels"),
        NO_SUCH_PASSWORD("The password you are trying to remove from the user does not exist"),
        BAD_HASH("The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters"),
        SUBCOMMAND_FIRST_ARG("Allowing first-arg of a subcommand is not supported");

        final String message;

        RuleError(String message) {
            this.message = message;
        }
    }

    private final RedisEngine engine;
    private final AclCatalog catalog;
    private final AclUser superuser = AclUser.superuser();
    private TreeMap<String, AclUser> users = new TreeMap<>();
    private final AclUser defaultUser;
    /** Newest first; guarded by this object, since a script that went busy runs on the script thread. */
    private final LinkedList<LogEntry> log = new LinkedList<>();

    public Acl(RedisEngine engine, AclCatalog catalog) {
        this.engine = engine;
        this.catalog = catalog;
        this.defaultUser = createDefaultUser();
        users.put("default", defaultUser);
        setDefaultPassword(engine.config().requirePass);
    }

    /** Redis's ACLCreateDefaultUser: on, nopass, every command, key and channel. */
    private AclUser createDefaultUser() {
        AclUser user = new AclUser("default", pubsubDefault());
        for (String op : List.of("+@all", "~*", "&*", "on", "nopass")) {
            apply(user, op);
        }
        user.refresh();
        return user;
    }

    /** The user new connections start with. */
    public AclUser defaultUser() {
        return defaultUser;
    }

    /** The user of internal clients (the in-process API): no checks, like Redis's NULL user. */
    public AclUser superuser() {
        return superuser;
    }

    public AclUser user(String name) {
        return users.get(name);
    }

    /** The users sorted by name, as Redis's radix tree lists them. */
    public Collection<AclUser> users() {
        return Collections.unmodifiableCollection(users.values());
    }

    /** {@code requirepass}: Redis's ACLUpdateDefaultUserPassword (empty means nopass). */
    public void setDefaultPassword(String password) {
        apply(defaultUser, "resetpass");
        apply(defaultUser, password.isEmpty() ? "nopass" : ">" + password);
        defaultUser.refresh();
    }

    /** Whether the default user is nopass (a one-argument AUTH is then a configuration mistake). */
    public boolean defaultNopass() {
        return defaultUser.has(AclUser.NOPASS);
    }

    /** Whether a new connection starts authenticated: the default user is nopass and on. */
    public boolean defaultAuthenticated() {
        return defaultUser.has(AclUser.NOPASS) && defaultUser.enabled();
    }

    private int pubsubDefault() {
        return "allchannels".equals(engine.config().parameter("acl-pubsub-default").getter().get())
                ? AclSelector.ALL_CHANNELS : 0;
    }

    // ---- ACL SETUSER ----

    /**
     * Redis's ACLStringSetUser: applies the rules to a copy of the user (or a new user) and keeps the
     * result only if every rule was valid. Returns the error text (without ERR) or null.
     */
    public String setUser(String name, List<String> rules) {
        List<String> merged = mergeSelectors(rules);
        if (merged == null) {
            return "Unmatched parenthesis in acl selector starting at '" + unmatchedStart(rules) + "'.";
        }
        AclUser existing = users.get(name);
        AclUser temp = new AclUser(name, pubsubDefault());
        if (existing != null) {
            temp.copyFrom(existing);
        }
        for (String rule : merged) {
            RuleError error = apply(temp, rule);
            if (error != null) {
                return "Error in ACL SETUSER modifier '" + cString(rule) + "': " + error.message;
            }
        }
        if (existing != null) {
            killPubsubClientsIfNeeded(temp, existing);
        }
        AclUser user = existing;
        if (user == null) {
            user = new AclUser(name, pubsubDefault());
            users.put(name, user);
        }
        user.copyFrom(temp);
        return null;
    }

    /** sdscatfmt's %s stops at the first NUL. */
    private static String cString(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    /**
     * Redis's ACLMergeSelectorArguments: a selector spread over several arguments ("(+get", "~k)") is joined
     * with spaces; null when a parenthesis is left open.
     */
    static List<String> mergeSelectors(List<String> rules) {
        List<String> merged = new ArrayList<>();
        StringBuilder selector = null;
        for (String op : rules) {
            if (selector == null && !op.isEmpty() && op.charAt(0) == '(' && op.charAt(op.length() - 1) != ')') {
                selector = new StringBuilder(op);
                continue;
            }
            if (selector != null) {
                selector.append(' ').append(op);
                if (!op.isEmpty() && op.charAt(op.length() - 1) == ')') {
                    merged.add(selector.toString());
                    selector = null;
                }
                continue;
            }
            merged.add(op);
        }
        return selector == null ? merged : null;
    }

    private static String unmatchedStart(List<String> rules) {
        String start = null;
        boolean open = false;
        for (String op : rules) {
            if (!open && !op.isEmpty() && op.charAt(0) == '(' && op.charAt(op.length() - 1) != ')') {
                start = op;
                open = true;
            } else if (open && !op.isEmpty() && op.charAt(op.length() - 1) == ')') {
                open = false;
            }
        }
        return start;
    }

    /** Redis's ACLSetUser: one rule applied to the user, or why it is invalid. */
    RuleError apply(AclUser user, String op) {
        if (op.isEmpty()) {
            return null;
        }
        if (op.equalsIgnoreCase("on")) {
            user.flags = (user.flags | AclUser.ENABLED) & ~AclUser.DISABLED;
        } else if (op.equalsIgnoreCase("off")) {
            user.flags = (user.flags | AclUser.DISABLED) & ~AclUser.ENABLED;
        } else if (op.equalsIgnoreCase("skip-sanitize-payload")) {
            user.flags = (user.flags | AclUser.SKIP_SANITIZE_PAYLOAD) & ~AclUser.SANITIZE_PAYLOAD;
        } else if (op.equalsIgnoreCase("sanitize-payload")) {
            user.flags = (user.flags | AclUser.SANITIZE_PAYLOAD) & ~AclUser.SKIP_SANITIZE_PAYLOAD;
        } else if (op.equalsIgnoreCase("nopass")) {
            user.flags |= AclUser.NOPASS;
            user.passwords.clear();
        } else if (op.equalsIgnoreCase("resetpass")) {
            user.flags &= ~AclUser.NOPASS;
            user.passwords.clear();
        } else if (op.charAt(0) == '>' || op.charAt(0) == '#') {
            String hash = op.charAt(0) == '>' ? hash(op.substring(1)) : op.substring(1);
            if (op.charAt(0) == '#' && !validHash(hash)) {
                return RuleError.BAD_HASH;
            }
            if (!user.passwords.contains(hash)) {
                user.passwords.add(hash);
            }
            user.flags &= ~AclUser.NOPASS;
        } else if (op.charAt(0) == '<' || op.charAt(0) == '!') {
            String hash = op.charAt(0) == '<' ? hash(op.substring(1)) : op.substring(1);
            if (op.charAt(0) == '!' && !validHash(hash)) {
                return RuleError.BAD_HASH;
            }
            if (!user.passwords.remove(hash)) {
                return RuleError.NO_SUCH_PASSWORD;
            }
        } else if (op.charAt(0) == '(' && op.charAt(op.length() - 1) == ')') {
            AclSelector selector = new AclSelector(pubsubDefault());
            byte[][] ops = RequestDecoder.splitArgs(op.substring(1, op.length() - 1).getBytes(StandardCharsets.ISO_8859_1));
            for (byte[] selectorOp : ops == null ? new byte[0][] : ops) {
                RuleError error = applyToSelector(selector, new String(selectorOp, StandardCharsets.ISO_8859_1));
                if (error != null) {
                    return error;
                }
            }
            user.selectors.add(selector);
        } else if (op.equalsIgnoreCase("clearselectors")) {
            user.selectors.subList(1, user.selectors.size()).clear();
        } else if (op.equalsIgnoreCase("reset")) {
            apply(user, "resetpass");
            apply(user, "resetkeys");
            apply(user, "resetchannels");
            if (pubsubDefault() != 0) {
                apply(user, "allchannels");
            }
            apply(user, "off");
            apply(user, "sanitize-payload");
            apply(user, "clearselectors");
            apply(user, "-@all");
        } else {
            return applyToSelector(user.root(), op);
        }
        return null;
    }

    /** Redis's ACLSetSelector: a rule about commands, keys or channels. */
    private RuleError applyToSelector(AclSelector selector, String op) {
        int length = op.length();
        char first = length > 0 ? op.charAt(0) : '\0';
        char second = length > 1 ? op.charAt(1) : '\0';
        if (op.equalsIgnoreCase("allkeys") || op.equals("~*")) {
            selector.allKeys();
        } else if (op.equalsIgnoreCase("resetkeys")) {
            selector.resetKeys();
        } else if (op.equalsIgnoreCase("allchannels") || op.equals("&*")) {
            selector.allChannels();
        } else if (op.equalsIgnoreCase("resetchannels")) {
            selector.resetChannels();
        } else if (op.equalsIgnoreCase("allcommands") || op.equalsIgnoreCase("+@all")) {
            selector.allCommands(catalog.size());
        } else if (op.equalsIgnoreCase("nocommands") || op.equalsIgnoreCase("-@all")) {
            selector.noCommands();
        } else if (first == '~' || first == '%') {
            if (selector.has(AclSelector.ALL_KEYS)) {
                return RuleError.KEY_AFTER_ALL;
            }
            int permissions = 0;
            int offset = 1;
            if (first == '%') {
                for (; offset < length; offset++) {
                    char c = Character.toUpperCase(op.charAt(offset));
                    if (c == 'R' && (permissions & AclSelector.READ) == 0) {
                        permissions |= AclSelector.READ;
                    } else if (c == 'W' && (permissions & AclSelector.WRITE) == 0) {
                        permissions |= AclSelector.WRITE;
                    } else if (op.charAt(offset) == '~') {
                        offset++;
                        break;
                    } else {
                        return RuleError.SYNTAX;
                    }
                }
                if (permissions == 0) {
                    return RuleError.SYNTAX; // Redis would store a pattern it cannot describe (and panic later)
                }
            } else {
                permissions = AclSelector.READ_WRITE;
            }
            String pattern = op.substring(Math.min(offset, length));
            if (hasSpaces(pattern)) {
                return RuleError.SYNTAX;
            }
            selector.addKeyPattern(pattern, permissions);
        } else if (first == '&') {
            if (selector.has(AclSelector.ALL_CHANNELS)) {
                return RuleError.CHANNEL_AFTER_ALL;
            }
            String pattern = op.substring(1);
            if (hasSpaces(pattern)) {
                return RuleError.SYNTAX;
            }
            selector.addChannel(pattern);
        } else if (first == '+' && second != '@') {
            String name = op.substring(1);
            int bar = name.lastIndexOf('|');
            if (bar < 0) {
                AclCatalog.Entry command = catalog.lookup(name);
                if (command == null) {
                    return RuleError.UNKNOWN;
                }
                selector.changePermission(command, true);
            } else {
                AclCatalog.Entry command = catalog.lookup(name.substring(0, bar));
                String sub = name.substring(bar + 1);
                if (command == null) {
                    return RuleError.UNKNOWN;
                }
                if (command.isSubcommand()) {
                    return RuleError.SUBCOMMAND_FIRST_ARG;
                }
                if (sub.isEmpty()) {
                    return RuleError.SYNTAX;
                }
                if (!command.subcommands().isEmpty()) {
                    AclCatalog.Entry subcommand = catalog.lookup(name);
                    if (subcommand == null) {
                        return RuleError.UNKNOWN;
                    }
                    selector.changePermission(subcommand, true);
                } else {
                    selector.addFirstArg(command.id(), sub);
                }
            }
        } else if (first == '-' && second != '@') {
            AclCatalog.Entry command = catalog.lookup(op.substring(1));
            if (command == null) {
                return RuleError.UNKNOWN;
            }
            selector.changePermission(command, false);
        } else if ((first == '+' || first == '-') && second == '@') {
            int category = AclCatalog.category(op.substring(2));
            if (category < 0) {
                return RuleError.UNKNOWN;
            }
            selector.changeCategory(catalog.commands(), category, first == '+');
        } else {
            return RuleError.SYNTAX;
        }
        return null;
    }

    /** Redis's ACLStringHasSpaces: isspace() or NUL. */
    public static boolean hasSpaces(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || (c >= '\t' && c <= '\r') || c == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean validHash(String hash) {
        if (hash.length() != 64) {
            return false;
        }
        for (int i = 0; i < hash.length(); i++) {
            char c = hash.charAt(i);
            if ((c < 'a' || c > 'f') && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** Redis's ACLHashPassword: SHA-256 as lower-case hex. */
    static String hash(String password) {
        return hash(password.getBytes(StandardCharsets.ISO_8859_1));
    }

    static String hash(byte[] password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password);
            StringBuilder hex = new StringBuilder(64);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- ACL DELUSER ----

    /** Removes the user and disconnects its clients (Redis's ACLFreeUserAndKillClients). */
    public boolean deleteUser(String name) {
        AclUser user = users.remove(name);
        if (user == null) {
            return false;
        }
        killClientsOf(user);
        return true;
    }

    private void killClientsOf(AclUser user) {
        Client current = engine.dispatcher().currentClient();
        for (Client client : new ArrayList<>(engine.clients())) {
            if (client.user == user) {
                client.user = defaultUser;
                client.authenticated = false;
                if (client == current) {
                    client.closeAfterReply = true;
                } else {
                    client.close();
                }
            }
        }
    }

    /**
     * Redis's ACLKillPubsubClientsIfNeeded: when the new rules no longer cover every channel the old ones
     * did, the user's subscribed clients whose subscriptions are now denied are disconnected.
     */
    private void killPubsubClientsIfNeeded(AclUser updated, AclUser original) {
        List<byte[]> upcoming = new ArrayList<>();
        for (AclSelector selector : updated.selectors) {
            if (selector.has(AclSelector.ALL_CHANNELS)) {
                return;
            }
            upcoming.addAll(selector.channelBytes);
        }
        boolean superset = true;
        for (AclSelector selector : original.selectors) {
            if (selector.has(AclSelector.ALL_CHANNELS)) {
                superset = false;
                break;
            }
            for (String channel : selector.channels) {
                if (upcoming.stream().noneMatch(c -> new String(c, StandardCharsets.ISO_8859_1).equals(channel))) {
                    superset = false;
                    break;
                }
            }
        }
        if (superset) {
            return;
        }
        Client current = engine.dispatcher().currentClient();
        PubSub pubSub = engine.pubSub();
        for (Client client : new ArrayList<>(engine.clients())) {
            if (client.user != original || client.subscriptions == 0) {
                continue;
            }
            boolean kill = false;
            for (byte[] pattern : pubSub.subscribed(client, PubSub.Subscribed.PATTERNS)) {
                kill |= !channelAllowed(upcoming, pattern, true);
            }
            for (byte[] channel : pubSub.subscribed(client, PubSub.Subscribed.CHANNELS)) {
                kill |= !channelAllowed(upcoming, channel, false);
            }
            for (byte[] channel : pubSub.subscribed(client, PubSub.Subscribed.SHARD_CHANNELS)) {
                kill |= !channelAllowed(upcoming, channel, false);
            }
            if (kill) {
                if (client == current) {
                    client.closeAfterReply = true;
                } else {
                    client.close();
                }
            }
        }
    }

    // ---- authentication ----

    /** Redis's ACLCheckUserCredentials: the user when the name and password are valid, else null. */
    public AclUser authenticate(byte[] name, byte[] password) {
        AclUser user = users.get(new String(name, StandardCharsets.ISO_8859_1));
        if (user == null || !user.enabled()) {
            return null;
        }
        if (user.has(AclUser.NOPASS)) {
            return user;
        }
        byte[] hashed = hash(password).getBytes(StandardCharsets.US_ASCII);
        for (String candidate : user.passwords) {
            if (MessageDigest.isEqual(hashed, candidate.getBytes(StandardCharsets.US_ASCII))) {
                return user;
            }
        }
        return null;
    }

    // ---- permission checks ----

    /**
     * Redis's ACLCheckAllUserCommandPerm: OK, or the denial (DENIED_CMD, DENIED_KEY, DENIED_CHANNEL) in the
     * low byte with the denied argument's position above it. With several selectors, one allowing the
     * command is enough; otherwise the most relevant denial is reported.
     */
    public long check(AclUser user, Command command, byte[][] argv) {
        int relevant = DENIED_CMD;
        int lastPosition = 0;
        int position = 0;
        KeyCache keys = new KeyCache();
        for (AclSelector selector : user.selectors) {
            long checked = check(selector, command, argv, keys);
            int result = reason(checked);
            if (result == OK) {
                return OK;
            }
            if (result != DENIED_CMD) {
                position = position(checked);
            }
            if (result > relevant || (result == relevant && position > lastPosition)) {
                relevant = result;
                lastPosition = position;
            }
        }
        return ((long) lastPosition << 8) | relevant;
    }

    /**
     * Redis's ACLUserCheckCmdWithUnrestrictedKeyAccess (SORT's BY and GET): whether a selector allows the
     * command and also grants read access to every key.
     */
    public boolean unrestrictedReadAccess(AclUser user, Command command, byte[][] argv) {
        KeyCache keys = new KeyCache();
        for (AclSelector selector : user.selectors) {
            if (check(selector, command, argv, keys) == OK && readsEveryKey(selector)) {
                return true;
            }
        }
        return false;
    }

    private static boolean readsEveryKey(AclSelector selector) {
        if (selector.has(AclSelector.ALL_KEYS)) {
            return true;
        }
        for (AclSelector.KeyPattern pattern : selector.patterns) {
            if ((pattern.permissions & AclSelector.READ) != 0 && pattern.pattern.equals("*")) {
                return true;
            }
        }
        return false;
    }

    /** The command's keys, found once for all the selectors of a check. */
    private static final class KeyCache {
        List<KeyExtractor.KeyRef> keys;

        List<KeyExtractor.KeyRef> of(Command command, byte[][] argv) {
            if (keys == null) {
                List<KeyExtractor.KeyRef> found = KeyExtractor.keys(command, argv);
                keys = found == null ? List.of() : found;
            }
            return keys;
        }
    }

    /** Redis's ACLSelectorCheckCmd: the command, then its keys, then its channels. */
    private static long check(AclSelector selector, Command command, byte[][] argv, KeyCache keys) {
        if (!selector.has(AclSelector.ALL_COMMANDS) && !command.has(Command.NO_AUTH)
                && !selector.commands.get(command.aclId()) && !firstArgAllowed(selector, command, argv)) {
            return DENIED_CMD;
        }
        if (!selector.has(AclSelector.ALL_KEYS) && KeyExtractor.hasKeys(command)) {
            int denied = deniedKey(selector, keys.of(command, argv), argv);
            if (denied > 0) {
                return ((long) denied << 8) | DENIED_KEY;
            }
        }
        if (!selector.has(AclSelector.ALL_CHANNELS)) {
            int denied = deniedChannel(selector.channelBytes, command, argv);
            if (denied > 0) {
                return ((long) denied << 8) | DENIED_CHANNEL;
            }
        }
        return OK;
    }

    /** The denial code of a {@link #check} result. */
    public static int reason(long checked) {
        return (int) (checked & 0xFF);
    }

    /** The position of the denied key or channel of a {@link #check} result. */
    public static int position(long checked) {
        return (int) (checked >>> 8);
    }

    private static boolean firstArgAllowed(AclSelector selector, Command command, byte[][] argv) {
        if (argv.length < 2 || selector.firstArgs == null) {
            return false;
        }
        List<String> allowed = selector.firstArgs.get(command.aclId());
        if (allowed == null) {
            return false;
        }
        int index = command.fullName().indexOf('|') >= 0 ? 2 : 1;
        if (index >= argv.length) {
            return false;
        }
        String arg = new String(argv[index], StandardCharsets.ISO_8859_1);
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(arg)) {
                return true;
            }
        }
        return false;
    }

    /** The position of the first key the selector may not touch, or 0. */
    private static int deniedKey(AclSelector selector, List<KeyExtractor.KeyRef> keys, byte[][] argv) {
        for (KeyExtractor.KeyRef key : keys) {
            int needed = 0;
            for (Object flag : key.flags()) {
                String f = flag instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : String.valueOf(flag);
                switch (f) {
                    case "access" -> needed |= AclSelector.READ;
                    case "insert", "delete", "update" -> needed |= AclSelector.WRITE;
                    default -> { }
                }
            }
            if (!keyAllowed(selector, argv[key.position()], needed)) {
                return key.position();
            }
        }
        return 0;
    }

    private static boolean keyAllowed(AclSelector selector, byte[] key, int needed) {
        for (AclSelector.KeyPattern pattern : selector.patterns) {
            if ((pattern.permissions & needed) == needed && GlobMatcher.matches(pattern.bytes, key)) {
                return true;
            }
        }
        return false;
    }

    /** Redis's commands_with_channels table: the position of the first denied channel, or 0. */
    private static int deniedChannel(List<byte[]> allowed, Command command, byte[][] argv) {
        boolean pattern = false;
        int stop;
        switch (command.fullName()) {
            case "publish", "spublish" -> stop = Math.min(2, argv.length);
            case "subscribe", "ssubscribe" -> stop = argv.length;
            case "psubscribe" -> {
                stop = argv.length;
                pattern = true;
            }
            default -> {
                return 0;
            }
        }
        for (int i = 1; i < stop; i++) {
            if (!channelAllowed(allowed, argv[i], pattern)) {
                return i;
            }
        }
        return 0;
    }

    /** Channel patterns match channels; a PSUBSCRIBE pattern must equal one of them literally. */
    private static boolean channelAllowed(List<byte[]> allowed, byte[] channel, boolean isPattern) {
        for (byte[] candidate : allowed) {
            if (isPattern ? java.util.Arrays.equals(candidate, channel) : GlobMatcher.matches(candidate, channel)) {
                return true;
            }
        }
        return false;
    }

    /** Redis's getAclErrorMessage, used in script errors. */
    public static String errorMessage(int reason) {
        return switch (reason) {
            case DENIED_CMD -> "can't run this command or subcommand";
            case DENIED_KEY -> "can't access at least one of the keys mentioned in the command arguments";
            case DENIED_CHANNEL -> "can't publish to the channel mentioned in the command";
            default -> "lacking the permissions for the command";
        };
    }

    /** processCommand's NOPERM rejection. */
    public static String rejection(int reason, Command command) {
        return switch (reason) {
            case DENIED_CMD -> "NOPERM this user has no permissions to run the '" + command.fullName() + "' command";
            case DENIED_KEY -> "NOPERM this user has no permissions to access one of the keys used as arguments";
            case DENIED_CHANNEL -> "NOPERM this user has no permissions to access one of the channels used as arguments";
            default -> "ERR no permission";
        };
    }

    /** EXEC's rejection of a queued command that the rules no longer allow. */
    public static String execRejection(int reason) {
        String why = switch (reason) {
            case DENIED_CMD -> "no permission to execute the command or subcommand";
            case DENIED_KEY -> "no permission to touch the specified keys";
            case DENIED_CHANNEL -> "no permission to access one of the channels used as arguments";
            default -> "no permission";
        };
        return "NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. "
                + "This command is no longer allowed for the following reason: " + why;
    }

    // ---- describing users ----

    /** Redis's ACLDescribeUser: the rules in ACL LIST / ACL file form. */
    public String describe(AclUser user) {
        StringBuilder text = new StringBuilder();
        for (String flag : flagNames(user)) {
            text.append(flag).append(' ');
        }
        for (String password : user.passwords) {
            text.append('#').append(password).append(' ');
        }
        for (AclSelector selector : user.selectors) {
            String rules = describe(selector);
            if (selector.has(AclSelector.ROOT)) {
                text.append(rules);
            } else {
                text.append(" (").append(rules).append(')');
            }
        }
        return text.toString();
    }

    public List<String> flagNames(AclUser user) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < AclUser.FLAG_ORDER.length; i++) {
            if (user.has(AclUser.FLAG_ORDER[i])) {
                names.add(AclUser.FLAG_NAMES[i]);
            }
        }
        return names;
    }

    public List<String> passwords(AclUser user) {
        return Collections.unmodifiableList(user.passwords);
    }

    /** The GETUSER view of one selector: commands, keys, channels. */
    public record SelectorView(String commands, String keys, String channels) {
    }

    /** The root selector first, then the others. */
    public List<SelectorView> selectorViews(AclUser user) {
        List<SelectorView> views = new ArrayList<>();
        for (AclSelector selector : user.selectors) {
            views.add(new SelectorView(describeCommands(selector), selector.describeKeys(), selector.describeChannels()));
        }
        return views;
    }

    private String describe(AclSelector selector) {
        StringBuilder text = new StringBuilder();
        if (selector.has(AclSelector.ALL_KEYS)) {
            text.append("~* ");
        } else {
            for (AclSelector.KeyPattern pattern : selector.patterns) {
                text.append(pattern.describe()).append(' ');
            }
        }
        if (selector.has(AclSelector.ALL_CHANNELS)) {
            text.append("&* ");
        } else {
            text.append("resetchannels ");
            for (String channel : selector.channels) {
                text.append('&').append(channel).append(' ');
            }
        }
        return text.append(describeCommands(selector)).toString();
    }

    /**
     * Redis's ACLDescribeSelectorCommandRules: start from +@all or -@all, repeatedly apply the category
     * that best fits the remaining difference, then name single commands (and first args) for the rest.
     */
    private String describeCommands(AclSelector selector) {
        StringBuilder rules = new StringBuilder();
        AclSelector fake = new AclSelector(0);
        boolean additive = !selector.futureCommands;
        if (additive) {
            rules.append("-@all ");
            fake.noCommands();
        } else {
            rules.append("+@all ");
            fake.allCommands(catalog.size());
        }
        AclSelector temp = new AclSelector(0);
        temp.commands = (java.util.BitSet) selector.commands.clone();
        boolean[] applied = new boolean[AclCatalog.CATEGORIES.size()];
        while (true) {
            int best = -1;
            long minDiff = Integer.MAX_VALUE;
            long maxSame = 0;
            for (int j = 0; j < applied.length; j++) {
                if (applied[j]) {
                    continue;
                }
                long[] onOff = new long[2];
                count(catalog.commands(), temp, 1L << j, onOff);
                long diff = additive ? onOff[1] : onOff[0];
                long same = additive ? onOff[0] : onOff[1];
                if (same > diff && (diff < minDiff || (diff == minDiff && same > maxSame))) {
                    best = j;
                    minDiff = diff;
                    maxSame = same;
                }
            }
            if (best == -1) {
                break;
            }
            fake.changeCategory(catalog.commands(), best, additive);
            temp.changeCategory(catalog.commands(), best, !additive);
            rules.append(additive ? "+@" : "-@").append(AclCatalog.CATEGORIES.get(best)).append(' ');
            applied[best] = true;
        }
        singleCommands(selector, fake, rules, catalog.commands());
        rules.setLength(rules.length() - 1);
        return rules.toString();
    }

    private static void count(List<AclCatalog.Entry> commands, AclSelector selector, long category, long[] onOff) {
        for (AclCatalog.Entry command : commands) {
            if ((command.categories() & category) != 0) {
                onOff[selector.commands.get(command.id()) ? 0 : 1]++;
            }
            if (!command.subcommands().isEmpty()) {
                count(command.subcommands(), selector, category, onOff);
            }
        }
    }

    private static void singleCommands(AclSelector selector, AclSelector fake, StringBuilder rules,
            List<AclCatalog.Entry> commands) {
        for (AclCatalog.Entry command : commands) {
            boolean userBit = selector.commands.get(command.id());
            if (userBit != fake.commands.get(command.id())) {
                rules.append(userBit ? '+' : '-').append(command.fullName()).append(' ');
                fake.changePermission(command, userBit);
            }
            if (!command.subcommands().isEmpty()) {
                singleCommands(selector, fake, rules, command.subcommands());
            }
            if (!userBit && selector.firstArgs != null && selector.firstArgs.containsKey(command.id())) {
                for (String arg : selector.firstArgs.get(command.id())) {
                    rules.append('+').append(command.fullName()).append('|').append(arg).append(' ');
                }
            }
        }
    }

    // ---- ACL LOG ----

    /** One ACL LOG entry; similar denials within a minute are counted in one entry. */
    public static final class LogEntry {
        long count = 1;
        final int reason;
        final LogContext context;
        final String object;
        final String username;
        long createdAt;
        String clientInfo;

        LogEntry(int reason, LogContext context, String object, String username, long createdAt, String clientInfo) {
            this.reason = reason;
            this.context = context;
            this.object = object;
            this.username = username;
            this.createdAt = createdAt;
            this.clientInfo = clientInfo;
        }

        public long count() {
            return count;
        }

        public String reason() {
            return switch (reason) {
                case DENIED_CMD -> "command";
                case DENIED_KEY -> "key";
                case DENIED_CHANNEL -> "channel";
                case DENIED_AUTH -> "auth";
                default -> "unknown";
            };
        }

        public String context() {
            return context.text;
        }

        public String object() {
            return object;
        }

        public String username() {
            return username;
        }

        public long createdAt() {
            return createdAt;
        }

        public String clientInfo() {
            return clientInfo;
        }
    }

    /**
     * Redis's addACLLogEntry for a denied command, key or channel: the object is the command's full name or
     * the denied argument; the client is the caller (a script's caller for denials inside scripts), and
     * {@code clientArgv} the request it is running, or null.
     */
    public void logDenied(Client client, long checked, LogContext context, Command command, byte[][] argv,
            byte[][] clientArgv) {
        int reason = reason(checked);
        String object = reason == DENIED_CMD ? command.fullName()
                : new String(argv[position(checked)], StandardCharsets.ISO_8859_1);
        addLogEntry(new LogEntry(reason, context, object, client.user.name(), engine.clock().millis(),
                ClientInfo.line(engine, client, clientArgv)));
    }

    /** A failed AUTH or HELLO AUTH: the object is the command name as typed, the user the one tried. */
    public void logFailedAuth(Client client, byte[][] argv, byte[] username) {
        addLogEntry(new LogEntry(DENIED_AUTH, client.inMulti() ? LogContext.MULTI : LogContext.TOPLEVEL,
                new String(argv[0], StandardCharsets.ISO_8859_1), new String(username, StandardCharsets.ISO_8859_1),
                engine.clock().millis(), ClientInfo.line(engine, client, argv)));
    }

    private synchronized void addLogEntry(LogEntry entry) {
        int scanned = 0;
        for (Iterator<LogEntry> it = log.iterator(); it.hasNext() && scanned < 10; scanned++) {
            LogEntry current = it.next();
            if (current.reason == entry.reason && current.context == entry.context
                    && Math.abs(current.createdAt - entry.createdAt) <= 60000 && current.object.equals(entry.object)
                    && current.username.equals(entry.username)) {
                it.remove();
                log.addFirst(current);
                current.clientInfo = entry.clientInfo;
                current.createdAt = entry.createdAt;
                current.count++;
                return;
            }
        }
        log.addFirst(entry);
        long max = Long.parseUnsignedLong(engine.config().parameter("acllog-max-len").getter().get());
        while (log.size() > max) {
            log.removeLast();
        }
    }

    /** The newest entries first. */
    public synchronized List<LogEntry> log() {
        return new ArrayList<>(log);
    }

    public synchronized void resetLog() {
        log.clear();
    }

    // ---- ACL file ----

    /** Redis's ACLSaveToFile: every user in ACL LIST form, written to a temporary file then renamed. */
    public boolean save(String filename) {
        StringBuilder text = new StringBuilder();
        for (AclUser user : users.values()) {
            text.append("user ").append(user.name()).append(' ').append(describe(user)).append('\n');
        }
        Path target = Path.of(filename);
        Path temp = Path.of(filename + ".tmp-" + ProcessHandle.current().pid() + "-" + engine.clock().millis());
        try {
            Files.write(temp, text.toString().getBytes(StandardCharsets.ISO_8859_1));
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the temporary file is left behind, as Redis leaves it when unlink fails
            }
            return false;
        }
    }

    /**
     * Redis's ACLLoadFromFile: all or nothing. Returns null when loaded, else the errors in one line. The
     * users replaced by the load are freed and their clients disconnected, as in Redis.
     */
    public String load(String filename) {
        String content;
        try {
            content = new String(Files.readAllBytes(Path.of(filename)), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return "Error loading ACLs, opening file '" + filename + "': No such file or directory";
        } catch (AccessDeniedException e) {
            return "Error loading ACLs, opening file '" + filename + "': Permission denied";
        } catch (IOException e) {
            return "Error loading ACLs, opening file '" + filename + "': " + e.getMessage();
        }
        TreeMap<String, AclUser> loaded = new TreeMap<>();
        StringBuilder errors = new StringBuilder();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = strip(lines[i], " \t\r\n");
            if (line.isEmpty()) {
                continue;
            }
            String[] argv = line.split(" ", -1);
            if (!argv[0].equals("user") || argv.length < 2) {
                errors.append(filename).append(':').append(lineNumber)
                        .append(" should start with user keyword followed by the username. ");
                continue;
            }
            if (hasSpaces(argv[1])) {
                errors.append("'").append(filename).append(':').append(lineNumber).append(": username '")
                        .append(argv[1]).append("' contains invalid characters. ");
                continue;
            }
            if (loaded.containsKey(argv[1])) {
                errors.append("WARNING: Duplicate user '").append(argv[1]).append("' found on line ")
                        .append(lineNumber).append(". ");
                continue;
            }
            AclUser user = new AclUser(argv[1], pubsubDefault());
            loaded.put(argv[1], user);
            List<String> merged = mergeSelectors(List.of(argv).subList(2, argv.length));
            if (merged == null) {
                errors.append(filename).append(':').append(lineNumber)
                        .append(": Unmatched parenthesis in selector definition.");
                merged = List.of();
            }
            boolean syntaxError = false;
            for (String rule : merged) {
                String op = strip(rule, "\t\r\n");
                RuleError error = apply(user, op);
                if (error == RuleError.UNKNOWN) {
                    errors.append(filename).append(':').append(lineNumber).append(": Error in applying operation '")
                            .append(op).append("': ").append(error.message).append(". ");
                } else if (error != null && !syntaxError) {
                    errors.append(filename).append(':').append(lineNumber).append(": ").append(error.message)
                            .append(". ");
                    syntaxError = true;
                }
            }
            user.refresh();
        }
        if (!errors.isEmpty()) {
            return errors.append("WARNING: ACL errors detected, no change to the previously active ACL rules was "
                    + "performed").toString();
        }
        AclUser newDefault = loaded.remove("default");
        defaultUser.copyFrom(newDefault == null ? createDefaultUser() : newDefault);
        loaded.put("default", defaultUser);
        TreeMap<String, AclUser> old = users;
        users = loaded;
        for (Map.Entry<String, AclUser> entry : old.entrySet()) {
            if (entry.getValue() != defaultUser) {
                killClientsOf(entry.getValue());
            }
        }
        return null;
    }

    /** sdstrim: removes the given characters from both ends. */
    private static String strip(String s, String chars) {
        int start = 0;
        int end = s.length();
        while (start < end && chars.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && chars.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }
}
