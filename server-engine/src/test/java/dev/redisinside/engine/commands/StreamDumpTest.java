package dev.redisinside.engine.commands;

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

/** DUMP / RESTORE of streams (RDB_TYPE_STREAM_LISTPACKS_2), checked against Redis 7.0 when one answers. */
class StreamDumpTest extends EngineTest {

    private static final String SHARED_PREFIX = "streamdump-helper:";

    /** Streams without consumer groups (or with groups that never delivered): their DUMP is deterministic. */
    private static final String[][] DETERMINISTIC = {
            {"XADD K 1-1 f v"},
            {"XADD K 1-1 a 1 b 2", "XADD K 1-2 a 3 b 4", "XADD K 2-0 c 5", "XADD K 2-1 a x b y"},
            {"XADD K 1-1 f 1", "XADD K 1-2 f 2", "XADD K 1-3 f 3", "XDEL K 1-2"},
            {"XADD K 1-1 f 1", "XADD K 1-2 g 2", "XDEL K 1-1"},
            {"XADD K 5-5 f v", "XDEL K 5-5"},
            {"XADD K 1-1 f v", "XADD K 1-2 f v", "XADD K 1-3 f v", "XADD K 1-4 f v", "XADD K 1-5 f v",
                    "XTRIM K MAXLEN 2"},
            {"XADD K 1-1 f v", "XADD K 1-2 f v", "XADD K 1-3 f v", "XTRIM K MINID 1-3"},
            {"XADD K 18446744073709551614-18446744073709551615 f -5 g 5000000000 h -70000 i 4095",
                    "XADD K 18446744073709551615-3 f 300"},
            {"XADD K 1-0 n \"\\x00\\xff\\x80\" \"\" e", "XADD K 1000000000000-1 k "
                    + "abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc"},
            {"XADD K 1-1 f v", "XSETID K 10-10 ENTRIESADDED 50 MAXDELETEDID 5-5"},
            {"XADD K 1-1 f v", "XGROUP CREATE K g1 0", "XGROUP CREATE K g2 $", "XGROUP CREATE K \"\" 1-0"},
            {"XGROUP CREATE K g 0 MKSTREAM"},
            {"XADD K 1-1 f v", "XADD K 2-2 f v", "XGROUP CREATE K g 1-1 ENTRIESREAD 1", "XDEL K 2-2"},
    };

    /** Streams with groups, consumers and pending entries (delivery and seen times are wall clock). */
    private static final String[][] WITH_GROUPS = {
            {"XADD K 1-1 a 1", "XADD K 1-2 b 2", "XADD K 1-3 a 3", "XGROUP CREATE K g 0",
                    "XREADGROUP GROUP g alice COUNT 2 STREAMS K >", "XREADGROUP GROUP g bob STREAMS K >",
                    "XACK K g 1-2", "XGROUP CREATECONSUMER K g carol", "XGROUP CREATE K h $",
                    "XCLAIM K g carol 0 1-1 RETRYCOUNT 7", "XDEL K 1-3"},
    };

