package dev.redisinside.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.redisinside.engine.EmbeddedRedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.domain.Range;
import org.springframework.data.geo.Circle;
import org.springframework.data.geo.Distance;
import org.springframework.data.geo.GeoResult;
import org.springframework.data.geo.GeoResults;
import org.springframework.data.geo.Metrics;
import org.springframework.data.geo.Point;
import org.springframework.data.redis.connection.BitFieldSubCommands;
import org.springframework.data.redis.connection.BitFieldSubCommands.BitFieldType;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisGeoCommands.GeoLocation;
import org.springframework.data.redis.connection.RedisGeoCommands.GeoRadiusCommandArgs;
import org.springframework.data.redis.connection.RedisGeoCommands.GeoSearchCommandArgs;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessage;
import org.springframework.data.redis.connection.stream.PendingMessagesSummary;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.connection.zset.Aggregate;
import org.springframework.data.redis.connection.zset.Weights;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.domain.geo.GeoReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broad sweep of Spring Data Redis's template operations, through both Lettuce and Jedis, run step by
 * step on the embedded server and on the real Redis at 127.0.0.1:6379 (in database 9, which only this test
 * uses and flushes): each step's result, or its error text, must be the same on both. Results that depend on
 * the moment or on randomness are reduced to what both servers must agree on (a TTL to a range, a random
 * member to membership). Without that Redis the steps run on the embedded server alone, unless
 * {@code -Dredis.required=true} (set by .ci/run) makes its absence a failure.
 */
class ClientSweepTests {

    private static final int DATABASE = 9;

    private static EmbeddedRedisServer server;

    private static final List<RedisConnectionFactory> factories = new ArrayList<>();

    /** Templates on the real Redis, whose database is flushed again when done. */
    private static final List<StringRedisTemplate> references = new ArrayList<>();

    @BeforeAll
    static void startEmbeddedServer() {
        server = EmbeddedRedisServer.builder().build().start();
    }

    @AfterAll
    static void stop() {
        references.forEach(ClientSweepTests::flush);
        for (RedisConnectionFactory factory : factories) {
            try {
                ((DisposableBean) factory).destroy();
            }
            catch (Exception ex) {
                // closing the clients only
            }
        }
        server.stop();
    }

    @TestFactory
    Stream<DynamicContainer> sameResultsOnTheEmbeddedAndTheRealServer() {
        boolean real = realRedisListening();
        if (!real && Boolean.getBoolean("redis.required")) {
            throw new IllegalStateException("A Redis at 127.0.0.1:6379 is required (-Dredis.required=true)");
        }
        return Stream.of("lettuce", "jedis").map(client -> {
            StringRedisTemplate embedded = template(client, server.port());
            StringRedisTemplate reference = real ? template(client, 6379) : null;
            if (reference != null) {
                references.add(reference);
            }
            Stream<DynamicTest> steps = steps().stream().map(step -> DynamicTest.dynamicTest(step.name(), () -> {
                String actual = outcome(step, embedded);
                assertThat(actual).as("%s through %s", step.name(), client).doesNotStartWith("unexpected");
                if (reference != null) {
                    assertThat(actual).as("%s through %s", step.name(), client).isEqualTo(outcome(step, reference));
                }
            }));
            Stream<DynamicTest> flush = Stream.of(DynamicTest.dynamicTest("flush database " + DATABASE, () -> {
                flush(embedded);
                if (reference != null) {
                    flush(reference);
                }
            }));
            return DynamicContainer.dynamicContainer(client, Stream.concat(flush, steps));
        });
    }

    private record Step(String name, Function<StringRedisTemplate, Object> operation) {
    }

    private static Step step(String name, Function<StringRedisTemplate, Object> operation) {
        return new Step(name, operation);
    }

