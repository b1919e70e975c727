package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.Numbers;
import dev.redisinside.engine.command.RedisErrors;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.Reply;

import java.util.List;

/**
 * What HSCAN and SSCAN share with Redis's scanGenericCommand: the strtoul cursor, the COUNT and MATCH
 * options (parsed only after the key was found, as Redis does), the glob filter and the reply shape.
 */
final class ElementScan {

    /** The reply of a scan over a missing key (shared.emptyscan). */
    static void replyEmpty(Reply out) {
        out.array(2);
        out.bulk(new byte[] {'0'});
        out.array(0);
    }

    /** COUNT and MATCH of a collection scan. */
    record Options(long count, byte[] pattern) {

        boolean matches(byte[] element) {
            return pattern == null || Glob.matches(pattern, element);
        }
    }

    private ElementScan() {
    }

    /** Parses the cursor like parseScanCursorOrReply (strtoul in base 10, the whole argument). */
    static long parseCursor(byte[] text) {
        int i = 0;
        int n = text.length;
        if (n > 0 && isSpace(text[0])) {
            throw new RedisException(RedisErrors.INVALID_CURSOR);
        }
        boolean negative = false;
        if (i < n && (text[i] == '+' || text[i] == '-')) {
            negative = text[i] == '-';
            i++;
        }
        if (i == n) {
            if (n == 0) {
                return 0;
            }
            throw new RedisException(RedisErrors.INVALID_CURSOR);
        }
        long value = 0;
        for (; i < n; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new RedisException(RedisErrors.INVALID_CURSOR);
            }
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, 10)) > 0) {
                throw new RedisException(RedisErrors.INVALID_CURSOR);
            }
            long next = value * 10 + digit;
            if (Long.compareUnsigned(next, value * 10) < 0) {
                throw new RedisException(RedisErrors.INVALID_CURSOR);
            }
            value = next;
        }
        return negative ? -value : value;
    }

    /** Parses the options that follow the cursor (argument 3 on). */
    static Options parseOptions(Args args) {
        long count = 10;
        byte[] pattern = null;
        int i = 3;
        while (i < args.size()) {
            int left = args.size() - i;
            if (args.is(i, "count") && left >= 2) {
                count = Numbers.parseLong(args.get(i + 1));
                if (count < 1) {
                    throw new RedisException(RedisErrors.SYNTAX);
                }
                i += 2;
            } else if (args.is(i, "match") && left >= 2) {
                byte[] p = args.get(i + 1);
                pattern = p.length == 1 && p[0] == '*' ? null : p;
                i += 2;
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        return new Options(count, pattern);
    }

    /** Writes {@code [cursor, [elements...]]}; the cursor is written as Redis's signed long long. */
    static void reply(Reply out, long cursor, List<byte[]> elements) {
        out.array(2);
        out.bulkLong(cursor);
        out.arrayOfBulks(elements);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    /** Redis's glob matching (util.c stringmatchlen), case sensitive, on raw bytes. */
    static final class Glob {

        private Glob() {
        }

        static boolean matches(byte[] pattern, byte[] string) {
            return new Glob().match(pattern, 0, pattern.length, string, 0, string.length);
        }

        private boolean skipLongerMatches;

        private static int at(byte[] b, int i) {
            return i < b.length ? b[i] : 0;
        }

        private boolean match(byte[] pat, int p, int patLen, byte[] str, int s, int strLen) {
            while (patLen > 0 && strLen > 0) {
                switch (pat[p]) {
                    case '*' -> {
                        while (patLen > 0 && at(pat, p + 1) == '*') {
                            p++;
                            patLen--;
                        }
                        if (patLen == 1) {
                            return true;
                        }
                        while (strLen > 0) {
                            if (match(pat, p + 1, patLen - 1, str, s, strLen)) {
                                return true;
                            }
                            if (skipLongerMatches) {
                                return false;
                            }
                            s++;
                            strLen--;
                        }
                        skipLongerMatches = true;
                        return false;
                    }
                    case '?' -> {
                        s++;
                        strLen--;
                    }
                    case '[' -> {
                        p++;
                        patLen--;
                        boolean not = at(pat, p) == '^';
                        if (not) {
                            p++;
                            patLen--;
                        }
                        boolean matched = false;
                        while (true) {
                            if (at(pat, p) == '\\' && patLen >= 2) {
                                p++;
                                patLen--;
                                if (at(pat, p) == str[s]) {
                                    matched = true;
                                }
                            } else if (at(pat, p) == ']') {
                                break;
                            } else if (patLen == 0) {
                                p--;
                                patLen++;
                                break;
                            } else if (patLen >= 3 && at(pat, p + 1) == '-') {
                                int start = at(pat, p);
                                int end = at(pat, p + 2);
                                int c = str[s];
                                if (start > end) {
                                    int t = start;
                                    start = end;
                                    end = t;
                                }
                                p += 2;
                                patLen -= 2;
                                if (c >= start && c <= end) {
                                    matched = true;
                                }
                            } else if (at(pat, p) == str[s]) {
                                matched = true;
                            }
                            p++;
                            patLen--;
                        }
                        if (not) {
                            matched = !matched;
                        }
                        if (!matched) {
                            return false;
                        }
                        s++;
                        strLen--;
                    }
                    default -> {
                        if (pat[p] == '\\' && patLen >= 2) {
                            p++;
                            patLen--;
                        }
                        if (at(pat, p) != str[s]) {
                            return false;
                        }
                        s++;
                        strLen--;
                    }
                }
                p++;
                patLen--;
                if (strLen == 0) {
                    while (at(pat, p) == '*' && patLen > 0) {
                        p++;
                        patLen--;
                    }
                    break;
                }
            }
            return patLen == 0 && strLen == 0;
        }
    }
}
