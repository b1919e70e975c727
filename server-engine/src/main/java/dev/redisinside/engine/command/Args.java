package dev.redisinside.engine.command;

import java.nio.charset.StandardCharsets;

/**
 * A command's arguments with a cursor for option parsing. Index 0 is the command name. Text views
 * use Latin-1 so that every byte maps to one char and error messages can quote arguments exactly.
 */
public final class Args {

    private final byte[][] argv;
    private int position;

    public Args(byte[][] argv) {
        this(argv, 1);
    }

    public Args(byte[][] argv, int position) {
        this.argv = argv;
        this.position = position;
    }

    /** Number of arguments including the command name. */
    public int size() {
        return argv.length;
    }

    public byte[] get(int index) {
        return argv[index];
    }

    public byte[][] all() {
        return argv;
    }

    /** The argument as text (Latin-1, byte preserving). */
    public String string(int index) {
        return new String(argv[index], StandardCharsets.ISO_8859_1);
    }

    /** Whether the argument equals the word, ignoring ASCII case. */
    public boolean is(int index, String word) {
        return equalsIgnoreCase(argv[index], word);
    }

    public long longAt(int index) {
        return Numbers.parseLong(argv[index]);
    }

    /** The argument as a double, or {@link RedisErrors#NOT_FLOAT}. */
    public double doubleAt(int index) {
        Double value = Numbers.parseDouble(argv[index]);
        if (value == null) {
            throw new RedisException(RedisErrors.NOT_FLOAT);
        }
        return value;
    }

    // ---- cursor ----

    public int position() {
        return position;
    }

    public void position(int position) {
        this.position = position;
    }

    public boolean hasNext() {
        return position < argv.length;
    }

    public int remaining() {
        return argv.length - position;
    }

    public byte[] next() {
        if (position >= argv.length) {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        return argv[position++];
    }

    public String nextString() {
        return new String(next(), StandardCharsets.ISO_8859_1);
    }

    public long nextLong() {
        return Numbers.parseLong(next());
    }

    public double nextDouble() {
        Double value = Numbers.parseDouble(next());
        if (value == null) {
            throw new RedisException(RedisErrors.NOT_FLOAT);
        }
        return value;
    }

    /** Consumes the next argument if it equals the word (ignoring case). */
    public boolean nextIs(String word) {
        if (position < argv.length && equalsIgnoreCase(argv[position], word)) {
            position++;
            return true;
        }
        return false;
    }

    /** Peeks at the next argument without consuming it. */
    public boolean peekIs(String word) {
        return position < argv.length && equalsIgnoreCase(argv[position], word);
    }

    public static boolean equalsIgnoreCase(byte[] arg, String word) {
        if (arg.length != word.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            int a = arg[i];
            int b = word.charAt(i);
            if (a != b) {
                if (a >= 'A' && a <= 'Z') {
                    a += 32;
                }
                if (b >= 'A' && b <= 'Z') {
                    b += 32;
                }
                if (a != b) {
                    return false;
                }
            }
        }
        return true;
    }
}
