package dev.redisinside.engine.command;

import dev.redisinside.engine.protocol.RespValues;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command table: Redis's own metadata (recorded from a live Redis by
 * {@code tools/record-command-table.py} into {@code command-info.resp3} and {@code command-docs.resp3})
 * joined with our handlers. Commands without a handler are left out, so COMMAND tells the truth about
 * what this server implements.
 */
public final class CommandTable {

    private static final String RESOURCE_DIR = "/dev/redisinside/engine/command/";

    private final Map<String, Command> commands = new LinkedHashMap<>();
    private Command[] slots = new Command[512];

    public CommandTable(CommandRegistry registry) {
        Map<String, CommandHandler> handlers = new LinkedHashMap<>(registry.handlers());
        Map<String, Object> docs = Recorded.DOCS;
        for (List<?> entry : Recorded.INFO) {
            Command command = build(entry, null, handlers, docs);
            if (command != null) {
                commands.put(command.name(), command);
            }
        }
        if (!handlers.isEmpty()) {
            throw new IllegalStateException("Handlers without a recorded command spec: " + handlers.keySet());
        }
        for (Command command : commands.values()) {
            index(command);
            command.aclId = Recorded.CATALOG.lookup(command.fullName()).id();
            for (Command sub : command.subcommands().values()) {
                sub.aclId = Recorded.CATALOG.lookup(sub.fullName()).id();
            }
        }
    }

    /** Every recorded command with its ACL id and categories, implemented or not. */
    public AclCatalog aclCatalog() {
        return Recorded.CATALOG;
    }

