package dev.redisinside.engine.command;

import dev.redisinside.engine.protocol.RespValues;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every command Redis has, as ACL rules see it: a numeric id (the bit in a user's command bitmap) and
 * the ACL categories, for all recorded commands, implemented or not. ACL rules name Redis's commands,
 * and ACL GETUSER describes rules by counting categories over Redis's whole table, so the catalog is the
 * recording rather than the handlers we have.
 */
public final class AclCatalog {

    /** Redis's ACL categories, in the order ACL CAT lists them (their index is the category's bit). */
    public static final List<String> CATEGORIES = List.of("keyspace", "read", "write", "set", "sortedset", "list",
            "hash", "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
            "dangerous", "connection", "transaction", "scripting");

    /** One command or subcommand of Redis's table. */
    public static final class Entry {
        private final String fullName;
        private final int id;
        private final long categories;
        private final boolean subcommand;
        private final List<Entry> subcommands = new ArrayList<>();

        Entry(String fullName, int id, long categories, boolean subcommand) {
            this.fullName = fullName;
            this.id = id;
            this.categories = categories;
            this.subcommand = subcommand;
        }

        /** {@code get} or {@code config|get}. */
        public String fullName() {
            return fullName;
        }

        public int id() {
            return id;
        }

        /** The category bits (index in {@link #CATEGORIES}). */
        public long categories() {
            return categories;
        }

        public boolean isSubcommand() {
            return subcommand;
        }

        public List<Entry> subcommands() {
            return Collections.unmodifiableList(subcommands);
        }
    }

    private final List<Entry> commands = new ArrayList<>();
    private final Map<String, Entry> byFullName = new HashMap<>();
    private int size;

    AclCatalog(List<List<?>> recordedInfo) {
        for (List<?> info : recordedInfo) {
            Entry entry = add(info, false);
            commands.add(entry);
            if (info.size() > 9) {
                for (Object sub : members(info.get(9))) {
                    entry.subcommands.add(add((List<?>) sub, true));
                }
            }
        }
    }

    private Entry add(List<?> info, boolean subcommand) {
        long bits = 0;
        for (Object category : members(info.get(6))) {
            int index = CATEGORIES.indexOf(CommandTable.text(category).substring(1));
            if (index >= 0) {
                bits |= 1L << index;
            }
        }
        Entry entry = new Entry(CommandTable.text(info.get(0)), size++, bits, subcommand);
        byFullName.put(entry.fullName, entry);
        return entry;
    }

    private static List<?> members(Object value) {
        return value instanceof RespValues.Set set ? set.members() : (List<?>) value;
    }

    /** The top-level commands; their subcommands hang from them. */
    public List<Entry> commands() {
        return Collections.unmodifiableList(commands);
    }

    /** How many ids are in use (commands and subcommands). */
    public int size() {
        return size;
    }

    /**
     * Redis's lookupCommandBySds on the original table: {@code name} or {@code container|sub}, ignoring
     * case; a {@code |} after a command without subcommands, or a second {@code |}, finds nothing.
     */
    public Entry lookup(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int bar = lower.indexOf('|');
        if (bar < 0) {
            Entry entry = byFullName.get(lower);
            return entry == null || entry.subcommand ? null : entry;
        }
        if (lower.indexOf('|', bar + 1) >= 0) {
            return null;
        }
        Entry base = byFullName.get(lower.substring(0, bar));
        if (base == null || base.subcommand || base.subcommands.isEmpty()) {
            return null;
        }
        Entry sub = byFullName.get(lower);
        return sub != null && sub.subcommand ? sub : null;
    }

    /** The category's bit index, ignoring case, or -1. */
    public static int category(String name) {
        for (int i = 0; i < CATEGORIES.size(); i++) {
            if (CATEGORIES.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
