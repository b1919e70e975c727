package dev.redisinside.engine.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random picks of members and keys are uniform (hash.tcl and set.tcl check HRANDFIELD and SRANDMEMBER
 * with a chi-square test): the chi-square of 100,000 draws stays far below the 0.00001 quantile.
 */
class FairRandomTest {

    private static final int DRAWS = 100_000;

    @Test
    void membersAreDrawnUniformly() {
        for (int size : new int[] {10, 11, 50, 300}) {
            ElementTable table = new ElementTable();
            for (int i = 0; i < size; i++) {
                table.put(bytes("m" + i), null);
            }
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < DRAWS; i++) {
                counts.merge(new String(table.random().key(), StandardCharsets.US_ASCII), 1, Integer::sum);
            }
            assertThat(chiSquare(counts, size)).as("size " + size).isLessThan(limit(size));
        }
    }

    @Test
    void keysAreDrawnUniformly() {
        for (int size : new int[] {10, 50, 300}) {
            KeyTable table = new KeyTable();
            for (int i = 0; i < size; i++) {
                table.add(bytes("k" + i), "v");
            }
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < DRAWS; i++) {
                counts.merge(new String(table.random().key(), StandardCharsets.US_ASCII), 1, Integer::sum);
            }
            assertThat(chiSquare(counts, size)).as("size " + size).isLessThan(limit(size));
        }
    }

    private static double chiSquare(Map<String, Integer> counts, int size) {
        assertThat(counts).hasSize(size);
        double expected = (double) DRAWS / size;
        return counts.values().stream().mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
    }

    /** Well above the 0.00001 quantile of chi-square with size - 1 degrees of freedom. */
    private static double limit(int size) {
        return size - 1 + 10 * Math.sqrt(2.0 * (size - 1));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
