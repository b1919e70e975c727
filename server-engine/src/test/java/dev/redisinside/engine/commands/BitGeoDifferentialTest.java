package dev.redisinside.engine.commands;

import dev.redisinside.engine.support.EngineTest;
import dev.redisinside.engine.support.RawClient;
import dev.redisinside.engine.support.RealRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random commands sent to a private real Redis and to us, comparing reply bytes: HLL byte
 * layouts across sparse growth and promotion, BITFIELD arithmetic, BITPOS/BITCOUNT ranges and geo
 * searches over many shapes. Skipped when no redis-server is installed.
 */
class BitGeoDifferentialTest extends EngineTest {

    private RealRedis redis;
    private RawClient real;

    @BeforeAll
    void startRedis() {
        redis = RealRedis.startOrSkip();
    }

    @AfterAll
    void stopRedis() {
        if (real != null) {
            real.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private void both(String... command) {
        if (real == null) {
            real = new RawClient(redis.port());
        }
        String expected = real.call(command);
        String ours = client.call(command);
        assertThat(ours).as(String.join(" ", command)).isEqualTo(expected);
    }

    private void reset() {
        if (real == null) {
            real = new RawClient(redis.port());
        }
        real.call("FLUSHALL");
    }

    @Test
    void hyperLogLogBytesAndCounts() {
        reset();
        Random random = new Random(42);
        for (int key = 0; key < 30; key++) {
            String k = "h" + key;
            int batches = 1 + random.nextInt(6);
            for (int b = 0; b < batches; b++) {
                int size = random.nextInt(key < 10 ? 50 : 900);
                List<String> command = new ArrayList<>(List.of("PFADD", k));
                for (int i = 0; i < size; i++) {
                    command.add(Integer.toString(random.nextInt(key < 20 ? 3000 : 100000)));
                }
                both(command.toArray(String[]::new));
                both("GET", k);
                if (random.nextBoolean()) {
                    both("PFCOUNT", k);
                    both("GET", k);
                }
            }
        }
        for (int i = 0; i < 20; i++) {
            String a = "h" + random.nextInt(30);
            String b = "h" + random.nextInt(30);
            both("PFCOUNT", a, b, "h" + random.nextInt(30));
            both("PFMERGE", "m" + i, a, b);
            both("GET", "m" + i);
            both("PFCOUNT", "m" + i);
        }
    }

    @Test
    void sparseLimitDecidesPromotion() {
        reset();
        Random random = new Random(3);
        for (int limit : new int[] {0, 20, 100, 500, 3000, 8000}) {
            real.call("CONFIG", "SET", "hll-sparse-max-bytes", Integer.toString(limit));
            server.config().hllSparseMaxBytes = limit;
            for (int round = 0; round < 5; round++) {
                List<String> command = new ArrayList<>(List.of("PFADD", "s" + limit));
                for (int i = 0; i < 1 + random.nextInt(400); i++) {
                    command.add("v" + random.nextInt(100000));
                }
                both(command.toArray(String[]::new));
                both("GET", "s" + limit);
            }
            both("PFMERGE", "merged" + limit, "s0", "s" + limit);
            both("GET", "merged" + limit);
        }
        real.call("CONFIG", "SET", "hll-sparse-max-bytes", "3000");
        server.config().hllSparseMaxBytes = 3000;
    }

    @Test
    void corruptedSparseHllsAreRejectedAsRedisRejectsThem() {
        reset();
        Random random = new Random(17);
        for (int i = 0; i < 300; i++) {
            int length = 1 + random.nextInt(12);
            byte[] value = new byte[16 + length];
            byte[] header = {'H', 'Y', 'L', 'L', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0x80};
            System.arraycopy(header, 0, value, 0, 16);
            for (int j = 16; j < value.length; j++) {
                value[j] = (byte) random.nextInt(256);
            }
            byte[][] set = {"SET".getBytes(), "c".getBytes(), value};
            real.callBytes(set);
            client.callBytes(set);
            both("PFCOUNT", "c");
            both("PFCOUNT", "c", "missing");
            both("PFADD", "c", "x" + i, "y" + i);
            both("GET", "c");
            both("PFMERGE", "d", "c");
        }
    }

    @Test
    void bitfieldArithmetic() {
        reset();
        Random random = new Random(11);
        String[] overflow = {"WRAP", "SAT", "FAIL"};
        for (int i = 0; i < 400; i++) {
            List<String> command = new ArrayList<>(List.of("BITFIELD", "bf"));
            for (int op = 0; op < 1 + random.nextInt(4); op++) {
                boolean signed = random.nextBoolean();
                int bits = 1 + random.nextInt(signed ? 64 : 63);
                String type = (signed ? "i" : "u") + bits;
                String offset = random.nextInt(4) == 0 ? "#" + random.nextInt(8) : Integer.toString(random.nextInt(100));
                long value = switch (random.nextInt(4)) {
                    case 0 -> random.nextLong();
                    case 1 -> random.nextInt(1000) - 500;
                    case 2 -> (1L << Math.min(62, bits)) - random.nextInt(3);
                    default -> -(1L << Math.min(62, bits - 1)) + random.nextInt(3) - 1;
                };
                switch (random.nextInt(4)) {
                    case 0 -> command.addAll(List.of("GET", type, offset));
                    case 1 -> command.addAll(List.of("SET", type, offset, Long.toString(value)));
                    case 2 -> command.addAll(List.of("INCRBY", type, offset, Long.toString(value)));
                    default -> command.addAll(List.of("OVERFLOW", overflow[random.nextInt(3)]));
                }
            }
            both(command.toArray(String[]::new));
        }
        both("GET", "bf");
    }

    @Test
    void bitRanges() {
        reset();
        Random random = new Random(5);
        for (int s = 0; s < 20; s++) {
            byte[] value = new byte[1 + random.nextInt(20)];
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) (switch (random.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> 0xff;
                    default -> random.nextInt(256);
                });
            }
            byte[][] set = {"SET".getBytes(), "k".getBytes(), value};
            real.callBytes(set);
            client.callBytes(set);
            int bits = value.length * 8;
            for (int i = 0; i < 60; i++) {
                String start = Integer.toString(random.nextInt(bits * 2 + 2) - bits - 1);
                String end = Integer.toString(random.nextInt(bits * 2 + 2) - bits - 1);
                String unit = random.nextBoolean() ? "BIT" : "BYTE";
                String bit = Integer.toString(random.nextInt(2));
                both("BITCOUNT", "k", start, end, unit);
                both("BITPOS", "k", bit, start, end, unit);
                both("BITPOS", "k", bit, start);
                both("BITPOS", "k", bit);
            }
        }
    }

