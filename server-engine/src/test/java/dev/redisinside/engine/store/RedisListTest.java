package dev.redisinside.engine.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RedisListTest {

    @Test
    void behavesLikeAnArrayListUnderRandomOperations() {
        Random random = new Random(42);
        RedisList list = new RedisList();
        List<byte[]> model = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            byte[] value = {(byte) random.nextInt(8)};
            switch (random.nextInt(8)) {
                case 0, 1 -> {
                    list.addFirst(value);
                    model.add(0, value);
                }
                case 2, 3 -> {
                    list.addLast(value);
                    model.add(value);
                }
                case 4 -> {
                    if (!model.isEmpty()) {
                        assertThat(list.removeFirst()).isEqualTo(model.remove(0));
                    }
                }
                case 5 -> {
                    if (!model.isEmpty()) {
                        assertThat(list.removeLast()).isEqualTo(model.remove(model.size() - 1));
                    }
                }
                case 6 -> {
                    int index = random.nextInt(model.size() + 1);
                    list.insert(index, value);
                    model.add(index, value);
                }
                default -> {
                    boolean[] marked = new boolean[model.size()];
                    for (int i = model.size() - 1; i >= 0; i--) {
                        if (random.nextInt(10) == 0) {
                            marked[i] = true;
                            model.remove(i);
                        }
                    }
                    list.removeMarked(marked);
                }
            }
            assertThat(list.size()).isEqualTo(model.size());
        }
        for (int i = 0; i < model.size(); i++) {
            assertThat(list.get(i)).isEqualTo(model.get(i));
        }
    }

    @Test
    void copyIsIndependentAndEncodingIsQuicklistAsInRedis70() {
        RedisList list = new RedisList();
        list.addLast(new byte[] {1});
        RedisList copy = list.copy();
        copy.addLast(new byte[] {2});
        assertThat(list.size()).isEqualTo(1);
        assertThat(copy.size()).isEqualTo(2);
        assertThat(list.encoding(null)).isEqualTo("quicklist");
        assertThat(list.type()).isEqualTo(ValueType.LIST);
    }

    @Test
    void copiesOfEverySizeKeepTheirOrderAndStayUsable() {
        for (int size = 0; size < 40; size++) {
            RedisList list = new RedisList();
            for (int i = 0; i < size; i++) {
                list.addFirst(new byte[] {(byte) i});
            }
            RedisList copy = list.copy();
            copy.addFirst(new byte[] {-1});
            copy.addLast(new byte[] {-2});
            assertThat(copy.size()).isEqualTo(size + 2);
            assertThat(copy.get(0)).containsExactly(-1);
            assertThat(copy.get(size + 1)).containsExactly(-2);
            for (int i = 0; i < size; i++) {
                assertThat(copy.get(i + 1)).isEqualTo(list.get(i));
            }
        }
    }

    @Test
    void redisIndexesCountFromTheTailWhenNegative() {
        RedisList list = new RedisList();
        list.addLast(new byte[] {1});
        list.addLast(new byte[] {2});
        assertThat(list.index(-1)).isEqualTo(1);
        assertThat(list.index(-2)).isEqualTo(0);
        assertThat(list.index(-3)).isEqualTo(-1);
        assertThat(list.index(2)).isEqualTo(-1);
        assertThat(list.index(Long.MIN_VALUE)).isEqualTo(-1);
    }
}