    /** The steps in order: later ones read what earlier ones wrote. */
    private static List<Step> steps() {
        String script = "-- " + UUID.randomUUID() + "\nreturn {KEYS[1], ARGV[1], redis.call('INCRBY', KEYS[1], ARGV[1])}";
        return List.of(
                // strings
                step("set and get", t -> {
                    t.opsForValue().set("s:name", "Ada");
                    return t.opsForValue().get("s:name");
                }),
                step("setIfAbsent with timeout", t -> all(t.opsForValue().setIfAbsent("s:lock", "1", Duration.ofSeconds(30)),
                        t.opsForValue().setIfAbsent("s:lock", "2", Duration.ofSeconds(30)), ttlRange(t, "s:lock"))),
                step("setIfPresent", t -> all(t.opsForValue().setIfPresent("s:missing", "x"),
                        t.opsForValue().setIfPresent("s:name", "Grace"))),
                step("getAndExpire", t -> all(t.opsForValue().getAndExpire("s:name", Duration.ofSeconds(100)),
                        ttlRange(t, "s:name"))),
                step("getAndPersist", t -> all(t.opsForValue().getAndPersist("s:name"), t.getExpire("s:name"))),
                step("getAndDelete", t -> all(t.opsForValue().getAndDelete("s:name"), t.hasKey("s:name"))),
                step("getAndSet", t -> all(String.valueOf(t.opsForValue().getAndSet("s:gs", "a")),
                        t.opsForValue().getAndSet("s:gs", "b"))),
                step("setGet", t -> t.opsForValue().setGet("s:gs", "c", Duration.ofSeconds(50))),
                step("increment, decrement and float", t -> all(t.opsForValue().increment("s:n"),
                        t.opsForValue().increment("s:n", 41), t.opsForValue().decrement("s:n", 2),
                        t.opsForValue().increment("s:f", 1.5), t.opsForValue().increment("s:f", 0.1))),
                step("increment a non-number", t -> t.opsForValue().increment("s:gs")),
                step("append, size, range", t -> all(t.opsForValue().append("s:ap", "Hello"),
                        t.opsForValue().append("s:ap", " World"), t.opsForValue().size("s:ap"),
                        t.opsForValue().get("s:ap", 0, 4), t.opsForValue().get("s:ap", -5, -1))),
                step("multiSet and multiGet", t -> {
                    t.opsForValue().multiSet(Map.of("s:m1", "1", "s:m2", "2"));
                    return all(t.opsForValue().multiSetIfAbsent(Map.of("s:m2", "x", "s:m3", "3")),
                            t.opsForValue().multiGet(List.of("s:m1", "s:m2", "s:m3")));
                }),
                step("setBit and getBit", t -> all(t.opsForValue().setBit("s:bits", 7, true),
                        t.opsForValue().setBit("s:bits", 7, false), t.opsForValue().getBit("s:bits", 7),
                        t.opsForValue().setBit("s:bits", 100, true), t.opsForValue().size("s:bits"))),
                step("bitField", t -> t.opsForValue().bitField("s:bf", BitFieldSubCommands.create()
                    .set(BitFieldType.unsigned(8)).valueAt(0).to(200)
                    .incr(BitFieldType.unsigned(8)).valueAt(0).overflow(BitFieldSubCommands.BitFieldIncrBy.Overflow.SAT).by(100)
                    .incr(BitFieldType.signed(5)).valueAt(100).by(1)
                    .get(BitFieldType.signed(4)).valueAt(0)
                    .get(BitFieldType.unsigned(16)).valueAt(BitFieldSubCommands.Offset.offset(1).multipliedByTypeLength()))),
                step("compareAndSet (Redis 8.4)", t -> t.opsForValue().compareAndSet("s:m1", "1", "2")),
                // hashes
                step("hash put, get, entries", t -> {
                    t.opsForHash().putAll("h:user", Map.of("name", "Ada", "born", "1815", "lang", "en"));
                    return all(t.opsForHash().putIfAbsent("h:user", "name", "x"), t.opsForHash().get("h:user", "name"),
                            new TreeMap<>(t.opsForHash().entries("h:user")), t.opsForHash().size("h:user"));
                }),
                step("hash increment, multiGet, lengthOfValue", t -> all(t.opsForHash().increment("h:user", "born", 1),
                        t.opsForHash().increment("h:user", "score", 2.5), t.opsForHash().multiGet("h:user", List.of("name", "nope", "born")),
                        t.opsForHash().lengthOfValue("h:user", "name"), t.opsForHash().hasKey("h:user", "lang"))),
                step("hash keys, values, delete", t -> all(sorted(t.opsForHash().keys("h:user")),
                        sorted(t.opsForHash().values("h:user")), t.opsForHash().delete("h:user", "lang", "nope"))),
                step("hash randomKey, randomEntry, randomKeys", t -> {
                    Set<Object> fields = t.opsForHash().keys("h:user");
                    Object field = t.opsForHash().randomKey("h:user");
                    Map.Entry<Object, Object> entry = t.opsForHash().randomEntry("h:user");
                    List<Object> distinct = t.opsForHash().randomKeys("h:user", 10);
                    List<Object> repeated = t.opsForHash().randomKeys("h:user", -6);
                    Map<Object, Object> entries = t.opsForHash().randomEntries("h:user", 2);
                    return all(fields.contains(field), fields.contains(entry.getKey()), distinct.size(),
                            fields.containsAll(distinct), repeated.size(), fields.containsAll(repeated), entries.size(),
                            t.opsForHash().randomKey("h:missing") == null);
                }),
                step("hash scan", t -> {
                    Map<String, String> fields = new TreeMap<>();
                    for (int i = 0; i < 200; i++) {
                        fields.put("f" + i, "v" + i);
                    }
                    t.opsForHash().putAll("h:big", fields);
                    List<String> matched = new ArrayList<>();
                    try (Cursor<Map.Entry<Object, Object>> cursor = t.opsForHash().scan("h:big",
                            ScanOptions.scanOptions().match("f1*").count(20).build())) {
                        cursor.forEachRemaining(entry -> matched.add(entry.getKey() + "=" + entry.getValue()));
                    }
                    return sorted(matched);
                }),
                step("hash field expiry (Redis 7.4)", t -> t.opsForHash().expire("h:user", Duration.ofSeconds(5), List.of("name"))),
                step("hash getAndDelete (Redis 8)", t -> t.opsForHash().getAndDelete("h:user", List.of("name"))),
                // lists
                step("list push, range, index", t -> all(t.opsForList().rightPushAll("l:a", "a", "b", "c", "d"),
                        t.opsForList().leftPush("l:a", "z"), t.opsForList().range("l:a", 0, -1), t.opsForList().index("l:a", -1),
                        t.opsForList().indexOf("l:a", "c"), t.opsForList().lastIndexOf("l:a", "q"),
                        t.opsForList().leftPushIfPresent("l:none", "x"), t.opsForList().size("l:a"))),
                step("list set, trim, remove", t -> {
                    t.opsForList().set("l:a", 1, "A");
                    t.opsForList().rightPushAll("l:a", "c", "c");
                    Long removed = t.opsForList().remove("l:a", -1, "c");
                    t.opsForList().trim("l:a", 1, -1);
                    return all(removed, t.opsForList().range("l:a", 0, -1));
                }),
                step("list set out of range", t -> {
                    t.opsForList().set("l:a", 99, "x");
                    return "set";
                }),
                step("list move", t -> all(t.opsForList().move("l:a", org.springframework.data.redis.connection.RedisListCommands.Direction.LEFT,
                        "l:b", org.springframework.data.redis.connection.RedisListCommands.Direction.RIGHT),
                        t.opsForList().rightPopAndLeftPush("l:a", "l:b"), t.opsForList().range("l:a", 0, -1),
                        t.opsForList().range("l:b", 0, -1))),
                step("blocking pops with timeout", t -> all(String.valueOf(t.opsForList().leftPop("l:b", Duration.ofSeconds(1))),
                        String.valueOf(t.opsForList().rightPop("l:b", 1, TimeUnit.SECONDS)),
                        String.valueOf(t.opsForList().move("l:a", org.springframework.data.redis.connection.RedisListCommands.Direction.RIGHT,
                                "l:c", org.springframework.data.redis.connection.RedisListCommands.Direction.LEFT, Duration.ofSeconds(1))),
                        t.opsForList().range("l:c", 0, -1))),
                step("list pop count", t -> {
                    t.opsForList().rightPushAll("l:d", "1", "2", "3", "4", "5");
                    return all(t.opsForList().leftPop("l:d", 2), t.opsForList().rightPop("l:d", 2),
                            String.valueOf(t.opsForList().leftPop("l:empty")));
                }),
                step("list on a string", t -> t.opsForList().leftPush("s:m1", "x")),
                // sets
                step("set add, members, isMember", t -> all(t.opsForSet().add("set:a", "1", "2", "3", "4"),
                        t.opsForSet().add("set:b", "3", "4", "5", "x"), sorted(t.opsForSet().members("set:a")),
                        t.opsForSet().isMember("set:a", "2"), t.opsForSet().isMember("set:a", List.of("2", "9").toArray()),
                        t.opsForSet().size("set:b"))),
                step("set algebra", t -> all(sorted(t.opsForSet().intersect("set:a", "set:b")),
                        sorted(t.opsForSet().union("set:a", "set:b")), sorted(t.opsForSet().difference("set:a", "set:b")),
                        t.opsForSet().intersectAndStore("set:a", "set:b", "set:i"), sorted(t.opsForSet().members("set:i")),
                        t.opsForSet().unionAndStore("set:a", List.of("set:b"), "set:u"),
                        t.opsForSet().differenceAndStore("set:b", List.of("set:a"), "set:d"), sorted(t.opsForSet().members("set:d")))),
                step("set intersect with an empty key", t -> all(t.opsForSet().intersectAndStore("set:a", "set:none", "set:i"),
                        t.hasKey("set:i"))),
                step("set move, remove, random", t -> {
                    Set<String> before = t.opsForSet().members("set:u");
                    String random = t.opsForSet().randomMember("set:u");
                    List<String> randoms = t.opsForSet().randomMembers("set:u", 20);
                    Set<String> distinct = t.opsForSet().distinctRandomMembers("set:u", 3);
                    String popped = t.opsForSet().pop("set:u");
                    return all(before.contains(random), randoms.size(), before.containsAll(randoms), distinct.size(),
                            before.contains(popped), t.opsForSet().size("set:u"), t.opsForSet().move("set:a", "1", "set:b"),
                            t.opsForSet().remove("set:b", "1", "nope"));
                }),
                step("set scan", t -> {
                    t.opsForSet().add("set:big", java.util.stream.IntStream.range(0, 300).mapToObj(i -> "m" + i).toArray(String[]::new));
                    List<String> matched = new ArrayList<>();
                    try (Cursor<String> cursor = t.opsForSet().scan("set:big", ScanOptions.scanOptions().match("m2?").count(25).build())) {
                        cursor.forEachRemaining(matched::add);
                    }
                    return sorted(matched);
                }),
                // sorted sets
                step("zset add, score, rank", t -> all(t.opsForZSet().add("z:a", "alice", 10),
                        t.opsForZSet().add("z:a", Set.of(TypedTuple.of("bob", 7.5), TypedTuple.of("carol", 3.0), TypedTuple.of("dave", 7.5))),
                        t.opsForZSet().addIfAbsent("z:a", "alice", 1), t.opsForZSet().incrementScore("z:a", "carol", 0.25),
                        t.opsForZSet().score("z:a", "bob"), t.opsForZSet().rank("z:a", "dave"), t.opsForZSet().reverseRank("z:a", "dave"),
                        t.opsForZSet().score("z:a", "bob", "nobody"))),
                step("zset ranges with scores", t -> all(tuples(t.opsForZSet().rangeWithScores("z:a", 0, -1)),
                        tuples(t.opsForZSet().rangeByScoreWithScores("z:a", 3, 8)),
                        tuples(t.opsForZSet().rangeByScoreWithScores("z:a", 0, 100, 1, 2)),
                        tuples(t.opsForZSet().reverseRangeByScoreWithScores("z:a", 0, 100)),
                        t.opsForZSet().count("z:a", 5, 10), t.opsForZSet().size("z:a"))),
                step("zset unionAndStore with aggregate and weights", t -> {
                    t.opsForZSet().add("z:b", Set.of(TypedTuple.of("alice", 1.0), TypedTuple.of("erin", 4.0)));
                    Long size = t.opsForZSet().unionAndStore("z:a", List.of("z:b"), "z:u", Aggregate.MAX, Weights.of(1, 3));
                    Long inter = t.opsForZSet().intersectAndStore("z:a", List.of("z:b"), "z:i", Aggregate.SUM, Weights.of(2, 0.5));
                    return all(size, tuples(t.opsForZSet().rangeWithScores("z:u", 0, -1)), inter,
                            tuples(t.opsForZSet().rangeWithScores("z:i", 0, -1)), tuples(t.opsForZSet().unionWithScores("z:a", "z:b")),
                            tuples(t.opsForZSet().differenceWithScores("z:a", "z:b")));
                }),
                step("zset lexicographic ranges", t -> {
                    t.opsForZSet().add("z:lex", Set.of(TypedTuple.of("apple", 0.0), TypedTuple.of("banana", 0.0),
                            TypedTuple.of("cherry", 0.0), TypedTuple.of("date", 0.0), TypedTuple.of("fig", 0.0)));
                    return all(t.opsForZSet().rangeByLex("z:lex", Range.closed("b", "d")),
                            t.opsForZSet().rangeByLex("z:lex", Range.rightOpen("banana", "date")),
                            t.opsForZSet().rangeByLex("z:lex", Range.unbounded(), Limit.limit().offset(1).count(2)),
                            t.opsForZSet().reverseRangeByLex("z:lex", Range.leftOpen("apple", "fig")),
                            t.opsForZSet().lexCount("z:lex", Range.closed("a", "c")),
                            t.opsForZSet().removeRangeByLex("z:lex", Range.closed("d", "e")), t.opsForZSet().range("z:lex", 0, -1));
                }),
                step("zset popMin and popMax", t -> all(tuple(t.opsForZSet().popMin("z:u")), tuples(t.opsForZSet().popMax("z:u", 2)),
                        tuples(t.opsForZSet().popMin("z:u", 10)), String.valueOf(t.opsForZSet().popMin("z:u")))),
                step("zset blocking popMin", t -> tuple(t.opsForZSet().popMin("z:a", Duration.ofSeconds(1)))),
                step("zset randomMember", t -> {
                    Set<String> members = t.opsForZSet().range("z:a", 0, -1);
                    return all(members.contains(t.opsForZSet().randomMember("z:a")), t.opsForZSet().randomMembers("z:a", 5).size(),
                            t.opsForZSet().distinctRandomMembers("z:a", 10).size(),
                            members.contains(t.opsForZSet().randomMemberWithScore("z:a").getValue()));
                }),
                step("zset remove ranges", t -> all(t.opsForZSet().removeRangeByScore("z:a", 7, 8), t.opsForZSet().removeRange("z:a", 0, 0),
                        t.opsForZSet().remove("z:a", "nobody"), tuples(t.opsForZSet().rangeWithScores("z:a", 0, -1)))),
                // geo
                step("geo add, position, hash, distance", t -> {
                    t.opsForGeo().add("g:sicily", new Point(13.361389, 38.115556), "Palermo");
                    t.opsForGeo().add("g:sicily", Map.of("Catania", new Point(15.087269, 37.502669),
                            "Agrigento", new Point(13.583333, 37.316667)));
                    return all(t.opsForGeo().position("g:sicily", "Palermo", "Nowhere"), t.opsForGeo().hash("g:sicily", "Palermo", "Catania"),
                            t.opsForGeo().distance("g:sicily", "Palermo", "Catania", Metrics.KILOMETERS),
                            String.valueOf(t.opsForGeo().distance("g:sicily", "Palermo", "Nowhere")));
                }),
                step("geo radius with args", t -> all(
                        geo(t.opsForGeo().radius("g:sicily", new Circle(new Point(15, 37), new Distance(200, Metrics.KILOMETERS)),
                                GeoRadiusCommandArgs.newGeoRadiusArgs().includeDistance().includeCoordinates().sortAscending().limit(2))),
                        geo(t.opsForGeo().radius("g:sicily", "Palermo", new Distance(100, Metrics.MILES),
                                GeoRadiusCommandArgs.newGeoRadiusArgs().includeDistance().sortDescending())),
                        geo(t.opsForGeo().radius("g:sicily", "Palermo", 200000)))),
                step("geo search", t -> all(
                        geo(t.opsForGeo().search("g:sicily", GeoReference.fromMember("Catania"), new Distance(300, Metrics.KILOMETERS),
                                GeoSearchCommandArgs.newGeoSearchArgs().includeDistance().includeCoordinates().sortAscending())),
                        geo(t.opsForGeo().search("g:sicily", GeoReference.fromCoordinate(14, 37.5),
                                new org.springframework.data.redis.domain.geo.BoundingBox(300, 300, Metrics.KILOMETERS),
                                GeoSearchCommandArgs.newGeoSearchArgs().includeDistance().sortAscending().limit(2, true))),
                        t.opsForGeo().searchAndStore("g:sicily", "g:near", GeoReference.fromMember("Palermo"),
                                new Distance(150, Metrics.KILOMETERS)),
                        t.opsForZSet().range("g:near", 0, -1), t.opsForGeo().remove("g:sicily", "Agrigento"))),
                // hyperloglog
                step("hyperloglog", t -> {
                    Long added = t.opsForHyperLogLog().add("hll:a", "a", "b", "c", "d");
                    t.opsForHyperLogLog().add("hll:b", "c", "d", "e");
                    return all(added, t.opsForHyperLogLog().add("hll:a", "a"), t.opsForHyperLogLog().size("hll:a"),
                            t.opsForHyperLogLog().size("hll:a", "hll:b"), t.opsForHyperLogLog().union("hll:u", "hll:a", "hll:b"),
                            t.opsForValue().get("hll:u").length());
                }),
                // streams
                step("stream add and range", t -> {
                    for (int i = 1; i <= 5; i++) {
                        t.opsForStream().add(StreamRecords.newRecord().in("x:orders").withId(RecordId.of(i, 0))
                            .ofMap(Map.of("item", "i" + i)));
                    }
                    return all(records(t.opsForStream().range("x:orders", Range.closed("2-0", "4-0"))),
                            records(t.opsForStream().reverseRange("x:orders", Range.unbounded(),
                                    org.springframework.data.redis.connection.Limit.limit().count(2))),
                            t.opsForStream().size("x:orders"));
                }),
                step("stream add with a smaller id", t -> t.opsForStream().add(StreamRecords.newRecord().in("x:orders")
                    .withId(RecordId.of(1, 0)).ofMap(Map.of("item", "late")))),
                step("stream consumer group read", t -> all(t.opsForStream().createGroup("x:orders", ReadOffset.from("0-0"), "shipping"),
                        records(t.opsForStream().read(Consumer.from("shipping", "c1"), StreamReadOptions.empty().count(2),
                                StreamOffset.create("x:orders", ReadOffset.lastConsumed()))),
                        records(t.opsForStream().read(Consumer.from("shipping", "c2"), StreamReadOptions.empty().count(1),
                                StreamOffset.create("x:orders", ReadOffset.lastConsumed()))))),
                step("stream group exists", t -> t.opsForStream().createGroup("x:orders", ReadOffset.from("0-0"), "shipping")),
                step("stream pending", t -> {
                    PendingMessagesSummary summary = t.opsForStream().pending("x:orders", "shipping");
                    List<String> pending = new ArrayList<>();
                    for (PendingMessage message : t.opsForStream().pending("x:orders", "shipping", Range.unbounded(), 10)) {
                        pending.add(message.getIdAsString() + " " + message.getConsumerName() + " " + message.getTotalDeliveryCount());
                    }
                    return all(summary.getTotalPendingMessages(), summary.minMessageId(), summary.maxMessageId(),
                            new TreeMap<>(summary.getPendingMessagesPerConsumer()), pending,
                            t.opsForStream().pending("x:orders", Consumer.from("shipping", "c2"), Range.unbounded(), 10).size());
                }),
                step("stream claim and acknowledge", t -> all(
                        records(t.opsForStream().claim("x:orders", "shipping", "c2", Duration.ZERO, RecordId.of("1-0"), RecordId.of("9-0"))),
                        t.opsForStream().acknowledge("x:orders", "shipping", "1-0", "2-0"),
                        t.opsForStream().pending("x:orders", "shipping").getTotalPendingMessages(),
                        t.opsForStream().consumers("x:orders", "shipping").stream().map(c -> c.consumerName() + ":" + c.pendingCount()).toList(),
                        t.opsForStream().groups("x:orders").stream().map(g -> g.groupName() + ":" + g.consumerCount() + ":" + g.pendingCount()
                                + ":" + g.lastDeliveredId()).toList(),
                        t.opsForStream().info("x:orders").streamLength(), t.opsForStream().trim("x:orders", 3),
                        t.opsForStream().delete("x:orders", "5-0"), t.opsForStream().size("x:orders"),
                        t.opsForStream().deleteConsumer("x:orders", Consumer.from("shipping", "c1")),
                        t.opsForStream().destroyGroup("x:orders", "shipping"))),
                // scripting
                step("script with SHA fallback", t -> {
                    RedisScript<List> redisScript = RedisScript.of(script, List.class);
                    return all(t.execute(redisScript, List.of("lua:n"), "5"), t.execute(redisScript, List.of("lua:n"), "6"),
                            t.execute(RedisScript.of("return redis.call('GET', KEYS[1])", String.class), List.of("lua:n")));
                }),
                step("script types", t -> all(t.execute(RedisScript.of("return 3.99", Long.class), List.of()),
                        t.execute(RedisScript.of("return 'ok'", String.class), List.of()),
                        t.execute(RedisScript.of("return redis.call('EXISTS', KEYS[1]) == 1", Boolean.class), List.of("lua:n")),
                        t.execute(RedisScript.of("return {1, 'two', {3}}", List.class), List.of()))),
                step("script error", t -> t.execute(RedisScript.of("return redis.call('INCR', KEYS[1])", Long.class), List.of("s:ap"))),
                // transactions
                step("transaction", t -> t.execute(new SessionCallback<List<Object>>() {
                    @Override
                    @SuppressWarnings({ "unchecked", "rawtypes" })
                    public List<Object> execute(RedisOperations operations) {
                        operations.multi();
                        operations.opsForValue().set("tx:a", "1");
                        operations.opsForValue().increment("tx:a");
                        operations.opsForList().rightPush("tx:l", "x");
                        operations.opsForValue().get("tx:a");
                        operations.opsForHash().put("tx:h", "f", "v");
                        operations.opsForSet().add("tx:s", "a", "b");
                        operations.opsForZSet().add("tx:z", "m", 2.5);
                        return operations.exec();
                    }
                })),
                step("transaction with a failing command", t -> t.execute(new SessionCallback<List<Object>>() {
                    @Override
                    @SuppressWarnings({ "unchecked", "rawtypes" })
                    public List<Object> execute(RedisOperations operations) {
                        operations.multi();
                        operations.opsForValue().increment("tx:a");
                        operations.opsForHash().put("tx:a", "f", "v");
                        operations.opsForValue().get("tx:a");
                        return operations.exec();
                    }
                })),
                step("transaction discarded by WATCH", t -> t.execute(new SessionCallback<List<Object>>() {
                    @Override
                    @SuppressWarnings({ "unchecked", "rawtypes" })
                    public List<Object> execute(RedisOperations operations) {
                        operations.watch("tx:a");
                        t.opsForValue().set("tx:a", "changed elsewhere");
                        operations.multi();
                        operations.opsForValue().set("tx:a", "mine");
                        List<Object> result = operations.exec();
                        return all(result, t.opsForValue().get("tx:a"));
                    }
                })),
                // pipelining
                step("pipeline", t -> t.executePipelined((RedisCallback<Object>) connection -> {
                    byte[] key = "p:k".getBytes(StandardCharsets.UTF_8);
                    connection.stringCommands().set(key, "1".getBytes(StandardCharsets.UTF_8));
                    connection.stringCommands().get(key);
                    connection.keyCommands().expire(key, 100);
                    connection.listCommands().rPush("p:l".getBytes(StandardCharsets.UTF_8), "a".getBytes(StandardCharsets.UTF_8));
                    connection.stringCommands().incr(key);
                    connection.keyCommands().exists(key);
                    connection.zSetCommands().zAdd("p:z".getBytes(StandardCharsets.UTF_8), 1.5, "m".getBytes(StandardCharsets.UTF_8),
                            org.springframework.data.redis.connection.RedisZSetCommands.ZAddArgs.empty());
                    return null;
                })),
                step("transaction in a pipeline", t -> t.executePipelined(new SessionCallback<Object>() {
                    @Override
                    @SuppressWarnings({ "unchecked", "rawtypes" })
                    public Object execute(RedisOperations operations) {
                        operations.multi();
                        operations.opsForValue().set("tx:p", "5");
                        operations.opsForValue().increment("tx:p", 10);
                        operations.opsForList().leftPush("tx:pl", "a");
                        operations.exec();
                        operations.opsForValue().get("tx:p");
                        return null;
                    }
                })),
                step("stream blocking read that times out", t -> String.valueOf(t.opsForStream()
                    .read(StreamReadOptions.empty().block(Duration.ofMillis(50)).count(1), StreamOffset.latest("x:orders")))),
                step("sorted set as a skiplist", t -> {
                    Set<TypedTuple<String>> tuples = new java.util.HashSet<>();
                    for (int i = 0; i < 200; i++) {
                        tuples.add(TypedTuple.of("m" + i, i % 7 == 0 ? -0.0 : i / 3.0));
                    }
                    t.opsForZSet().add("z:big", tuples);
                    return all(tuples(t.opsForZSet().rangeByScoreWithScores("z:big", 10, 20, 2, 5)),
                            t.opsForZSet().reverseRank("z:big", "m100"), t.opsForZSet().score("z:big", "m7"),
                            t.opsForZSet().count("z:big", -0.0, 0.0), t.opsForZSet().randomMembers("z:big", 5).size(),
                            t.opsForZSet().rangeByLex("z:big", Range.closed("m1", "m11"), Limit.limit().count(4)),
                            tuples(t.opsForZSet().popMin("z:big", 3)), t.opsForZSet().size("z:big"));
                }),
                step("hash as a hashtable", t -> {
                    Map<String, String> fields = new TreeMap<>();
                    for (int i = 0; i < 600; i++) {
                        fields.put("field:" + i, "value:" + i);
                    }
                    t.opsForHash().putAll("h:table", fields);
                    t.opsForHash().put("h:long", "f", "v".repeat(100));
                    List<String> scanned = new ArrayList<>();
                    try (Cursor<Map.Entry<Object, Object>> cursor = t.opsForHash().scan("h:table", ScanOptions.scanOptions().count(50).build())) {
                        cursor.forEachRemaining(entry -> scanned.add((String) entry.getKey()));
                    }
                    return all(t.opsForHash().size("h:table"), scanned.size(), new java.util.HashSet<>(scanned).size(),
                            t.opsForHash().randomKeys("h:table", 700).size(), t.opsForHash().lengthOfValue("h:long", "f"));
                }),
                step("sort by weights with get", t -> {
                    t.opsForList().rightPushAll("sort:ids", "3", "1", "2");
                    t.opsForValue().multiSet(Map.of("w_1", "30", "w_2", "10", "w_3", "20", "o_1", "one", "o_2", "two", "o_3", "three"));
                    return all(t.sort(org.springframework.data.redis.core.query.SortQueryBuilder.sort("sort:ids").by("w_*").get("o_*").get("#").build()),
                            t.sort(org.springframework.data.redis.core.query.SortQueryBuilder.sort("sort:ids").order(
                                    org.springframework.data.redis.connection.SortParameters.Order.DESC).limit(0, 2).build()),
                            t.sort(org.springframework.data.redis.core.query.SortQueryBuilder.sort("sort:ids").by("nosort").build(), "sort:out"),
                            t.opsForList().range("sort:out", 0, -1));
                }),
                step("set keeping the time to live", t -> t.execute((RedisCallback<Object>) connection -> {
                    byte[] key = "s:keep".getBytes(StandardCharsets.UTF_8);
                    connection.stringCommands().set(key, "1".getBytes(StandardCharsets.UTF_8),
                            org.springframework.data.redis.core.types.Expiration.seconds(100),
                            org.springframework.data.redis.connection.RedisStringCommands.SetOption.upsert());
                    Boolean kept = connection.stringCommands().set(key, "2".getBytes(StandardCharsets.UTF_8),
                            org.springframework.data.redis.core.types.Expiration.keepTtl(),
                            org.springframework.data.redis.connection.RedisStringCommands.SetOption.ifPresent());
                    return all(kept, ttlRange(t, "s:keep"), connection.keyCommands().pTtl(key) > 90_000);
                })),
                step("scripts: pcall, status, cjson, sha1hex, nil in arrays", t -> all(
                        t.execute(RedisScript.of("local r = redis.pcall('INCR', KEYS[1]) return r['err']", String.class), List.of("h:user")),
                        t.execute(RedisScript.of("return redis.status_reply('FINE')", String.class), List.of()),
                        t.execute(RedisScript.of("return cjson.encode(cjson.decode(ARGV[1]))", String.class), List.of(), "{\"a\":[1,2.5,\"x\"]}"),
                        t.execute(RedisScript.of("return redis.sha1hex(ARGV[1])", String.class), List.of(), "abc"),
                        t.execute(RedisScript.of("return {1, 2, nil, 4}", List.class), List.of()),
                        t.execute(RedisScript.of("return {1.5, 'x', false, true}", List.class), List.of()),
                        t.execute(RedisScript.of("return redis.call('HGETALL', KEYS[1])", List.class), List.of("h:user")))),
                step("script error from a call", t -> t.execute(RedisScript.of("return redis.call('NOSUCH')", String.class), List.of())),
                // keys
                step("keys scan and keys", t -> {
                    List<String> scanned = new ArrayList<>();
                    try (Cursor<String> cursor = t.scan(ScanOptions.scanOptions().match("s:*").count(5).build())) {
                        cursor.forEachRemaining(scanned::add);
                    }
                    List<String> typed = new ArrayList<>();
                    try (Cursor<String> cursor = t.scan(ScanOptions.scanOptions().type(DataType.ZSET).build())) {
                        cursor.forEachRemaining(typed::add);
                    }
                    return all(sorted(scanned), sorted(typed), sorted(t.keys("set:?")), t.countExistingKeys(List.of("s:n", "s:f", "nope")));
                }),
                step("expire, ttl, persist", t -> all(t.expire("s:n", Duration.ofSeconds(100)), ttlRange(t, "s:n"),
                        t.getExpire("s:n", TimeUnit.MILLISECONDS) > 90_000, t.persist("s:n"), t.getExpire("s:n"), t.getExpire("nope"),
                        t.expire("nope", Duration.ofSeconds(1)), t.expireAt("s:f", java.time.Instant.now().plusSeconds(200)), ttlRange(t, "s:f"))),
                step("rename and type", t -> {
                    t.rename("s:ap", "s:renamed");
                    return all(t.renameIfAbsent("s:renamed", "s:n"), t.type("s:renamed"), t.type("l:a"), t.type("h:user"),
                            t.type("set:a"), t.type("z:a"), t.type("x:orders"), t.type("nope"));
                }),
                step("rename a missing key", t -> {
                    t.rename("nope", "nope2");
                    return "renamed";
                }),
                step("dump and restore", t -> {
                    List<Object> dumps = new ArrayList<>();
                    for (String key : List.of("s:renamed", "s:n", "l:a", "h:user", "set:a", "z:a", "z:lex", "x:orders", "hll:a")) {
                        byte[] dump = t.dump(key);
                        if (dump == null) {
                            dumps.add(key + " missing");
                            continue;
                        }
                        t.restore(key + ":copy", dump, 0, TimeUnit.SECONDS);
                        dumps.add(key + " " + java.util.HexFormat.of().formatHex(dump) + " " + t.type(key + ":copy"));
                    }
                    t.restore("s:n", t.dump("s:renamed"), 10, TimeUnit.SECONDS, true);
                    dumps.add(t.opsForValue().get("s:n"));
                    dumps.add(ttlRange(t, "s:n"));
                    return dumps;
                }),
                step("restore onto an existing key", t -> {
                    t.restore("s:n", t.dump("s:renamed"), 0, TimeUnit.SECONDS);
                    return "restored";
                }),
                step("copy, unlink, delete", t -> all(t.copy("h:user", "h:user2", false), t.copy("h:user", "h:user2", false),
                        t.unlink("h:user2"), t.delete(List.of("s:m1", "s:m2", "nope")), t.hasKey("s:m1"))),
                step("replies as sent: numbers and encodings", t -> t.execute((RedisCallback<Object>) connection -> {
                    List<Object> replies = new ArrayList<>();
                    for (String command : List.of("SET raw:f 10.5", "INCRBYFLOAT raw:f 0.1", "INCRBYFLOAT raw:f 5.0e3",
                            "INCRBYFLOAT raw:f -10110.6", "HINCRBYFLOAT raw:h f 1e-7", "HINCRBYFLOAT raw:h f 3",
                            "ZADD raw:z 1e-7 a 123456789012345678 b -0.0 c", "ZINCRBY raw:z 0.1 a", "ZSCORE raw:z b",
                            "ZSCORE raw:z c", "ZINCRBY raw:z inf c", "GEODIST g:sicily Palermo Catania ft",
                            "OBJECT ENCODING s:n", "OBJECT ENCODING raw:f", "OBJECT ENCODING s:renamed", "OBJECT ENCODING h:user",
                            "OBJECT ENCODING h:big", "OBJECT ENCODING set:a", "OBJECT ENCODING set:b", "OBJECT ENCODING set:big",
                            "OBJECT ENCODING z:lex", "OBJECT ENCODING raw:z", "OBJECT ENCODING l:d", "OBJECT ENCODING x:orders",
                            "OBJECT ENCODING hll:u", "TYPE hll:u", "SET raw:s 12345", "OBJECT ENCODING raw:s", "APPEND raw:s 6",
                            "OBJECT ENCODING raw:s", "INCR raw:s", "OBJECT ENCODING raw:s", "SETRANGE raw:r 3 abc", "GET raw:r",
                            "OBJECT ENCODING raw:r", "SET raw:lcs1 ohmytext", "SET raw:lcs2 mynewtext", "LCS raw:lcs1 raw:lcs2",
                            "LCS raw:lcs1 raw:lcs2 LEN", "SORT l:d ALPHA", "SORT set:a DESC LIMIT 0 2", "SINTERCARD 2 set:a set:b",
                            "ZINTERCARD 2 z:u z:b", "SMISMEMBER set:a 1 9", "ZMSCORE raw:z a nope", "LPOS l:d 3", "BITCOUNT s:bits 0 20 BIT",
                            "BITPOS s:bits 1 0 -1 BIT", "EXPIRETIME s:renamed", "EXPIRE s:renamed 100 GT", "EXPIRE s:renamed 100 NX",
                            "EXPIRE s:renamed 50 LT", "LMPOP 2 nope l:d LEFT COUNT 1", "ZMPOP 1 raw:z MAX COUNT 1", "GETEX raw:r PERSIST",
                            "SET raw:r v KEEPTTL GET", "GETDEL raw:r", "COPY s:renamed s:copied DB 8", "MEMORY USAGE s:renamed",
                            "MEMORY USAGE h:user", "MEMORY USAGE set:a", "MEMORY USAGE z:lex", "MEMORY USAGE l:d",
                            "XADD x:new MAXLEN 2 5-1 f v", "XADD x:new 5-1 f v", "XADD x:new 0-0 f v", "XLEN x:new",
                            "XAUTOCLAIM x:new g c 0 0-0", "XINFO STREAM x:new", "SELECT 8", "DEL s:copied", "SELECT 9")) {
                        String[] words = command.split(" ");
                        byte[][] args = new byte[words.length - 1][];
                        for (int i = 1; i < words.length; i++) {
                            args[i - 1] = words[i].getBytes(StandardCharsets.UTF_8);
                        }
                        try {
                            replies.add(command + " -> " + describe(connection.execute(words[0], args)));
                        }
                        catch (RuntimeException ex) {
                            replies.add(command + " -> " + ex.getClass().getSimpleName());
                        }
                    }
                    return replies;
                })),
                // connection and server
                step("dbSize and info", t -> t.execute((RedisCallback<Object>) connection -> {
                    Properties info = connection.serverCommands().info();
                    Properties keyspace = connection.serverCommands().info("keyspace");
                    String db = keyspace.getProperty("db" + DATABASE);
                    return all(connection.serverCommands().dbSize(), info.getProperty("redis_version"),
                            info.containsKey("connected_clients"), info.containsKey("used_memory"), db.substring(0, db.indexOf(',')));
                })),
                step("info fields", t -> t.execute((RedisCallback<Object>) connection -> {
                    Map<String, List<String>> fields = new TreeMap<>();
                    // Not commandstats or errorstats: other clients of the shared Redis add to those.
                    for (String section : List.of("server", "clients", "memory", "persistence", "stats", "replication", "cpu",
                            "keyspace")) {
                        fields.put(section, sorted(connection.serverCommands().info(section).stringPropertyNames()));
                    }
                    return fields;
                })),
                step("time", t -> t.execute((RedisCallback<Object>) connection -> {
                    long now = connection.serverCommands().time(TimeUnit.MILLISECONDS);
                    return Math.abs(now - System.currentTimeMillis()) < 5000;
                })),
                step("clientList and client name", t -> t.execute((RedisCallback<Object>) connection -> {
                    connection.serverCommands().setClientName("sweep".getBytes(StandardCharsets.UTF_8));
                    List<org.springframework.data.redis.core.types.RedisClientInfo> clients = connection.serverCommands().getClientList();
                    org.springframework.data.redis.core.types.RedisClientInfo self = clients.stream()
                        .filter(client -> "sweep".equals(client.getName()))
                        .findFirst()
                        .orElseThrow();
                    // RESP3 (Lettuce) answers with a verbatim string, which the driver hands over as a String
                    Object reply = connection.execute("CLIENT", "INFO".getBytes(StandardCharsets.UTF_8));
                    String info = reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(reply);
                    List<String> fields = Arrays.stream(info.trim().split(" ")).map(field -> field.substring(0, field.indexOf('='))).toList();
                    return all(fields, connection.serverCommands().getClientName(), self.getDatabaseId(), self.get("flags"),
                            self.getLastCommand(), self.get("resp") != null);
                })),
                step("ping and echo", t -> t.execute((RedisCallback<Object>) connection -> List.of(connection.ping(),
                        new String(connection.echo("hi".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)))),
                step("unknown command", t -> t.execute((RedisCallback<Object>) connection -> connection.execute("NOSUCHCMD",
                        "a".getBytes(StandardCharsets.UTF_8)))));
    }

    private static List<Object> all(Object... values) {
        return Arrays.asList(values);
    }

    /** The step's result as text, or its error's class and message. */
    private static String outcome(Step step, StringRedisTemplate template) {
        try {
            return describe(step.operation().apply(template));
        }
        catch (RuntimeException ex) {
            Throwable cause = ex;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            String message = cause.getMessage();
            String type = cause.getClass().getName();
            if (type.startsWith("io.lettuce.core.Redis") || type.startsWith("redis.clients.jedis.exceptions")) {
                return "error: " + message;
            }
            if (type.startsWith("org.springframework.")) {
                return "refused by the client: " + message;
            }
            return "unexpected " + type + ": " + message;
        }
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof byte[] bytes) {
            return "bytes:" + new String(bytes, StandardCharsets.UTF_8);
        }
        if (value instanceof Map<?, ?> map) {
            List<String> entries = new ArrayList<>();
            map.forEach((k, v) -> entries.add(describe(k) + "=" + describe(v)));
            return "{" + String.join(", ", entries) + "}";
        }
        if (value instanceof Collection<?> collection) {
            return "[" + String.join(", ", collection.stream().map(ClientSweepTests::describe).toList()) + "]";
        }
        if (value instanceof Object[] array) {
            return describe(Arrays.asList(array));
        }
        if (value instanceof Point point) {
            return "(" + point.getX() + "," + point.getY() + ")";
        }
        if (value instanceof Distance distance) {
            return distance.getValue() + distance.getUnit();
        }
        return value.getClass().getSimpleName() + ":" + value;
    }

