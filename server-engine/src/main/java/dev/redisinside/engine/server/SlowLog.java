package dev.redisinside.engine.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;

/** SLOWLOG: the newest commands that ran at least {@code slowlog-log-slower-than} microseconds. */
public final class SlowLog {

    private static final int MAX_ARGC = 32;
    private static final int MAX_STRING = 128;

    /** One logged command, its arguments trimmed as Redis trims them. */
    public record Entry(long id, long time, long durationMicros, byte[][] argv, String peer, String clientName) {
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextId;

    /** Adds the command (newest first) and drops the oldest beyond {@code maxLen}. */
    public void add(Client client, byte[][] argv, long durationMicros, long nowSeconds, long maxLen) {
        int argc = Math.min(argv.length, MAX_ARGC);
        byte[][] kept = new byte[argc][];
        for (int j = 0; j < argc; j++) {
            if (argc != argv.length && j == argc - 1) {
                kept[j] = ("... (" + (argv.length - argc + 1) + " more arguments)").getBytes(StandardCharsets.US_ASCII);
            } else if (argv[j].length > MAX_STRING) {
                byte[] suffix = ("... (" + (argv[j].length - MAX_STRING) + " more bytes)").getBytes(StandardCharsets.US_ASCII);
                byte[] trimmed = new byte[MAX_STRING + suffix.length];
                System.arraycopy(argv[j], 0, trimmed, 0, MAX_STRING);
                System.arraycopy(suffix, 0, trimmed, MAX_STRING, suffix.length);
                kept[j] = trimmed;
            } else {
                kept[j] = argv[j].clone();
            }
        }
        entries.addFirst(new Entry(nextId++, nowSeconds, durationMicros, kept, client.address(), client.name));
        trim(maxLen);
    }

    public void trim(long maxLen) {
        while (entries.size() > maxLen) {
            entries.removeLast();
        }
    }

    public int size() {
        return entries.size();
    }

    /** Newest first. */
    public Iterator<Entry> iterator() {
        return entries.iterator();
    }

    public void reset() {
        entries.clear();
    }
}
