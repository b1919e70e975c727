package dev.redisinside.engine.command;

import dev.redisinside.engine.protocol.RespValues;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the key arguments of a command from its recorded key specs, as Redis's getKeysUsingKeySpecs
 * does (begin search by index or keyword, then a range or a key count). Used by COMMAND GETKEYS and
 * available to ACL key patterns and client tracking.
 */
public final class KeyExtractor {

    /** A key's position in argv (0 = command name) and its access flags ({@code RW}, {@code access}...). */
    public record KeyRef(int position, List<Object> flags) {
    }

    /** One parsed key spec. */
    private record Spec(List<Object> flags, boolean notKey, boolean incomplete, boolean variableFlags,
            int index, String keyword, int startFrom, boolean range, int lastKey, int keyStep, int limit,
            int keyNumIndex, int firstKey) {
    }

    private static final Map<Command, List<Spec>> SPECS = new ConcurrentHashMap<>();

    private KeyExtractor() {
    }

    /** Whether the command has at least one key spec that names real keys (Redis's doesCommandHaveKeys). */
    public static boolean hasKeys(Command command) {
        for (Spec spec : specs(command)) {
            if (!spec.notKey()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The keys of the request, or null when its arguments do not fit the specs (an out-of-range key count
     * or position). Commands whose access flags depend on the arguments (SET with GET, BITFIELD) get the
     * flags Redis's own key functions give them.
     */
    public static List<KeyRef> keys(Command command, byte[][] argv) {
        List<KeyRef> keys = keysBySpecs(command, argv);
        if (keys == null && command.fullName().equals("sort")) {
            return sortKeys(argv);
        }
        if (keys == null && command.fullName().equals("sort_ro")) {
            // sortROGetKeys: BY and GET patterns are not keys of the request, the sorted key always is.
            return List.of(new KeyRef(1, List.of("RO", "access")));
        }
        if (keys == null && command.fullName().equals("migrate")) {
            return migrateKeys(argv);
        }
        return keys;
    }

    /**
     * Redis's migrateGetKeys, used because MIGRATE's KEYS spec is incomplete: the key argument, or every
     * argument after KEYS (none when the key argument is not empty, MIGRATE's own syntax error). AUTH and
     * AUTH2 values are skipped, so a password spelled "keys" is not taken for the keyword.
     */
    private static List<KeyRef> migrateKeys(byte[][] argv) {
        int first = 3;
        int num = 1;
        for (int i = 6; i < argv.length; i++) {
            if (Args.equalsIgnoreCase(argv[i], "keys")) {
                if (argv[3].length > 0) {
                    num = 0;
                } else {
                    first = i + 1;
                    num = argv.length - first;
                }
                break;
            }
            if (Args.equalsIgnoreCase(argv[i], "auth")) {
                i += 1;
            } else if (Args.equalsIgnoreCase(argv[i], "auth2")) {
                i += 2;
            }
        }
        List<KeyRef> keys = new ArrayList<>();
        for (int i = 0; i < num; i++) {
            keys.add(new KeyRef(first + i, List.of("RW", "access", "delete")));
        }
        return keys;
    }

    /**
     * Redis's sortGetKeys, used because SORT's STORE spec is incomplete: the sorted key, and the last
     * STORE destination, skipping the arguments of LIMIT, GET and BY.
     */
    private static List<KeyRef> sortKeys(byte[][] argv) {
        List<KeyRef> keys = new ArrayList<>();
        keys.add(new KeyRef(1, List.of("RO", "access")));
        KeyRef store = null;
        for (int i = 2; i < argv.length; i++) {
            if (Args.equalsIgnoreCase(argv[i], "limit")) {
                i += 2;
            } else if (Args.equalsIgnoreCase(argv[i], "get") || Args.equalsIgnoreCase(argv[i], "by")) {
                i += 1;
            } else if (Args.equalsIgnoreCase(argv[i], "store") && i + 1 < argv.length) {
                store = new KeyRef(i + 1, List.of("OW", "update"));
            }
        }
        if (store != null) {
            keys.add(store);
        }
        return keys;
    }

    private static List<KeyRef> keysBySpecs(Command command, byte[][] argv) {
        List<Spec> specs = specs(command);
        List<KeyRef> keys = new ArrayList<>();
        boolean variable = false;
        for (Spec spec : specs) {
            variable |= spec.variableFlags();
        }
        if (variable) {
            List<KeyRef> special = variableFlagKeys(command, argv);
            if (special != null) {
                return special;
            }
        }
        int argc = argv.length;
        for (Spec spec : specs) {
            if (spec.notKey()) {
                continue;
            }
            int first = 0;
            if (spec.keyword() == null) {
                first = spec.index();
            } else {
                int start = spec.startFrom() > 0 ? spec.startFrom() : argc + spec.startFrom();
                int end = spec.startFrom() > 0 ? argc - 1 : 1;
                for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
                    if (i >= argc || i < 1) {
                        break;
                    }
                    if (Args.equalsIgnoreCase(argv[i], spec.keyword())) {
                        first = i + 1;
                        break;
                    }
                }
                if (first == 0) {
                    continue;
                }
            }
            int last;
            int step;
            if (spec.range()) {
                step = spec.keyStep();
                if (spec.lastKey() >= 0) {
                    last = first + spec.lastKey();
                } else if (spec.limit() == 0) {
                    last = argc + spec.lastKey();
                } else {
                    last = first + ((argc - first) / spec.limit() + spec.lastKey());
                }
            } else {
                step = spec.keyStep();
                if (spec.keyNumIndex() >= argc || first + spec.keyNumIndex() >= argc) {
                    return null;
                }
                Long numKeys = Numbers.parse(argv[first + spec.keyNumIndex()]);
                if (numKeys == null || numKeys < 0 || numKeys > Integer.MAX_VALUE) {
                    return null;
                }
                first += spec.firstKey();
                last = first + numKeys.intValue() - 1;
            }
            if (last >= argc || last < first || first >= argc) {
                return null;
            }
            for (int i = first; i <= last; i += Math.max(1, step)) {
                keys.add(new KeyRef(i, spec.flags()));
            }
            if (spec.incomplete()) {
                return null;
            }
        }
        return keys;
    }

    /** Redis's setGetKeys and bitfieldGetKeys: one key whose flags depend on the options. */
    private static List<KeyRef> variableFlagKeys(Command command, byte[][] argv) {
        if (command.fullName().equals("set")) {
            for (int i = 3; i < argv.length; i++) {
                if (Args.equalsIgnoreCase(argv[i], "get")) {
                    return List.of(new KeyRef(1, List.of("RW", "access", "update")));
                }
            }
            return List.of(new KeyRef(1, List.of("OW", "update")));
        }
        if (command.fullName().equals("bitfield")) {
            for (int i = 2; i < argv.length; i++) {
                if (Args.equalsIgnoreCase(argv[i], "set") || Args.equalsIgnoreCase(argv[i], "incrby")) {
                    return List.of(new KeyRef(1, List.of("RW", "access", "update")));
                }
            }
            return List.of(new KeyRef(1, List.of("RO", "access")));
        }
        return null;
    }

    private static List<Spec> specs(Command command) {
        return SPECS.computeIfAbsent(command, KeyExtractor::parse);
    }

    private static List<Spec> parse(Command command) {
        List<?> info = (List<?>) command.info();
        List<Spec> specs = new ArrayList<>();
        if (info.size() <= 8) {
            return specs;
        }
        for (Object entry : members(info.get(8))) {
            RespValues.Map map = (RespValues.Map) entry;
            List<Object> flags = members(map.get("flags"));
            RespValues.Map begin = (RespValues.Map) map.get("begin_search");
            RespValues.Map find = (RespValues.Map) map.get("find_keys");
            String beginType = CommandTable.text(begin.get("type"));
            RespValues.Map beginSpec = (RespValues.Map) begin.get("spec");
            String findType = CommandTable.text(find.get("type"));
            RespValues.Map findSpec = (RespValues.Map) find.get("spec");
            boolean unknown = !(beginType.equals("index") || beginType.equals("keyword"))
                    || !(findType.equals("range") || findType.equals("keynum"));
            boolean incomplete = unknown || flags.stream().anyMatch(f -> CommandTable.text(f).equals("incomplete"));
            boolean notKey = flags.stream().anyMatch(f -> CommandTable.text(f).equals("not_key"));
            boolean variable = flags.stream().anyMatch(f -> CommandTable.text(f).equals("variable_flags"));
            if (unknown) {
                specs.add(new Spec(flags, notKey, true, variable, 0, null, 0, true, 0, 1, 0, 0, 0));
                continue;
            }
            boolean keyword = beginType.equals("keyword");
            boolean range = findType.equals("range");
            specs.add(new Spec(flags, notKey, incomplete, variable,
                    keyword ? 0 : number(beginSpec, "index"),
                    keyword ? CommandTable.text(beginSpec.get("keyword")) : null,
                    keyword ? number(beginSpec, "startfrom") : 0,
                    range,
                    range ? number(findSpec, "lastkey") : 0,
                    number(findSpec, "keystep"),
                    range ? number(findSpec, "limit") : 0,
                    range ? 0 : number(findSpec, "keynumidx"),
                    range ? 0 : number(findSpec, "firstkey")));
        }
        return specs;
    }

    private static int number(RespValues.Map map, String key) {
        Object value = map.get(key);
        return value instanceof Number n ? n.intValue() : 0;
    }

    private static List<Object> members(Object value) {
        if (value instanceof RespValues.Set set) {
            return set.members();
        }
        return value instanceof List<?> list ? new ArrayList<>(list) : List.of();
    }
}