    private static List<String> tuples(Collection<TypedTuple<String>> tuples) {
        return tuples.stream().map(ClientSweepTests::tuple).toList();
    }

    private static String tuple(TypedTuple<String> tuple) {
        return (tuple != null) ? tuple.getValue() + "=" + tuple.getScore() : "none";
    }

    private static List<String> geo(GeoResults<GeoLocation<String>> results) {
        List<String> described = new ArrayList<>();
        for (GeoResult<GeoLocation<String>> result : results) {
            described.add(result.getContent().getName() + " " + describe(result.getContent().getPoint()) + " "
                    + describe(result.getDistance()));
        }
        return described;
    }

    private static List<String> records(List<MapRecord<String, Object, Object>> records) {
        return records.stream().map(record -> record.getId() + " " + describe(record.getValue())).toList();
    }

    private static String ttlRange(StringRedisTemplate template, String key) {
        Long ttl = template.getExpire(key);
        if (ttl == null || ttl < 0) {
            return "ttl " + ttl;
        }
        return "ttl within " + ((ttl + 9) / 10 * 10);
    }

    private static List<String> sorted(Collection<?> values) {
        return values.stream().map(String::valueOf).sorted().toList();
    }

    private static StringRedisTemplate template(String client, int port) {
        RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration("127.0.0.1", port);
        configuration.setDatabase(DATABASE);
        RedisConnectionFactory factory;
        if ("lettuce".equals(client)) {
            LettuceConnectionFactory lettuce = new LettuceConnectionFactory(configuration);
            lettuce.afterPropertiesSet();
            lettuce.start();
            factory = lettuce;
        }
        else {
            JedisConnectionFactory jedis = new JedisConnectionFactory(configuration);
            jedis.afterPropertiesSet();
            jedis.start();
            factory = jedis;
        }
        factories.add(factory);
        return new StringRedisTemplate(factory);
    }

    private static void flush(StringRedisTemplate template) {
        template.execute((RedisCallback<Object>) connection -> {
            connection.serverCommands().flushDb();
            return null;
        });
    }

    private static boolean realRedisListening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }
}
