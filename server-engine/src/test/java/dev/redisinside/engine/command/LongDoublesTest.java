package dev.redisinside.engine.command;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LongDoublesTest {

    @Test
    void incrbyfloatResultsMatchRedis() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int cases = 0;
        for (String line : lines("longdoubles.tsv")) {
            if (line.startsWith("#") || line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            cases++;
            String actual = incrbyfloat(fields[0], fields[1]);
            if (!actual.equals(fields[2])) {
                mismatches.add(fields[0] + " + " + fields[1] + ": expected " + fields[2] + ", got " + actual);
            }
        }
        assertThat(cases).isGreaterThan(900);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void parsesLikeStrtold() {
        assertThat(parse("0x1.8p3")).isEqualTo("12");
        assertThat(parse("+.5e1")).isEqualTo("5");
        assertThat(parse("4e-4951")).isEqualTo("0");
        assertThat(parse("-0")).isEqualTo("0");
        assertThat(parse("inf")).isEqualTo("inf");
        assertThat(parse("-Infinity")).isEqualTo("-inf");
        for (String invalid : new String[] {"", " 1", "1 ", "nan", "1e", "0x", "0x1p", "infinit", "1e5000", "1e-5000", "1e-4951", "1.2.3"}) {
            assertThat(LongDoubles.parse(invalid.getBytes(StandardCharsets.ISO_8859_1))).as(invalid).isNull();
        }
    }

    @Test
    void oppositeInfinitiesAddToNan() {
        LongDoubles.Value sum = LongDoubles.add(LongDoubles.parse("inf".getBytes(StandardCharsets.US_ASCII)),
                LongDoubles.parse("-inf".getBytes(StandardCharsets.US_ASCII)));
        assertThat(sum.isNaN()).isTrue();
        assertThat(LongDoubles.add(LongDoubles.of(Long.MAX_VALUE), LongDoubles.of(1)).isFinite()).isTrue();
        assertThat(LongDoubles.toHumanString(LongDoubles.add(LongDoubles.of(Long.MAX_VALUE), LongDoubles.of(1))))
                .isEqualTo("9223372036854775808");
    }

    private static String parse(String text) {
        return LongDoubles.toHumanString(LongDoubles.parse(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** What Redis answers to SET k value; INCRBYFLOAT k increment (the error without its dash prefix). */
    private static String incrbyfloat(String value, String increment) {
        LongDoubles.Value current = LongDoubles.parse(value.getBytes(StandardCharsets.ISO_8859_1));
        LongDoubles.Value delta = LongDoubles.parse(increment.getBytes(StandardCharsets.ISO_8859_1));
        if (current == null || delta == null) {
            return "-" + RedisErrors.NOT_FLOAT;
        }
        LongDoubles.Value sum = LongDoubles.add(current, delta);
        return sum.isFinite() ? LongDoubles.toHumanString(sum) : "-ERR increment would produce NaN or Infinity";
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = LongDoublesTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).lines().toList();
        }
    }
}