    @Test
    void geoSearches() {
        reset();
        Random random = new Random(9);
        List<String> add = new ArrayList<>(List.of("GEOADD", "g"));
        for (int i = 0; i < 300; i++) {
            add.add(coordinate(random.nextDouble() * 360 - 180));
            add.add(coordinate(random.nextDouble() * 170 - 85));
            add.add("m" + i);
        }
        for (int i = 0; i < 200; i++) {
            add.add(coordinate(2 + random.nextDouble()));
            add.add(coordinate(48 + random.nextDouble()));
            add.add("p" + i);
        }
        both(add.toArray(String[]::new));
        both("ZRANGE", "g", "0", "-1", "WITHSCORES");
        String[] units = {"m", "km", "mi", "ft"};
        for (int i = 0; i < 150; i++) {
            String member = (random.nextBoolean() ? "m" : "p") + random.nextInt(random.nextBoolean() ? 200 : 300);
            List<String> command = new ArrayList<>(List.of("GEOSEARCH", "g"));
            if (random.nextBoolean()) {
                command.addAll(List.of("FROMMEMBER", member));
            } else {
                command.addAll(List.of("FROMLONLAT", coordinate(random.nextDouble() * 360 - 180),
                        coordinate(random.nextDouble() * 170 - 85)));
            }
            String unit = units[random.nextInt(4)];
            double scale = switch (unit) {
                case "m" -> 1;
                case "ft" -> 0.3048;
                case "mi" -> 1609.34;
                default -> 1000;
            };
            double size = Math.pow(10, 2 + random.nextDouble() * 5) / scale;
            if (random.nextBoolean()) {
                command.addAll(List.of("BYRADIUS", coordinate(size), unit));
            } else {
                command.addAll(List.of("BYBOX", coordinate(size), coordinate(size * random.nextDouble() * 2), unit));
            }
            command.addAll(List.of(random.nextBoolean() ? "ASC" : "DESC", "WITHDIST", "WITHCOORD", "WITHHASH"));
            both(command.toArray(String[]::new));
            both("GEODIST", "g", member, "m" + random.nextInt(300), unit);
            both("GEOPOS", "g", member);
            both("GEOHASH", "g", member);
        }
    }

    private static String coordinate(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }
}
