package dev.redisinside.engine.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;

import java.io.ByteArrayInputStream;

/**
 * Compiles Lua text with LuaJ and words its syntax errors as Lua 5.1 does: LuaJ drops the
 * {@code near '<token>'} part, so the token is found again from how far LuaJ had read when it stopped.
 */
final class Compiler {

    private Compiler() {
    }

    static LuaFunction load(Globals g, byte[] text, String chunkname, LuaValue env) {
        if (text.length > 0 && text[0] == 0x1b) {
            // a binary chunk is parsed as text, as Redis 7.0's Lua does, and its ESC is no symbol
            throw new LuaError(org.luaj.vm2.Lua.chunkid(chunkname) + ":1: unexpected symbol near 'char(27)'");
        }
        Counting in = new Counting(text);
        try {
            return (LuaFunction) g.load(in, chunkname, "t", env);
        } catch (LuaError e) {
            boolean atEnd = false;
            if (in.consumed() >= text.length) {
                // LuaJ read everything: it stopped either on the last token or past it, at <eof>; with two
                // more newlines the first leaves one unread, the second reads both
                byte[] longer = java.util.Arrays.copyOf(text, text.length + 2);
                longer[text.length] = '\n';
                longer[text.length + 1] = '\n';
                Counting again = new Counting(longer);
                try {
                    g.load(again, chunkname, "t", env);
                } catch (LuaError ignored) {
                    atEnd = again.consumed() >= longer.length;
                }
            }
            throw new LuaError(reword(e.getMessage(), text, in.consumed(), atEnd));
        }
    }

    /** Counts what LuaJ's lexer has read: the current token and one character of look-ahead. */
    private static final class Counting extends ByteArrayInputStream {
        Counting(byte[] text) {
            super(text);
        }

        int consumed() {
            return pos;
        }
    }

    static String reword(String message, byte[] text, int consumed, boolean atEnd) {
        int end = consumed >= text.length ? text.length : consumed - 1;
        if (message == null) {
            return "";
        }
        String prefix = "";
        String msg = message;
        if (msg.startsWith("load ")) {
            // LuaJ's lexer failed on a number: "load @user_script: java.lang.NumberFormatException..."
            int colon = msg.indexOf(": ");
            String chunk = colon > 0 ? msg.substring(5, colon) : "?";
            Token t = tokenBefore(text, end);
            return chunkId(chunk) + ":" + lineAt(text, consumed) + ": malformed number near '" + t.text + "'";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(.*?:\\d+: )(.*)$", java.util.regex.Pattern.DOTALL).matcher(msg);
        if (m.matches()) {
            prefix = m.group(1);
            msg = m.group(2);
        }
        if (prefix.startsWith("@")) {
            prefix = prefix.substring(1);
        }
        if (msg.startsWith("unexpected symbol")) {
            msg = "unexpected symbol";
        } else if (msg.equals("syntax error")) {
            msg = "'=' expected";
        }
        msg = msg.replace("'<eos>'", "'<eof>'");
        if (msg.equals("chunk has too many syntax levels") || msg.startsWith("no visible label")
                || msg.contains("near '")) {
            return prefix + msg;
        }
        String near;
        if (msg.startsWith("unfinished")) {
            Token t = tokenBefore(text, end);
            near = consumed >= text.length || t == null ? "<eof>" : t.text;
        } else {
            Token t = atEnd ? null : tokenBefore(text, end);
            near = t == null ? "<eof>" : t.text;
        }
        return prefix + msg + " near '" + near + "'";
    }

    private static String chunkId(String chunk) {
        return chunk.startsWith("@") || chunk.startsWith("=") ? chunk.substring(1) : chunk;
    }

    private static int lineAt(byte[] text, int end) {
        int line = 1;
        for (int i = 0; i < Math.min(end, text.length); i++) {
            if (text[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private record Token(int start, int end, String text) {
    }

    /** The last token of {@code s} that ends at or before {@code end}, or null. */
    private static Token tokenBefore(byte[] s, int end) {
        Token last = null;
        int i = 0;
        while (i < s.length) {
            int c = s[i] & 0xff;
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x0b) {
                i++;
                continue;
            }
            int start = i;
            if (c == '-' && i + 1 < s.length && s[i + 1] == '-') {
                i += 2;
                int level = longBracket(s, i);
                if (level >= 0) {
                    i = skipLong(s, i + level + 2, level);
                } else {
                    while (i < s.length && s[i] != '\n') {
                        i++;
                    }
                }
                continue;
            }
            if (Character.isLetter(c) || c == '_') {
                while (i < s.length && (Character.isLetterOrDigit(s[i] & 0xff) || s[i] == '_')) {
                    i++;
                }
            } else if (Character.isDigit(c) || c == '.' && i + 1 < s.length && Character.isDigit(s[i + 1])) {
                while (i < s.length && (Character.isLetterOrDigit(s[i] & 0xff) || s[i] == '.' || s[i] == '_'
                        || (s[i] == '+' || s[i] == '-') && (s[i - 1] == 'e' || s[i - 1] == 'E'))) {
                    i++;
                }
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < s.length && s[i] != c && s[i] != '\n') {
                    if (s[i] == '\\') {
                        i++;
                    }
                    i++;
                }
                if (i < s.length && s[i] == c) {
                    i++;
                }
            } else if (c == '[' && longBracket(s, i) >= 0) {
                int level = longBracket(s, i);
                i = skipLong(s, i + level + 2, level);
            } else if (startsWith(s, i, "...")) {
                i += 3;
            } else if (startsWith(s, i, "..") || startsWith(s, i, "==") || startsWith(s, i, "~=")
                    || startsWith(s, i, "<=") || startsWith(s, i, ">=") || startsWith(s, i, "::")) {
                i += 2;
            } else {
                i++;
            }
            i = Math.min(i, s.length);
            if (i > end) {
                break;
            }
            last = new Token(start, i, new String(s, start, i - start, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return last;
    }

    private static boolean startsWith(byte[] s, int i, String token) {
        if (i + token.length() > s.length) {
            return false;
        }
        for (int j = 0; j < token.length(); j++) {
            if (s[i + j] != token.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    /** The level of a long bracket opening at {@code i} ({@code [==[} is 2), or -1. */
    private static int longBracket(byte[] s, int i) {
        if (i >= s.length || s[i] != '[') {
            return -1;
        }
        int level = 0;
        int j = i + 1;
        while (j < s.length && s[j] == '=') {
            level++;
            j++;
        }
        return j < s.length && s[j] == '[' ? level : -1;
    }

    private static int skipLong(byte[] s, int i, int level) {
        while (i < s.length) {
            if (s[i] == ']') {
                int j = i + 1;
                int l = 0;
                while (j < s.length && s[j] == '=') {
                    l++;
                    j++;
                }
                if (l == level && j < s.length && s[j] == ']') {
                    return j + 1;
                }
            }
            i++;
        }
        return s.length;
    }
}