    @Test
    void dumpBytesEqualRealRedisAndItsPayloadsRestoreHere() {
        RealRedis.assumeSharedRedis();
        List<String[]> scenarios = new ArrayList<>(Arrays.asList(DETERMINISTIC));
        scenarios.add(bulkScenario(250, "XTRIM K MAXLEN ~ 120"));
        scenarios.add(bulkScenario(250, "XTRIM K MAXLEN 130"));
        scenarios.add(bulkScenario(230, "XDEL K 5-0 6-0 101-0 150-0 210-0 229-0"));
        scenarios.add(bulkScenario(230, "XTRIM K MINID ~ 150"));
        scenarios.add(new String[] {"XADD K 1-1 big " + "x".repeat(5000), "XADD K 1-2 big " + "y".repeat(70),
                "XADD K 1-3 other 1"});
        try (RawClient redis = new RawClient("127.0.0.1", 6379)) {
            for (String[] scenario : scenarios) {
                String sharedKey = SHARED_PREFIX + "k";
                redis.call("DEL", sharedKey);
                call("DEL K");
                for (String command : scenario) {
                    redis.sendBytes(args(command, sharedKey));
                    String theirs = new String(redis.readReply(), StandardCharsets.ISO_8859_1);
                    String ours = call(command);
                    assertThat(ours).as(command).isEqualTo(theirs);
                }
                String description = scenario.length > 8 ? scenario[scenario.length - 1] : String.join("; ", scenario);
                byte[] theirs = bulk(redis.callBytes(bytes("DUMP"), bytes(sharedKey)));
                String theirInfo = redis.call("XINFO", "STREAM", sharedKey, "FULL");
                redis.call("DEL", sharedKey);
                byte[] ours = bulk(client.callBytes(bytes("DUMP"), bytes("K")));
                assertThat(hex(ours)).as(description).isEqualTo(hex(theirs));

                assertThat(restore("R", theirs)).as(description).isEqualTo("+OK\r\n");
                assertThat(hex(bulk(client.callBytes(bytes("DUMP"), bytes("R"))))).as(description).isEqualTo(hex(theirs));
                assertThat(call("XINFO STREAM R FULL")).as(description).isEqualTo(theirInfo);
                assertThat(call("XRANGE R - +")).as(description).isEqualTo(call("XRANGE K - +"));
                call("DEL R");
            }
            redis.call("DEL", SHARED_PREFIX + "k");
        }
    }

    @Test
    void groupsRestoreBothWays() {
        RealRedis.assumeSharedRedis();
        try (RawClient redis = new RawClient("127.0.0.1", 6379)) {
            String sharedKey = SHARED_PREFIX + "g";
            for (String[] scenario : WITH_GROUPS) {
                redis.call("DEL", sharedKey);
                call("DEL K");
                for (String command : scenario) {
                    redis.sendBytes(args(command, sharedKey));
                    redis.readReply();
                    call(command);
                }
                // Redis's payload here: same stream, groups, PELs and times, and the same bytes again.
                byte[] theirs = bulk(redis.callBytes(bytes("DUMP"), bytes(sharedKey)));
                String theirInfo = redis.call("XINFO", "STREAM", sharedKey, "FULL");
                assertThat(restore("R", theirs)).isEqualTo("+OK\r\n");
                assertThat(call("XINFO STREAM R FULL")).isEqualTo(theirInfo);
                assertThat(hex(bulk(client.callBytes(bytes("DUMP"), bytes("R"))))).isEqualTo(hex(theirs));
                assertThat(call("XPENDING R g")).isEqualTo(redis.call("XPENDING", sharedKey, "g"));
                assertThat(call("XINFO GROUPS R")).isEqualTo(redis.call("XINFO", "GROUPS", sharedKey));

                // Our payload there: Redis rebuilds our stream, times included.
                byte[] ours = bulk(client.callBytes(bytes("DUMP"), bytes("K")));
                String ourInfo = call("XINFO STREAM K FULL");
                redis.call("DEL", sharedKey);
                assertThat(new String(redis.callBytes(bytes("RESTORE"), bytes(sharedKey), bytes("0"), ours),
                        StandardCharsets.ISO_8859_1)).isEqualTo("+OK\r\n");
                assertThat(redis.call("XINFO", "STREAM", sharedKey, "FULL")).isEqualTo(ourInfo);
                assertThat(hex(bulk(redis.callBytes(bytes("DUMP"), bytes(sharedKey))))).isEqualTo(hex(ours));
                redis.call("DEL", sharedKey);
            }
        }
    }

