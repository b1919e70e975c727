package dev.redisinside.engine.command;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GlobMatcherTest {

    /** Every subject of the table below; chars stand for bytes (Latin-1). */
    private static final String[] SUBJECTS = {
            "", "a", "b", "ab", "abc", "abcd", "hello", "hallo",
            "hxllo", "hllo", "heeeello", "*", "?", "[", "]", "\\",
            "-", "^", "a*b", "a?b", "a[b", "a]b", "a\\b", "a-b",
            "A", "B", "Z", "z", "m", "M", "0", "5",
            "9", "\u0080", "\u00ff", "\u007f", "\u0000", "a\u0000b", "foo:bar", "foo:baz:1",
            "user:1000", "user:", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "aaa", "aab", "ba"};

    /**
     * Pattern, then the subjects it matches; recorded with KEYS against Redis 7.0.15 (KEYS "*" short-cuts
     * the matcher, so the empty key is left out of that row: stringmatchlen("*", "") is false).
     */
    private static final Object[][] RECORDED = {
            {"*", new String[] {"a", "b", "ab", "abc", "abcd", "hello", "hallo", "hxllo", "hllo", "heeeello", "*", "?", "[", "]", "\\", "-", "^", "a*b", "a?b", "a[b", "a]b", "a\\b", "a-b", "A", "B", "Z", "z", "m", "M", "0", "5", "9", "\u0080", "\u00ff", "\u007f", "\u0000", "a\u0000b", "foo:bar", "foo:baz:1", "user:1000", "user:", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "aaa", "aab", "ba"}},
            {"**", new String[] {"a", "b", "ab", "abc", "abcd", "hello", "hallo", "hxllo", "hllo", "heeeello", "*", "?", "[", "]", "\\", "-", "^", "a*b", "a?b", "a[b", "a]b", "a\\b", "a-b", "A", "B", "Z", "z", "m", "M", "0", "5", "9", "\u0080", "\u00ff", "\u007f", "\u0000", "a\u0000b", "foo:bar", "foo:baz:1", "user:1000", "user:", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "aaa", "aab", "ba"}},
            {"***a", new String[] {"a", "aaa", "ba"}},
            {"a*", new String[] {"a", "ab", "abc", "abcd", "a*b", "a?b", "a[b", "a]b", "a\\b", "a-b", "a\u0000b", "aaa", "aab"}},
            {"*a", new String[] {"a", "aaa", "ba"}},
            {"*b*", new String[] {"b", "ab", "abc", "abcd", "a*b", "a?b", "a[b", "a]b", "a\\b", "a-b", "a\u0000b", "foo:bar", "foo:baz:1", "aab", "ba"}},
            {"a*b", new String[] {"ab", "a*b", "a?b", "a[b", "a]b", "a\\b", "a-b", "a\u0000b", "aab"}},
            {"a*c*d", new String[] {"abcd"}},
            {"?", new String[] {"a", "b", "*", "?", "[", "]", "\\", "-", "^", "A", "B", "Z", "z", "m", "M", "0", "5", "9", "\u0080", "\u00ff", "\u007f", "\u0000"}},
            {"??", new String[] {"ab", "ba"}},
            {"???", new String[] {"abc", "a*b", "a?b", "a[b", "a]b", "a\\b", "a-b", "a\u0000b", "aaa", "aab"}},
            {"a?", new String[] {"ab"}},
            {"?b", new String[] {"ab"}},
            {"h?llo", new String[] {"hello", "hallo", "hxllo"}},
            {"h*llo", new String[] {"hello", "hallo", "hxllo", "hllo", "heeeello"}},
            {"h[ae]llo", new String[] {"hello", "hallo"}},
            {"h[^e]llo", new String[] {"hallo", "hxllo"}},
            {"h[a-b]llo", new String[] {"hallo"}},
            {"h[b-a]llo", new String[] {"hallo"}},
            {"[a-c]", new String[] {"a", "b"}},
            {"[c-a]", new String[] {"a", "b"}},
            {"[^a-c]", new String[] {"*", "?", "[", "]", "\\", "-", "^", "A", "B", "Z", "z", "m", "M", "0", "5", "9", "\u0080", "\u00ff", "\u007f", "\u0000"}},
            {"[abc]", new String[] {"a", "b"}},
            {"[^abc]", new String[] {"*", "?", "[", "]", "\\", "-", "^", "A", "B", "Z", "z", "m", "M", "0", "5", "9", "\u0080", "\u00ff", "\u007f", "\u0000"}},
            {"[]", new String[] {}},
            {"[", new String[] {}},
            {"[a", new String[] {"a"}},
            {"[^", new String[] {"a", "b", "*", "?", "[", "]", "\\", "-", "^", "A", "B", "Z", "z", "m", "M", "0", "5", "9", "\u0080", "\u00ff", "\u007f", "\u0000"}},
            {"[^a", new String[] {"b", "*", "?", "[", "]", "\\", "-", "^", "A", "B", "Z", "z", "m", "M", "0", "5", "9", "\u0080", "\u00ff", "\u007f", "\u0000"}},
            {"]", new String[] {"]"}},
            {"[]]", new String[] {}},
            {"[\\]]", new String[] {"]"}},
            {"[\\\\]", new String[] {"\\"}},
            {"[\\a]", new String[] {"a"}},
            {"[a-]", new String[] {"a", "]", "^"}},
            {"[-a]", new String[] {"a", "-"}},
            {"[a\\-c]", new String[] {"a", "-"}},
            {"[!a]", new String[] {"a"}},
            {"\\*", new String[] {"*"}},
            {"\\?", new String[] {"?"}},
            {"\\[", new String[] {"["}},
            {"\\\\", new String[] {"\\"}},
            {"\\", new String[] {"\\"}},
            {"a\\", new String[] {}},
            {"a\\*b", new String[] {"a*b"}},
            {"a\\?b", new String[] {"a?b"}},
            {"a[*]b", new String[] {"a*b"}},
            {"a[?]b", new String[] {"a?b"}},
            {"a[[]b", new String[] {"a[b"}},
            {"[A-Z]", new String[] {"A", "B", "Z", "M"}},
            {"[a-z]", new String[] {"a", "b", "z", "m"}},
            {"[0-9]", new String[] {"0", "5", "9"}},
            {"[\u0080-\u00ff]", new String[] {"\u0080", "\u00ff"}},
            {"[\u0000-\u007f]", new String[] {"a", "b", "*", "?", "[", "]", "\\", "-", "^", "A", "B", "Z", "z", "m", "M", "0", "5", "9", "\u007f", "\u0000"}},
            {"[\u007f-\u0080]", new String[] {"a", "b", "*", "?", "[", "]", "\\", "-", "^", "A", "B", "Z", "z", "m", "M", "0", "5", "9", "\u0080", "\u00ff", "\u007f", "\u0000"}},
            {"[^\u0080]", new String[] {"a", "b", "*", "?", "[", "]", "\\", "-", "^", "A", "B", "Z", "z", "m", "M", "0", "5", "9", "\u00ff", "\u007f", "\u0000"}},
            {"\u0080", new String[] {"\u0080"}},
            {"\u00ff", new String[] {"\u00ff"}},
            {"*\u00ff", new String[] {"\u00ff"}},
            {"a\u0000b", new String[] {"a\u0000b"}},
            {"a?b", new String[] {"a*b", "a?b", "a[b", "a]b", "a\\b", "a-b", "a\u0000b", "aab"}},
            {"\u0000", new String[] {"\u0000"}},
            {"*\u0000*", new String[] {"\u0000", "a\u0000b"}},
            {"[\u0000]", new String[] {"\u0000"}},
            {"foo:*", new String[] {"foo:bar", "foo:baz:1"}},
            {"foo:*:*", new String[] {"foo:baz:1"}},
            {"*:*", new String[] {"foo:bar", "foo:baz:1", "user:1000", "user:"}},
            {"user:*", new String[] {"user:1000", "user:"}},
            {"user:?*", new String[] {"user:1000"}},
            {"x*x*x*x*x*y", new String[] {}},
            {"*x*", new String[] {"hxllo", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}},
            {"[a-a]", new String[] {"a"}},
            {"[aa-]", new String[] {"a", "]", "^"}},
            {"a**", new String[] {"a", "ab", "abc", "abcd", "a*b", "a?b", "a[b", "a]b", "a\\b", "a-b", "a\u0000b", "aaa", "aab"}},
            {"*a*a*", new String[] {"aaa", "aab"}},
            {"a*a", new String[] {"aaa"}},
            {"[ab][ab]", new String[] {"ab", "ba"}},
            {"[^ab][ab]", new String[] {}},
            {"*[]]*", new String[] {}},
            {"h[]e", new String[] {}},
            {"[^]", new String[] {"a", "b", "*", "?", "[", "]", "\\", "-", "^", "A", "B", "Z", "z", "m", "M", "0", "5", "9", "\u0080", "\u00ff", "\u007f", "\u0000"}},
            {"[^]]", new String[] {}},
            {"[a-\\]]", new String[] {}},
            {"[\\", new String[] {"\\"}},
            {"[\\]", new String[] {"]"}},
            {"\\a", new String[] {"a"}},
            {"\\b*", new String[] {"b", "ba"}},
            {"[[-]]", new String[] {"[", "]", "\\"}},
            {"a[", new String[] {}},
            {"a[b", new String[] {"ab"}},
            {"a]", new String[] {}},
            {"*[", new String[] {}},
            {"?*", new String[] {"a", "b", "ab", "abc", "abcd", "hello", "hallo", "hxllo", "hllo", "heeeello", "*", "?", "[", "]", "\\", "-", "^", "a*b", "a?b", "a[b", "a]b", "a\\b", "a-b", "A", "B", "Z", "z", "m", "M", "0", "5", "9", "\u0080", "\u00ff", "\u007f", "\u0000", "a\u0000b", "foo:bar", "foo:baz:1", "user:1000", "user:", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "aaa", "aab", "ba"}},
            {"*?", new String[] {"a", "b", "ab", "abc", "abcd", "hello", "hallo", "hxllo", "hllo", "heeeello", "*", "?", "[", "]", "\\", "-", "^", "a*b", "a?b", "a[b", "a]b", "a\\b", "a-b", "A", "B", "Z", "z", "m", "M", "0", "5", "9", "\u0080", "\u00ff", "\u007f", "\u0000", "a\u0000b", "foo:bar", "foo:baz:1", "user:1000", "user:", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "aaa", "aab", "ba"}},
            {"*?*", new String[] {"a", "b", "ab", "abc", "abcd", "hello", "hallo", "hxllo", "hllo", "heeeello", "*", "?", "[", "]", "\\", "-", "^", "a*b", "a?b", "a[b", "a]b", "a\\b", "a-b", "A", "B", "Z", "z", "m", "M", "0", "5", "9", "\u0080", "\u00ff", "\u007f", "\u0000", "a\u0000b", "foo:bar", "foo:baz:1", "user:1000", "user:", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "aaa", "aab", "ba"}},
            {"-", new String[] {"-"}},
            {"[-]", new String[] {"-"}},
            {"[--]", new String[] {"?", "[", "]", "\\", "-", "A", "B", "Z", "M", "0", "5", "9"}},
            {"[^-]", new String[] {"a", "b", "*", "?", "[", "]", "\\", "^", "A", "B", "Z", "z", "m", "M", "0", "5", "9", "\u0080", "\u00ff", "\u007f", "\u0000"}},
            {"a-b", new String[] {"a-b"}},
            {"[a-b-c]", new String[] {"a", "b", "-"}},
            {"[z-a-]", new String[] {"a", "b", "-", "z", "m"}},
            {"[0-9]*", new String[] {"0", "5", "9"}},
            {"x*", new String[] {"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}},
            {"[abc", new String[] {"a", "b"}},
    };

    @Test
    void matchesLikeRedisForEveryRecordedPatternAndSubject() {
        for (Object[] row : RECORDED) {
            String pattern = (String) row[0];
            Set<String> expected = new HashSet<>(Arrays.asList((String[]) row[1]));
            for (String subject : SUBJECTS) {
                assertThat(GlobMatcher.matches(bytes(pattern), bytes(subject)))
                        .as("pattern %s subject %s", escape(pattern), escape(subject))
                        .isEqualTo(expected.contains(subject));
            }
        }
    }

    @Test
    void starAloneMatchesEverythingButTheEmptyString() {
        assertThat(GlobMatcher.matchesAll(bytes("*"))).isTrue();
        assertThat(GlobMatcher.matchesAll(bytes("**"))).isFalse();
        assertThat(GlobMatcher.matches(bytes("*"), bytes(""))).isFalse();
        assertThat(GlobMatcher.matches(bytes(""), bytes(""))).isTrue();
        assertThat(GlobMatcher.matches(bytes(""), bytes("a"))).isFalse();
        assertThat(GlobMatcher.matches(bytes("*"), bytes("anything"))).isTrue();
    }

    @Test
    void nocaseFoldsLettersInLiteralsAndRanges() {
        assertThat(GlobMatcher.matches(bytes("HeLLo"), bytes("hello"), true)).isTrue();
        assertThat(GlobMatcher.matches(bytes("HeLLo"), bytes("hello"), false)).isFalse();
        assertThat(GlobMatcher.matches(bytes("h[A-Z]llo"), bytes("hello"), true)).isTrue();
        assertThat(GlobMatcher.matches(bytes("h[A-Z]llo"), bytes("hello"), false)).isFalse();
        assertThat(GlobMatcher.matches(bytes("h[E]llo"), bytes("hello"), true)).isTrue();
        assertThat(GlobMatcher.matches(bytes("h[^E]llo"), bytes("hello"), true)).isFalse();
        assertThat(GlobMatcher.matches(bytes("MAXMEMORY*"), bytes("maxmemory-policy"), true)).isTrue();
        assertThat(GlobMatcher.matches(bytes("*-POLICY"), bytes("maxmemory-policy"), true)).isTrue();
        assertThat(GlobMatcher.matches(bytes("\\H*"), bytes("hello"), true)).isTrue();
        assertThat(GlobMatcher.matches(bytes("\\H*"), bytes("hello"), false)).isFalse();
    }

    @Test
    void anEscapedCharacterInAClassIsComparedExactlyEvenIgnoringCase() {
        assertThat(GlobMatcher.matches(bytes("[\\E]"), bytes("e"), true)).isFalse();
        assertThat(GlobMatcher.matches(bytes("[\\E]"), bytes("E"), true)).isTrue();
        assertThat(GlobMatcher.matches(bytes("\\E"), bytes("e"), true)).isTrue();
    }

    @Test
    void manyStarsDoNotBacktrackExponentially() {
        byte[] subject = bytes("a".repeat(5000));
        byte[] pattern = bytes("*a".repeat(30) + "b");
        long start = System.nanoTime();
        assertThat(GlobMatcher.matches(pattern, subject)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @Test
    void binaryBytesAreMatchedExactly() {
        assertThat(GlobMatcher.matches(new byte[] {'a', 0, '*'}, new byte[] {'a', 0, 'x', 'y'})).isTrue();
        assertThat(GlobMatcher.matches(new byte[] {'a', 0}, new byte[] {'a', 1})).isFalse();
        assertThat(GlobMatcher.matches(new byte[] {(byte) 0xe2, '?'}, new byte[] {(byte) 0xe2, (byte) 0x82})).isTrue();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            out.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return out.append('"').toString();
    }
}