    /** The command for the request (the subcommand of a container), or null if there is none. */
    public Command lookup(byte[][] argv) {
        Command base = lookupName(argv[0]);
        if (base == null || !base.isContainer() || argv.length == 1) {
            return base;
        }
        return base.subcommands().get(new String(argv[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
    }

    /** A top-level command by name, ignoring case, without allocating. */
    public Command lookupName(byte[] name) {
        int mask = slots.length - 1;
        for (int i = hashIgnoreCase(name) & mask; ; i = (i + 1) & mask) {
            Command c = slots[i];
            if (c == null) {
                return null;
            }
            if (Args.equalsIgnoreCase(name, c.name())) {
                return c;
            }
        }
    }

    /** A command by name or {@code container|sub} full name, ignoring case. */
    public Command lookupFullName(String fullName) {
        String lower = fullName.toLowerCase(Locale.ROOT);
        int bar = lower.indexOf('|');
        if (bar < 0) {
            return commands.get(lower);
        }
        Command base = commands.get(lower.substring(0, bar));
        return base == null ? null : base.subcommands().get(lower.substring(bar + 1));
    }

    public Collection<Command> commands() {
        return Collections.unmodifiableCollection(commands.values());
    }

    public int size() {
        return commands.size();
    }

    private void index(Command command) {
        int mask = slots.length - 1;
        int i = hashIgnoreCase(command.name().getBytes(StandardCharsets.ISO_8859_1)) & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = command;
    }

    private static int hashIgnoreCase(byte[] name) {
        int h = 0;
        for (byte b : name) {
            int c = b >= 'A' && b <= 'Z' ? b + 32 : b;
            h = 31 * h + c;
        }
        return h ^ (h >>> 11);
    }

    /**
     * Commands whose may_replicate flag COMMAND INFO hides on purpose (Redis 7.0's command JSON files): CLIENT
     * PAUSE WRITE holds them back like writes.
     */
    private static final java.util.Set<String> HIDDEN_MAY_REPLICATE =
            java.util.Set.of("eval", "evalsha", "fcall", "pfcount", "publish", "spublish");

    private static Command build(List<?> info, Command parent, Map<String, CommandHandler> handlers,
            Map<String, Object> docs) {
        String fullName = text(info.get(0));
        CommandHandler handler = handlers.remove(fullName);
        List<?> recordedSubs = info.size() > 9 ? setMembers(info.get(9)) : List.of();
        List<Command> subs = new ArrayList<>();
        List<Object> keptSubInfo = new ArrayList<>();
        for (Object sub : recordedSubs) {
            Command subcommand = build((List<?>) sub, null, handlers, docs);
            if (subcommand != null) {
                subs.add(subcommand);
                keptSubInfo.add(sub);
            }
        }
        if (handler == null && subs.isEmpty()) {
            return null;
        }
        long flags = 0;
        for (Object flag : setMembers(info.get(2))) {
            flags |= flag(text(flag));
        }
        if (HIDDEN_MAY_REPLICATE.contains(fullName)) {
            flags |= Command.MAY_REPLICATE;
        }
        List<Object> trimmedInfo = new ArrayList<>(info);
        if (info.size() > 9) {
            trimmedInfo.set(9, info.get(9) instanceof RespValues.Set ? new RespValues.Set(keptSubInfo) : keptSubInfo);
        }
        Object commandDocs = docs.get(fullName);
        if (!subs.isEmpty() && commandDocs instanceof RespValues.Map map) {
            commandDocs = trimDocSubcommands(map, subs);
        }
        Command command = new Command(fullName, ((Number) info.get(1)).intValue(), flags,
                ((Number) info.get(3)).intValue(), ((Number) info.get(4)).intValue(), ((Number) info.get(5)).intValue(),
                trimmedInfo, commandDocs, handler);
        subs.forEach(command::addSubcommand);
        return command;
    }

    /**
     * The recorded entries plus the extra ones (commands newer than the recording). An extra subcommand
     * ({@code client|setinfo}) joins its recorded container's subcommand list.
     */
    private static List<List<?>> loadInfo() {
        Map<String, List<Object>> entries = new LinkedHashMap<>();
        for (String resource : List.of("command-info.resp3", "command-info-extra.resp3")) {
            byte[] data = readResource(resource);
            if (data == null) {
                continue;
            }
            for (Object entry : (List<?>) RespValues.parseAll(data).get(0)) {
                List<Object> info = new ArrayList<>((List<?>) entry);
                String name = text(info.get(0));
                int bar = name.indexOf('|');
                List<Object> parent = bar < 0 ? null : entries.get(name.substring(0, bar));
                if (parent != null) {
                    List<Object> subs = new ArrayList<>(setMembers(parent.get(9)));
                    subs.add(info);
                    parent.set(9, parent.get(9) instanceof RespValues.Set ? new RespValues.Set(subs) : subs);
                } else {
                    entries.put(name, info);
                }
            }
        }
        return new ArrayList<>(entries.values());
    }

    private static Object trimDocSubcommands(RespValues.Map docs, List<Command> kept) {
        List<Object> entries = new ArrayList<>(docs.entries());
        for (int i = 0; i < entries.size(); i += 2) {
            if ("subcommands".equals(text(entries.get(i))) && entries.get(i + 1) instanceof RespValues.Map subs) {
                List<Object> keptEntries = new ArrayList<>();
                for (int j = 0; j < subs.entries().size(); j += 2) {
                    String subName = text(subs.entries().get(j));
                    if (kept.stream().anyMatch(c -> c.fullName().equals(subName))) {
                        keptEntries.add(subs.entries().get(j));
                        keptEntries.add(subs.entries().get(j + 1));
                    }
                }
                entries.set(i + 1, new RespValues.Map(keptEntries));
            }
        }
        return new RespValues.Map(entries);
    }

    /**
     * The recordings, parsed once per JVM: every server builds its table from them, and parsing them
     * was most of a server's start-up time. Read-only once loaded.
     */
    private static final class Recorded {
        static final List<List<?>> INFO = Collections.unmodifiableList(loadInfo());
        static final Map<String, Object> DOCS = Collections.unmodifiableMap(loadDocs());
        static final AclCatalog CATALOG = new AclCatalog(INFO);
    }

    private static Map<String, Object> loadDocs() {
        Map<String, Object> docs = new LinkedHashMap<>();
        for (String resource : List.of("command-docs.resp3", "command-docs-extra.resp3")) {
            byte[] data = readResource(resource);
            if (data == null) {
                continue;
            }
            RespValues.Map all = (RespValues.Map) RespValues.parseAll(data).get(0);
            for (int i = 0; i < all.entries().size(); i += 2) {
                String name = text(all.entries().get(i));
                Object doc = all.entries().get(i + 1);
                docs.put(name, doc);
                int bar = name.indexOf('|');
                if (bar > 0 && docs.get(name.substring(0, bar)) instanceof RespValues.Map parent) {
                    docs.put(name.substring(0, bar), withSubcommandDoc(parent, all.entries().get(i), doc));
                }
                if (doc instanceof RespValues.Map map && map.get("subcommands") instanceof RespValues.Map subs) {
                    for (int j = 0; j < subs.entries().size(); j += 2) {
                        docs.put(text(subs.entries().get(j)), subs.entries().get(j + 1));
                    }
                }
            }
        }
        return docs;
    }

    private static RespValues.Map withSubcommandDoc(RespValues.Map parent, Object name, Object doc) {
        List<Object> entries = new ArrayList<>(parent.entries());
        for (int i = 0; i < entries.size(); i += 2) {
            if ("subcommands".equals(text(entries.get(i))) && entries.get(i + 1) instanceof RespValues.Map subs) {
                List<Object> merged = new ArrayList<>(subs.entries());
                merged.add(name);
                merged.add(doc);
                entries.set(i + 1, new RespValues.Map(merged));
            }
        }
        return new RespValues.Map(entries);
    }

    private static List<?> setMembers(Object value) {
        if (value instanceof RespValues.Set set) {
            return set.members();
        }
        return (List<?>) value;
    }

    static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(value);
    }

    private static long flag(String name) {
        return switch (name) {
            case "write" -> Command.WRITE;
            case "readonly" -> Command.READONLY;
            case "denyoom" -> Command.DENYOOM;
            case "admin" -> Command.ADMIN;
            case "pubsub" -> Command.PUBSUB;
            case "noscript" -> Command.NOSCRIPT;
            case "blocking" -> Command.BLOCKING;
            case "loading" -> Command.LOADING;
            case "stale" -> Command.STALE;
            case "skip_monitor" -> Command.SKIP_MONITOR;
            case "skip_slowlog" -> Command.SKIP_SLOWLOG;
            case "fast" -> Command.FAST;
            case "no_auth" -> Command.NO_AUTH;
            case "may_replicate" -> Command.MAY_REPLICATE;
            case "no_multi" -> Command.NO_MULTI;
            case "movablekeys" -> Command.MOVABLEKEYS;
            case "allow_busy" -> Command.ALLOW_BUSY;
            case "no_mandatory_keys" -> Command.NO_MANDATORY_KEYS;
            default -> 0L;
        };
    }

    private static byte[] readResource(String name) {
        try (InputStream in = CommandTable.class.getResourceAsStream(RESOURCE_DIR + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
