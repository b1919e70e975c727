package dev.redisinside.engine.acl;

import dev.redisinside.engine.command.AclCatalog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One set of permissions (Redis's aclSelector): allowed commands as a bitmap over the catalog ids,
 * allowed first arguments, key patterns with read/write flags and channel patterns. A user has a root
 * selector and any number of extra ones; a command is allowed when one selector allows it.
 */
final class AclSelector {

    static final int ROOT = 1;
    static final int ALL_KEYS = 1 << 1;
    static final int ALL_COMMANDS = 1 << 2;
    static final int ALL_CHANNELS = 1 << 3;

    static final int READ = 1;
    static final int WRITE = 2;
    static final int READ_WRITE = READ | WRITE;

    /** A key pattern and the access it grants (READ, WRITE or both). */
    static final class KeyPattern {
        final String pattern;
        final byte[] bytes;
        int permissions;

        KeyPattern(String pattern, int permissions) {
            this.pattern = pattern;
            this.bytes = pattern.getBytes(StandardCharsets.ISO_8859_1);
            this.permissions = permissions;
        }

        /** Redis's sdsCatPatternString. */
        String describe() {
            String prefix = switch (permissions) {
                case READ -> "%R~";
                case WRITE -> "%W~";
                default -> "~";
            };
            return prefix + pattern;
        }
    }

    int flags;
    BitSet commands = new BitSet();
    /** Redis's reserved last bit: set by +@all, so the rules describe as "+@all minus ..." (future commands). */
    boolean futureCommands;
    /** Command id to the first arguments allowed for an otherwise denied command; null when none. */
    Map<Integer, List<String>> firstArgs;
    final List<KeyPattern> patterns = new ArrayList<>();
    final List<String> channels = new ArrayList<>();
    /** The channel patterns as bytes, kept next to {@link #channels} for matching. */
    final List<byte[]> channelBytes = new ArrayList<>();

    AclSelector(int flags) {
        this.flags = flags;
    }

    AclSelector copy() {
        AclSelector copy = new AclSelector(flags);
        copy.commands = (BitSet) commands.clone();
        copy.futureCommands = futureCommands;
        if (firstArgs != null) {
            copy.firstArgs = new LinkedHashMap<>();
            firstArgs.forEach((id, args) -> copy.firstArgs.put(id, new ArrayList<>(args)));
        }
        for (KeyPattern p : patterns) {
            copy.patterns.add(new KeyPattern(p.pattern, p.permissions));
        }
        copy.channels.addAll(channels);
        copy.channelBytes.addAll(channelBytes);
        return copy;
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Redis's ACLSetSelectorCommandBit: clearing any bit also clears ALL_COMMANDS. */
    void setCommandBit(int id, boolean value) {
        if (value) {
            commands.set(id);
        } else {
            commands.clear(id);
            flags &= ~ALL_COMMANDS;
        }
    }

    /** Redis's ACLChangeSelectorPerm: a container's rule applies to its subcommands too. */
    void changePermission(AclCatalog.Entry command, boolean allow) {
        setCommandBit(command.id(), allow);
        if (firstArgs != null) {
            firstArgs.remove(command.id());
        }
        for (AclCatalog.Entry sub : command.subcommands()) {
            setCommandBit(sub.id(), allow);
        }
    }

    void changeCategory(List<AclCatalog.Entry> commands, int category, boolean allow) {
        long bit = 1L << category;
        for (AclCatalog.Entry command : commands) {
            if ((command.categories() & bit) != 0) {
                changePermission(command, allow);
            }
            if (!command.subcommands().isEmpty()) {
                changeCategory(command.subcommands(), category, allow);
            }
        }
    }

    void allCommands(int catalogSize) {
        commands.set(0, catalogSize);
        futureCommands = true;
        flags |= ALL_COMMANDS;
        firstArgs = null;
    }

    void noCommands() {
        commands.clear();
        futureCommands = false;
        flags &= ~ALL_COMMANDS;
        firstArgs = null;
    }

    void addFirstArg(int id, String arg) {
        if (firstArgs == null) {
            firstArgs = new LinkedHashMap<>();
        }
        List<String> args = firstArgs.computeIfAbsent(id, k -> new ArrayList<>());
        for (String existing : args) {
            if (existing.equalsIgnoreCase(arg)) {
                return;
            }
        }
        args.add(arg);
    }

    void resetKeys() {
        flags &= ~ALL_KEYS;
        patterns.clear();
    }

    void allKeys() {
        flags |= ALL_KEYS;
        patterns.clear();
    }

    void resetChannels() {
        flags &= ~ALL_CHANNELS;
        channels.clear();
        channelBytes.clear();
    }

    void allChannels() {
        flags |= ALL_CHANNELS;
        channels.clear();
        channelBytes.clear();
    }

    void addKeyPattern(String pattern, int permissions) {
        for (KeyPattern existing : patterns) {
            if (existing.pattern.equals(pattern)) {
                existing.permissions |= permissions;
                flags &= ~ALL_KEYS;
                return;
            }
        }
        patterns.add(new KeyPattern(pattern, permissions));
        flags &= ~ALL_KEYS;
    }

    void addChannel(String pattern) {
        if (!channels.contains(pattern)) {
            channels.add(pattern);
            channelBytes.add(pattern.getBytes(StandardCharsets.ISO_8859_1));
        }
        flags &= ~ALL_CHANNELS;
    }

    /** The key patterns as GETUSER shows them. */
    String describeKeys() {
        if (has(ALL_KEYS)) {
            return "~*";
        }
        StringBuilder text = new StringBuilder();
        for (KeyPattern p : patterns) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(p.describe());
        }
        return text.toString();
    }

    /** The channel patterns as GETUSER shows them. */
    String describeChannels() {
        if (has(ALL_CHANNELS)) {
            return "&*";
        }
        StringBuilder text = new StringBuilder();
        for (String channel : channels) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append('&').append(channel);
        }
        return text.toString();
    }
}
