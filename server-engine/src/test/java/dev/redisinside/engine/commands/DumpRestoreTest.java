package dev.redisinside.engine.commands;

import dev.redisinside.engine.EmbeddedRedisServer;
import dev.redisinside.engine.protocol.RequestDecoder;
import dev.redisinside.engine.support.EngineTest;
import dev.redisinside.engine.support.RawClient;
import dev.redisinside.engine.support.RealRedis;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DumpRestoreTest extends EngineTest {

    private static final String SHARED_PREFIX = "dump-helper:";

    /** Values whose DUMP is deterministic in Redis: each is built by the commands on key {@code K}. */
    private static final String[][] DETERMINISTIC = {
            {"SET K 0"}, {"SET K -1"}, {"SET K 127"}, {"SET K -128"}, {"SET K 128"}, {"SET K 32767"},
            {"SET K -32769"}, {"SET K 2147483647"}, {"SET K 2147483648"}, {"SET K -9223372036854775808"},
            {"SET K 12345678901"}, {"SET K 007"}, {"SET K hello"}, {"SET K \"\""},
            {"SET K aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
            {"SET K abcdefghijklmnopqrstuvwxyz0123456789"},
            {"SET K abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc"},
            {"SET K \"The quick brown fox jumps over the lazy dog. The quick brown fox jumps over the lazy dog.\""},
            {"SET K 123", "APPEND K 45"}, {"SET K 1.5", "INCRBYFLOAT K 1.5"},
            {"SET K \"\\x00\\xff\\x80binary\""},
            {"HSET K f v"}, {"HSET K a 1 b -2 c 100000 d 5000000000 e -4096 f 4095 g -70000 h 9000000"},
            {"HSET K field1 value1 field2 value2 field3 value3 field4 value4"},
            {"HSET K long xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
            {"HSET K a 1 b 2", "HSET K a 3", "HDEL K b", "HSET K c 4"},
            {"RPUSH K a b c 1 -2 300 70000 5000000000 \"\""}, {"LPUSH K x y z"},
            {"RPUSH K " + "abcdefghij".repeat(30)}, {"RPUSH K " + repeatWords(120, 90)},
            {"RPUSH K " + repeatWords(400, 3)}, {"RPUSH K a b c", "LPOP K", "RPUSH K d"},
            {"SADD K 1 2 3"}, {"SADD K 5 -3 70000"}, {"SADD K 1 5000000000 -2"}, {"SADD K onlyone"},
            {"ZADD K 1 a 2.5 b -3 c inf d -inf e"}, {"ZADD K 0 z 1e20 x 0.1 y 12345678 w"},
            {"ZADD K 1 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
            {"ZADD K 1 a 2 b 3 c 4 d 5 e 6 f 7 g 8 h 9 i 10 j 11 k 12 l 13 m 14 n 15 o 16 p 17 q 18 r 19 s 20 t"
                    + " 21 u 22 v 23 w 24 x 25 y 26 z 27 A 28 B 29 C 30 D 31 E 32 F 33 G 34 H 35 I 36 J 37 K"
                    + " 38 L 39 M 40 N 41 O 42 P 43 Q 44 R 45 S 46 T 47 U 48 V 49 W 50 X 51 Y 52 Z 53 aa 54 bb"
                    + " 55 cc 56 dd 57 ee 58 ff 59 gg 60 hh 61 ii 62 jj 63 kk 64 ll 65 mm 66 nn 67 oo 68 pp"
                    + " 69 qq 70 rr 71 ss 72 tt 73 uu 74 vv 75 ww 76 xx 77 yy 78 zz 79 AA 80 BB 81 CC 82 DD"
                    + " 83 EE 84 FF 85 GG 86 HH 87 II 88 JJ 89 KK 90 LL 91 MM 92 NN 93 OO 94 PP 95 QQ 96 RR"
                    + " 97 SS 98 TT 99 UU 100 VV 101 WW 102 XX 103 YY 104 ZZ 105 aaa 106 bbb 107 ccc 108 ddd"
                    + " 109 eee 110 fff 111 ggg 112 hhh 113 iii 114 jjj 115 kkk 116 lll 117 mmm 118 nnn 119 ooo"
                    + " 120 ppp 121 qqq 122 rrr 123 sss 124 ttt 125 uuu 126 vvv 127 www 128 xxx 129 yyy"
                    + " 130 zzz 131 x1 132 x2 133 x3 134 x4"},
    };

    @Test
    void migrateMovesKeysToTheTargetAndDeletesThemUnlessCopy() {
        EmbeddedRedisServer target = EmbeddedRedisServer.builder().port(0).password("pw").build().start();
        try (RawClient t = new RawClient(target.port())) {
            String to = "MIGRATE 127.0.0.1 " + target.port() + " ";
            assertThat(t.call("AUTH", "pw")).isEqualTo("+OK\r\n");
            call("SET a 1");
            call("RPUSH l x y");
            call("PEXPIRE l 5000");
            assertReply(to + "a 0 1000", "-ERR Target instance replied with error: NOAUTH Authentication required.\r\n");
            assertReply("EXISTS a", ":1\r\n");
            assertReply(to + "\"\" 3 1000 AUTH pw KEYS a l nokey", "+OK\r\n");
            assertReply("EXISTS a l", ":0\r\n");
            assertThat(t.call("SELECT", "3")).isEqualTo("+OK\r\n");
            assertThat(t.call("LRANGE", "l", "0", "-1")).isEqualTo("*2\r\n$1\r\nx\r\n$1\r\ny\r\n");
            assertThat(t.call("PTTL", "l")).matches(":(4\\d{3}|5000)\r\n");
            call("SET a 2");
            call("SET b 3");
            assertReply(to + "\"\" 3 1000 AUTH2 default pw COPY KEYS a b",
                    "-ERR Target instance replied with error: BUSYKEY Target key name already exists.\r\n");
            assertThat(t.call("GET", "b")).isEqualTo("$1\r\n3\r\n");
            assertReply(to + "a 3 1000 AUTH pw COPY REPLACE", "+OK\r\n");
            assertThat(t.call("GET", "a")).isEqualTo("$1\r\n2\r\n");
            assertReply("EXISTS a b", ":2\r\n");
            assertReply(to + "a 99 1000 AUTH pw", "-ERR Target instance replied with error: ERR DB index is out of range\r\n");
            assertReply(to + "nokey 0 1000", "+NOKEY\r\n");
        } finally {
            target.stop();
        }
    }

    @Test
    void dumpBytesEqualRealRedisAndItsPayloadsRestoreHere() {
        RealRedis.assumeSharedRedis();
        try (RawClient redis = new RawClient("127.0.0.1", 6379)) {
            for (String[] scenario : DETERMINISTIC) {
                String sharedKey = SHARED_PREFIX + "k";
                redis.call("DEL", sharedKey);
                call("DEL K");
                for (String command : scenario) {
                    redis.sendBytes(args(command, sharedKey));
                    redis.readReply();
                    call(command);
                }
                byte[] theirs = bulk(redis.callBytes(bytes("DUMP"), bytes(sharedKey)));
                String theirEncoding = redis.call("OBJECT", "ENCODING", sharedKey);
                redis.call("DEL", sharedKey);
                redis.callBytes(bytes("RESTORE"), bytes(sharedKey), bytes("0"), theirs);
                String theirRestoredEncoding = redis.call("OBJECT", "ENCODING", sharedKey);
                redis.call("DEL", sharedKey);
                byte[] ours = bulk(client.callBytes(bytes("DUMP"), bytes("K")));
                String description = String.join("; ", scenario);
                assertThat(hex(ours)).as(description).isEqualTo(hex(theirs));
                assertThat(call("OBJECT ENCODING K")).as(description).isEqualTo(theirEncoding);

                // Redis's payload restores here to the same value and encoding.
                byte[] restored = client.callBytes(bytes("RESTORE"), bytes("R"), bytes("0"), theirs);
                assertThat(new String(restored, StandardCharsets.ISO_8859_1)).as(description).isEqualTo("+OK\r\n");
                assertThat(hex(bulk(client.callBytes(bytes("DUMP"), bytes("R"))))).as(description).isEqualTo(hex(theirs));
                assertThat(call("OBJECT ENCODING R")).as(description).isEqualTo(theirRestoredEncoding);
                call("DEL R");
            }
        }
    }

    @Test
    void ourPayloadsRestoreInRealRedis() {
        RealRedis.assumeSharedRedis();
        try (RawClient redis = new RawClient("127.0.0.1", 6379)) {
            String sharedKey = SHARED_PREFIX + "r";
            call("HSET big " + fields(300));
            call("SADD bigset " + String.join(" ", words(300)));
            call("ZADD bigz " + scored(300));
            for (String key : List.of("big", "bigset", "bigz")) {
                byte[] ours = bulk(client.callBytes(bytes("DUMP"), bytes(key)));
                redis.call("DEL", sharedKey);
                assertThat(new String(redis.callBytes(bytes("RESTORE"), bytes(sharedKey), bytes("0"), ours),
                        StandardCharsets.ISO_8859_1)).isEqualTo("+OK\r\n");
                assertThat(redis.call("OBJECT", "ENCODING", sharedKey)).isEqualTo(call("OBJECT ENCODING " + key));
                String type = call("TYPE " + key);
                String check = switch (type) {
                    case "+hash\r\n" -> "HLEN";
                    case "+set\r\n" -> "SCARD";
                    default -> "ZCARD";
                };
                assertThat(redis.call(check, sharedKey)).isEqualTo(":300\r\n");
                redis.call("DEL", sharedKey);
            }
        }
    }

    @Test
    void roundTripsOfEveryEncoding() {
        call("SET s hello");
        call("HSET h a 1 b 2");
        call("HSET hh " + fields(300));
        call("SADD si 1 2 3");
        call("SADD sh " + String.join(" ", words(50)));
        call("ZADD zl 1 a 2 b");
        call("ZADD zs " + scored(300));
        call("SET long " + "x".repeat(5000));
        for (String key : List.of("s", "h", "hh", "si", "sh", "zl", "zs", "long")) {
            byte[] payload = bulk(client.callBytes(bytes("DUMP"), bytes(key)));
            String encoding = call("OBJECT ENCODING " + key);
            assertThat(new String(client.callBytes(bytes("RESTORE"), bytes(key + ":copy"), bytes("0"), payload),
                    StandardCharsets.ISO_8859_1)).isEqualTo("+OK\r\n");
            assertThat(call("OBJECT ENCODING " + key + ":copy")).as(key).isEqualTo(encoding);
            assertThat(hex(bulk(client.callBytes(bytes("DUMP"), bytes(key + ":copy"))))).as(key).isEqualTo(hex(payload));
        }
        assertThat(call("HGET hh f299")).isEqualTo("$4\r\nv299\r\n");
        assertThat(call("ZSCORE zs m7")).isEqualTo("$1\r\n7\r\n");
    }

    /** A payload recorded from Redis 7.0.15: DUMP of HSET k f v (listpack). */
    @Test
    void recordedPayloadRestores() {
        byte[] payload = unhex("100d0d0000000200816602817602ff0a0020f13d442354089d");
        assertThat(new String(client.callBytes(bytes("RESTORE"), bytes("k"), bytes("0"), payload),
                StandardCharsets.ISO_8859_1)).isEqualTo("+OK\r\n");
        assertReply("HGETALL k", "*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
        assertReply("OBJECT ENCODING k", "$8\r\nlistpack\r\n");
    }

    @Test
    void restoreOptionsAndErrors() {
        call("SET k v");
        byte[] payload = bulk(client.callBytes(bytes("DUMP"), bytes("k")));
        assertThat(restore("k", "0", payload)).isEqualTo("-BUSYKEY Target key name already exists.\r\n");
        assertThat(restore("n", "-1", payload)).isEqualTo("-ERR Invalid TTL value, must be >= 0\r\n");
        assertThat(restore("n", "x", payload)).isEqualTo("-ERR value is not an integer or out of range\r\n");
        byte[] corrupt = payload.clone();
        corrupt[corrupt.length - 1] ^= 1;
        assertThat(restore("n", "0", corrupt)).isEqualTo("-ERR DUMP payload version or checksum are wrong\r\n");
        assertThat(restore("n", "0", payload, "IDLETIME", "-1")).isEqualTo("-ERR Invalid IDLETIME value, must be >= 0\r\n");
        assertThat(restore("n", "0", payload, "FREQ", "256")).isEqualTo("-ERR Invalid FREQ value, must be >= 0 and <= 255\r\n");
        assertThat(restore("n", "0", payload, "IDLETIME", "1", "FREQ", "1")).isEqualTo("-ERR syntax error\r\n");
        assertThat(restore("n", "0", payload, "BOGUS")).isEqualTo("-ERR syntax error\r\n");
        assertThat(restore("k", "0", payload, "REPLACE", "IDLETIME", "100")).isEqualTo("+OK\r\n");
        assertReply("OBJECT IDLETIME k", ":100\r\n");
        assertThat(restore("t", "5000", payload)).isEqualTo("+OK\r\n");
        long pttl = Long.parseLong(call("PTTL t").substring(1).trim());
        assertThat(pttl).isBetween(4000L, 5000L);
        server.fastForward(java.time.Duration.ofSeconds(6));
        assertReply("EXISTS t", ":0\r\n");
        // An absolute deadline in the past: OK, and the replaced key is gone.
        assertThat(restore("k", "1", payload, "REPLACE", "ABSTTL")).isEqualTo("+OK\r\n");
        assertReply("EXISTS k", ":0\r\n");
        // A bad body with a valid footer.
        byte[] bad = withFooter(new byte[] {(byte) 42, 1, 2});
        assertThat(restore("n", "0", bad)).isEqualTo("-ERR Bad data format\r\n");
        assertReply("DUMP nosuchkey", "$-1\r\n");
    }

    private String restore(String key, String ttl, byte[] payload, String... options) {
        List<byte[]> argv = new ArrayList<>(List.of(bytes("RESTORE"), bytes(key), bytes(ttl), payload));
        for (String option : options) {
            argv.add(bytes(option));
        }
        return new String(client.callBytes(argv.toArray(new byte[0][])), StandardCharsets.ISO_8859_1);
    }

    private static byte[] withFooter(byte[] body) {
        byte[] framed = Arrays.copyOf(body, body.length + 10);
        framed[body.length] = 10;
        long crc = dev.redisinside.engine.store.rdb.Crc64.of(framed, 0, body.length + 2);
        for (int i = 0; i < 8; i++) {
            framed[body.length + 2 + i] = (byte) (crc >>> (8 * i));
        }
        return framed;
    }

    /** {@code n} distinct elements of about {@code width} bytes each. */
    private static String repeatWords(int n, int width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String word = i + "-" + "q".repeat(width);
            sb.append(' ').append(word);
        }
        return sb.toString().trim();
    }

    private static String fields(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(" f").append(i).append(" v").append(i);
        }
        return sb.toString().trim();
    }

    private static List<String> words(int n) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            words.add("w" + i);
        }
        return words;
    }

    private static String scored(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(' ').append(i).append(" m").append(i);
        }
        return sb.toString().trim();
    }

    private static byte[][] args(String command, String sharedKey) {
        byte[][] argv = RequestDecoder.splitArgs(command.getBytes(StandardCharsets.ISO_8859_1));
        argv[1] = bytes(sharedKey);
        return argv;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The content of a bulk reply. */
    private static byte[] bulk(byte[] reply) {
        String text = new String(reply, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("$");
        int headerEnd = text.indexOf("\r\n");
        int length = Integer.parseInt(text.substring(1, headerEnd));
        return Arrays.copyOfRange(reply, headerEnd + 2, headerEnd + 2 + length);
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }

    private static byte[] unhex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
