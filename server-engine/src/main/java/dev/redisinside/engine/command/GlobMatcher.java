package dev.redisinside.engine.command;

/**
 * Redis's glob-style matching (util.c {@code stringmatchlen}), used by KEYS, SCAN MATCH, PSUBSCRIBE and
 * CONFIG GET. Supports {@code *}, {@code ?}, {@code [...]} classes with ranges and {@code ^} negation, and
 * {@code \} escapes. It reproduces Redis's quirks on purpose: an unterminated class ends at the end of the
 * pattern, a reversed range ({@code [z-a]}) is swapped, range bounds compare as signed C chars, and an
 * escaped character inside a class is compared case-sensitively even when ignoring case.
 */
public final class GlobMatcher {

    private GlobMatcher() {
    }

    /** Whether the subject matches the pattern, case-sensitively. */
    public static boolean matches(byte[] pattern, byte[] subject) {
        return matches(pattern, subject, false);
    }

    /** Whether the subject matches the pattern; {@code nocase} folds ASCII letters. */
    public static boolean matches(byte[] pattern, byte[] subject, boolean nocase) {
        return new Match(pattern, subject, nocase).run(0, pattern.length, 0, subject.length);
    }

    /** Whether the pattern is exactly {@code *}, which matches everything (callers may skip matching). */
    public static boolean matchesAll(byte[] pattern) {
        return pattern.length == 1 && pattern[0] == '*';
    }

    /** One matching run; {@code skipLongerMatches} is shared by the recursion, as in Redis. */
    private static final class Match {

        private final byte[] pattern;
        private final byte[] string;
        private final boolean nocase;
        private boolean skipLongerMatches;

        Match(byte[] pattern, byte[] string, boolean nocase) {
            this.pattern = pattern;
            this.string = string;
            this.nocase = nocase;
        }

        /** The pattern byte at i, or 0 past the end (Redis reads the terminating NUL there). */
        private int p(int i) {
            return i < pattern.length ? pattern[i] : 0;
        }

        private static int lower(int c) {
            return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
        }

        private boolean same(int a, int b) {
            return nocase ? lower(a) == lower(b) : a == b;
        }

        boolean run(int pi, int patternLen, int si, int stringLen) {
            while (patternLen > 0 && stringLen > 0) {
                switch (p(pi)) {
                    case '*' -> {
                        while (patternLen > 0 && p(pi + 1) == '*') {
                            pi++;
                            patternLen--;
                        }
                        if (patternLen == 1) {
                            return true;
                        }
                        while (stringLen > 0) {
                            if (run(pi + 1, patternLen - 1, si, stringLen)) {
                                return true;
                            }
                            if (skipLongerMatches) {
                                return false;
                            }
                            si++;
                            stringLen--;
                        }
                        // The rest of the pattern matches nowhere in the rest of the string, so no
                        // earlier '*' can help by matching more: stop the whole search.
                        skipLongerMatches = true;
                        return false;
                    }
                    case '?' -> {
                        si++;
                        stringLen--;
                    }
                    case '[' -> {
                        pi++;
                        patternLen--;
                        boolean not = p(pi) == '^';
                        if (not) {
                            pi++;
                            patternLen--;
                        }
                        boolean match = false;
                        int c = string[si];
                        while (true) {
                            if (p(pi) == '\\' && patternLen >= 2) {
                                pi++;
                                patternLen--;
                                if (p(pi) == c) {
                                    match = true;
                                }
                            } else if (p(pi) == ']') {
                                break;
                            } else if (patternLen == 0) {
                                pi--;
                                patternLen++;
                                break;
                            } else if (patternLen >= 3 && p(pi + 1) == '-') {
                                int start = p(pi);
                                int end = p(pi + 2);
                                int ch = c;
                                if (start > end) {
                                    int t = start;
                                    start = end;
                                    end = t;
                                }
                                if (nocase) {
                                    start = lower(start);
                                    end = lower(end);
                                    ch = lower(ch);
                                }
                                pi += 2;
                                patternLen -= 2;
                                if (ch >= start && ch <= end) {
                                    match = true;
                                }
                            } else if (same(p(pi), c)) {
                                match = true;
                            }
                            pi++;
                            patternLen--;
                        }
                        if (not) {
                            match = !match;
                        }
                        if (!match) {
                            return false;
                        }
                        si++;
                        stringLen--;
                    }
                    default -> {
                        if (p(pi) == '\\' && patternLen >= 2) {
                            pi++;
                            patternLen--;
                        }
                        if (!same(p(pi), string[si])) {
                            return false;
                        }
                        si++;
                        stringLen--;
                    }
                }
                pi++;
                patternLen--;
                if (stringLen == 0) {
                    while (p(pi) == '*') {
                        pi++;
                        patternLen--;
                    }
                    break;
                }
            }
            return patternLen == 0 && stringLen == 0;
        }
    }
}
