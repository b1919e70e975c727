package dev.redisinside.engine.commands;

/** Glob matching for ZSCAN MATCH until the shared matcher is merged. */
final class GlobMatch {

    private GlobMatch() {
    }

    static boolean matches(byte[] pattern, byte[] subject) {
        return matches(pattern, 0, subject, 0);
    }

    private static boolean matches(byte[] p, int pi, byte[] s, int si) {
        while (pi < p.length) {
            byte c = p[pi];
            if (c == '*') {
                while (pi + 1 < p.length && p[pi + 1] == '*') {
                    pi++;
                }
                if (pi + 1 == p.length) {
                    return true;
                }
                for (int k = si; k <= s.length; k++) {
                    if (matches(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length) {
                return false;
            }
            if (c == '?') {
                pi++;
                si++;
                continue;
            }
            if (c == '\\' && pi + 1 < p.length) {
                pi++;
                c = p[pi];
            }
            if (c != s[si]) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length;
    }
}
