package dev.redisinside.engine.pubsub;

/**
 * Glob matching with the exact semantics of Redis's {@code stringmatchlen} (util.c): {@code *}, {@code ?},
 * {@code [...]} classes with ranges and {@code ^}, backslash escapes, comparisons on signed bytes, and the
 * early exit that stops a {@code *} from retrying longer matches once the rest cannot match anywhere.
 * Private to Pub/Sub until a shared matcher exists in the command package.
 */
final class ChannelPattern {

    private ChannelPattern() {
    }

    static boolean matches(byte[] pattern, byte[] string) {
        return match(pattern, 0, string, 0, new boolean[1]);
    }

    /** The pattern byte at {@code i}, or 0 past the end (C reads the string's terminating NUL there). */
    private static int at(byte[] b, int i) {
        return i < b.length ? b[i] : 0;
    }

    private static boolean match(byte[] pattern, int p, byte[] string, int s, boolean[] skipLonger) {
        int plen = pattern.length - p;
        int slen = string.length - s;
        while (plen > 0 && slen > 0) {
            switch (pattern[p]) {
                case '*' -> {
                    while (plen > 0 && at(pattern, p + 1) == '*') {
                        p++;
                        plen--;
                    }
                    if (plen == 1) {
                        return true;
                    }
                    while (slen > 0) {
                        if (match(pattern, p + 1, string, s, skipLonger)) {
                            return true;
                        }
                        if (skipLonger[0]) {
                            return false;
                        }
                        s++;
                        slen--;
                    }
                    skipLonger[0] = true;
                    return false;
                }
                case '?' -> {
                    s++;
                    slen--;
                }
                case '[' -> {
                    p++;
                    plen--;
                    boolean not = at(pattern, p) == '^';
                    if (not) {
                        p++;
                        plen--;
                    }
                    boolean matched = false;
                    int c = string[s];
                    while (true) {
                        if (at(pattern, p) == '\\' && plen >= 2) {
                            p++;
                            plen--;
                            if (at(pattern, p) == c) {
                                matched = true;
                            }
                        } else if (at(pattern, p) == ']') {
                            break;
                        } else if (plen == 0) {
                            p--;
                            plen++;
                            break;
                        } else if (plen >= 3 && at(pattern, p + 1) == '-') {
                            int start = at(pattern, p);
                            int end = at(pattern, p + 2);
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            p += 2;
                            plen -= 2;
                            if (c >= start && c <= end) {
                                matched = true;
                            }
                        } else if (at(pattern, p) == c) {
                            matched = true;
                        }
                        p++;
                        plen--;
                    }
                    if (not) {
                        matched = !matched;
                    }
                    if (!matched) {
                        return false;
                    }
                    s++;
                    slen--;
                }
                default -> {
                    if (pattern[p] == '\\' && plen >= 2) {
                        p++;
                        plen--;
                    }
                    if (pattern[p] != string[s]) {
                        return false;
                    }
                    s++;
                    slen--;
                }
            }
            p++;
            plen--;
            if (slen == 0) {
                while (at(pattern, p) == '*') {
                    p++;
                    plen--;
                }
                break;
            }
        }
        return plen == 0 && slen == 0;
    }
}