    @Test
    void roundTripKeepsEntriesTombstonesAndGroups() {
        for (int i = 1; i <= 250; i++) {
            call("XADD s " + i + "-0 f " + i + " g x" + i);
        }
        call("XDEL s 3-0 120-0");
        call("XTRIM s MAXLEN ~ 200");
        call("XGROUP CREATE s g 0");
        call("XREADGROUP GROUP g c1 COUNT 3 STREAMS s >");
        call("XREADGROUP GROUP g c2 COUNT 2 STREAMS s >");
        call("XACK s g 102-0");
        byte[] payload = bulk(client.callBytes(bytes("DUMP"), bytes("s")));
        assertThat(restore("copy", payload)).isEqualTo("+OK\r\n");
        assertThat(call("XINFO STREAM copy FULL")).isEqualTo(call("XINFO STREAM s FULL"));
        assertThat(call("XRANGE copy - +")).isEqualTo(call("XRANGE s - +"));
        assertThat(call("XPENDING copy g")).isEqualTo(call("XPENDING s g"));
        assertThat(hex(bulk(client.callBytes(bytes("DUMP"), bytes("copy"))))).isEqualTo(hex(payload));
        // The restored copy behaves as the original: trimming by nodes and appending.
        assertThat(call("XTRIM copy MAXLEN ~ 50")).isEqualTo(call("XTRIM s MAXLEN ~ 50"));
        assertThat(call("XADD copy 300-0 f v")).isEqualTo(call("XADD s 300-0 f v"));
        assertThat(hex(bulk(client.callBytes(bytes("DUMP"), bytes("copy")))))
                .isEqualTo(hex(bulk(client.callBytes(bytes("DUMP"), bytes("s")))));
    }

    @Test
    void corruptedPayloadsAreBadDataFormat() {
        call("XADD s 1-1 f v");
        call("XADD s 1-2 f w");
        byte[] payload = bulk(client.callBytes(bytes("DUMP"), bytes("s")));
        byte[] body = Arrays.copyOf(payload, payload.length - 10);
        // Truncated anywhere (reads may run into the footer, as in Redis): as Redis answers when it
        // answers here, else never anything but OK or Bad data format.
        boolean real = RawClient.isListening("127.0.0.1", 6379);
        try (RawClient redis = real ? new RawClient("127.0.0.1", 6379) : null) {
            for (int cut = 1; cut < body.length; cut++) {
                byte[] truncated = withFooter(Arrays.copyOf(body, cut));
                String reply = restore("n", truncated);
                call("DEL n");
                if (redis != null) {
                    String sharedKey = SHARED_PREFIX + "n";
                    String theirs = new String(redis.callBytes(bytes("RESTORE"), bytes(sharedKey), bytes("0"), truncated),
                            StandardCharsets.ISO_8859_1);
                    redis.call("DEL", sharedKey);
                    assertThat(reply).as("cut at " + cut).isEqualTo(theirs);
                } else {
                    assertThat(reply).as("cut at " + cut).isIn("-ERR Bad data format\r\n", "+OK\r\n");
                }
            }
        }
        // A node key that is not 16 bytes long.
        byte[] shortKey = body.clone();
        shortKey[2] = 15;
        assertThat(restore("n", withFooter(shortKey))).isEqualTo("-ERR Bad data format\r\n");
        assertReply("EXISTS n", ":0\r\n");
    }

    private String restore(String key, byte[] payload) {
        return new String(client.callBytes(bytes("RESTORE"), bytes(key), bytes("0"), payload), StandardCharsets.ISO_8859_1);
    }

    private static String[] bulkScenario(int entries, String last) {
        String[] commands = new String[entries + 1];
        for (int i = 1; i <= entries; i++) {
            commands[i - 1] = i % 7 == 0 ? "XADD K " + i + "-0 other " + i : "XADD K " + i + "-0 f " + i + " g v" + i;
        }
        commands[entries] = last;
        return commands;
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

    private static byte[][] args(String command, String sharedKey) {
        byte[][] argv = RequestDecoder.splitArgs(command.getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 1; i < argv.length; i++) {
            if (Arrays.equals(argv[i], bytes("K"))) {
                argv[i] = bytes(sharedKey);
            }
        }
        return argv;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

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
}
