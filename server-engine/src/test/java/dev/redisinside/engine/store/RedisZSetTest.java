package dev.redisinside.engine.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RedisZSetTest {

    @Test
    void ranksAndOrderStayConsistentUnderRandomChanges() {
        Random random = new Random(42);
        RedisZSet zset = new RedisZSet();
        Map<String, Double> model = new HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            String member = "m" + random.nextInt(500);
            if (random.nextInt(4) == 0) {
                assertThat(zset.remove(bytes(member))).isEqualTo(model.remove(member) != null);
            } else {
                double score = random.nextInt(50);
                assertThat(zset.add(bytes(member), score)).isEqualTo(!model.containsKey(member));
                model.put(member, score);
            }
        }
        List<Map.Entry<String, Double>> expected = new ArrayList<>(model.entrySet());
        expected.sort(Comparator.<Map.Entry<String, Double>>comparingDouble(Map.Entry::getValue)
                .thenComparing(Map.Entry::getKey));
        assertThat(zset.size()).isEqualTo(expected.size());
        RedisZSet.Node node = zset.first();
        for (int rank = 0; rank < expected.size(); rank++) {
            Map.Entry<String, Double> e = expected.get(rank);
            assertThat(new String(node.member(), StandardCharsets.UTF_8)).isEqualTo(e.getKey());
            assertThat(node.score()).isEqualTo(e.getValue());
            assertThat(zset.rank(bytes(e.getKey()))).isEqualTo(rank);
            assertThat(zset.byRank(rank)).isSameAs(node);
            node = node.next();
        }
        assertThat(node).isNull();
        assertThat(zset.last().member()).isEqualTo(bytes(expected.get(expected.size() - 1).getKey()));
    }

    @Test
    void scoreRangesRespectExclusiveBounds() {
        RedisZSet zset = new RedisZSet();
        for (int i = 1; i <= 5; i++) {
            zset.add(bytes("m" + i), i);
        }
        RedisZSet.ScoreRange range = new RedisZSet.ScoreRange(2, true, 4, false);
        assertThat(zset.firstInRange(range).score()).isEqualTo(3);
        assertThat(zset.lastInRange(range).score()).isEqualTo(4);
        assertThat(zset.firstInRange(new RedisZSet.ScoreRange(3, true, 3, false))).isNull();
        assertThat(zset.firstInRange(new RedisZSet.ScoreRange(6, false, 9, false))).isNull();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
