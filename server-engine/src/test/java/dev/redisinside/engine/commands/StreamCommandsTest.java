package dev.redisinside.engine.commands;

import dev.redisinside.engine.server.RedisEngine;
import dev.redisinside.engine.support.EngineTest;
import dev.redisinside.engine.support.RawClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams: the paths that depend on time or on several clients (the deterministic ones are in the
 * streams conformance recording). Reply formats follow Redis 7.0.15 byte for byte; time-derived values
 * (IDs from "*", idle times) are set through the server clock.
 */
class StreamCommandsTest extends EngineTest {

    private static final String ENTRY_1_0 = "*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n";

    @Test
    void generatedIdsComeFromTheServerClockAndNeverGoBack() {
        server.setTime(Instant.ofEpochMilli(4_000_000_000_000L));
        String first = bulkText(call("XADD s * f v"));
        long ms = Long.parseLong(first.substring(0, first.indexOf('-')));
        assertThat(ms).isBetween(4_000_000_000_000L, 4_000_000_060_000L);

        server.setTime(Instant.ofEpochMilli(1_000_000_000_000L));
        String second = bulkText(call("XADD s * f v"));
        assertThat(second).isEqualTo(first.substring(0, first.indexOf('-') + 1)
                + (Long.parseLong(first.substring(first.indexOf('-') + 1)) + 1));

        server.setTime(Instant.ofEpochMilli(5_000_000_000_000L));
        assertThat(bulkText(call("XADD s * f v"))).startsWith("5000000");
    }

    @Test
    void generatedIdsInOneTransactionShareTheMillisecond() {
        server.setTime(Instant.ofEpochMilli(4_000_000_000_000L));
        call("MULTI");
        call("XADD s * f v");
        call("XADD s * f v");
        call("XADD s 1-* f v");
        String exec = call("EXEC");
        String[] lines = exec.split("\r\n");
        String first = lines[2];
        String ms = first.substring(0, first.indexOf('-'));
        assertThat(first).isEqualTo(ms + "-0");
        assertThat(lines[4]).isEqualTo(ms + "-1");
        assertThat(lines[5]).isEqualTo("-ERR The ID specified in XADD is equal or smaller than the target stream top item");
    }

    @Test
    void xreadBlockIsServedByXaddFromAnotherClient() {
        try (RawClient reader = newClient()) {
            reader.send("XREAD", "BLOCK", "0", "STREAMS", "s", "0-0");
            awaitBlocked(1);
            assertReply("XADD s 1-0 f v", "$3\r\n1-0\r\n");
            assertThat(reader.readReplyString()).isEqualTo("*1\r\n*2\r\n$1\r\ns\r\n*1\r\n" + ENTRY_1_0);
            assertThat(reader.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void xreadBlockOnDollarWaitsForEntriesAddedLater() {
        call("XADD s 1-0 f v");
        try (RawClient reader = newClient()) {
            reader.call("HELLO", "3");
            reader.send("XREAD", "BLOCK", "0", "COUNT", "5", "STREAMS", "other", "s", "0-0", "$");
            awaitBlocked(1);
            call("XADD unrelated 1-0 f v");
            call("XADD s 2-0 g w");
            assertThat(reader.readReplyString())
                    .isEqualTo("%1\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-0\r\n*2\r\n$1\r\ng\r\n$1\r\nw\r\n");
        }
    }

    @Test
    void xreadBlockTimesOutOnTheServerClock() {
        try (RawClient reader = newClient(); RawClient reader3 = newClient()) {
            reader3.call("HELLO", "3");
            reader.send("XREAD", "BLOCK", "60000", "STREAMS", "s", "$");
            reader3.send("XREAD", "BLOCK", "60000", "STREAMS", "s", "$");
            awaitBlocked(2);
            server.fastForward(Duration.ofSeconds(61));
            assertThat(reader.readReplyString()).isEqualTo("*-1\r\n");
            assertThat(reader3.readReplyString()).isEqualTo("_\r\n");
        }
    }

    @Test
    void blockingReadsDoNotBlockInsideMulti() {
        call("MULTI");
        call("XREAD BLOCK 0 STREAMS s $");
        assertReply("EXEC", "*1\r\n*-1\r\n");
    }

    @Test
    void xreadgroupBlockIsServedAndCreatesThePendingEntry() {
        call("XGROUP CREATE s g $ MKSTREAM");
        try (RawClient reader = newClient()) {
            reader.send("XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">");
            awaitBlocked(1);
            call("XADD s 1-0 f v");
            assertThat(reader.readReplyString()).isEqualTo("*1\r\n*2\r\n$1\r\ns\r\n*1\r\n" + ENTRY_1_0);
        }
        assertReply("XPENDING s g", "*4\r\n:1\r\n$3\r\n1-0\r\n$3\r\n1-0\r\n*1\r\n*2\r\n$5\r\nalice\r\n$1\r\n1\r\n");
    }

    @Test
    void errorsSentToUnblockedReadersAreCountedAsRedisDoes() {
        call("XGROUP CREATE s g $ MKSTREAM");
        call("XGROUP CREATE s2 g $ MKSTREAM");
        call("CONFIG RESETSTAT");
        try (RawClient reader = newClient()) {
            reader.send("XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">");
            awaitBlocked(1);
            call("XGROUP DESTROY s g");
            assertThat(reader.readReplyString())
                    .isEqualTo("-NOGROUP the consumer group this client was blocked on no longer exists\r\n");
            reader.send("XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s2", ">");
            awaitBlocked(1);
            call("DEL s2");
            assertThat(reader.readReplyString()).isEqualTo("-UNBLOCKED the stream key no longer exists\r\n");
        }
        assertThat(call("INFO errorstats")).contains("errorstat_NOGROUP:count=1\r\n", "errorstat_UNBLOCKED:count=1\r\n");
        assertThat(call("INFO stats")).contains("total_error_replies:2\r\n");
        assertThat(call("INFO commandstats")).contains("cmdstat_xreadgroup:calls=2,")
                .contains("rejected_calls=0,failed_calls=2\r\n")
                .contains("cmdstat_del:calls=1,").doesNotContain("failed_calls=1");
    }

    @Test
    void twoBlockedConsumersOfOneGroupShareTheEntries() {
        call("XGROUP CREATE s g $ MKSTREAM");
        try (RawClient a = newClient(); RawClient b = newClient()) {
            a.send("XREADGROUP", "GROUP", "g", "a", "BLOCK", "0", "STREAMS", "s", ">");
            awaitBlocked(1);
            b.send("XREADGROUP", "GROUP", "g", "b", "BLOCK", "0", "STREAMS", "s", ">");
            awaitBlocked(2);
            call("XADD s 1-0 f v");
            assertThat(a.readReplyString()).isEqualTo("*1\r\n*2\r\n$1\r\ns\r\n*1\r\n" + ENTRY_1_0);
            awaitBlocked(1);
            call("XADD s 2-0 f v");
            assertThat(b.readReplyString()).contains("2-0");
        }
    }

    @Test
    void destroyingTheGroupReleasesBlockedConsumersWithAnError() {
        call("XGROUP CREATE s g $ MKSTREAM");
        try (RawClient reader = newClient()) {
            reader.send("XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">");
            awaitBlocked(1);
            assertReply("XGROUP DESTROY s g", ":1\r\n");
            assertThat(reader.readReplyString())
                    .isEqualTo("-NOGROUP the consumer group this client was blocked on no longer exists\r\n");
        }
    }

    @Test
    void replacingTheStreamReleasesBlockedConsumersWithAnError() {
        call("XGROUP CREATE s g $ MKSTREAM");
        try (RawClient reader = newClient()) {
            reader.send("XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">");
            awaitBlocked(1);
            call("MULTI");
            call("DEL s");
            call("SET s x");
            call("EXEC");
            assertThat(reader.readReplyString()).isEqualTo("-UNBLOCKED the stream key no longer exists\r\n");
        }
    }

    @Test
    void flushingReleasesBlockedConsumersWithAnError() {
        call("XGROUP CREATE s g $ MKSTREAM");
        try (RawClient reader = newClient()) {
            reader.send("XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">");
            awaitBlocked(1);
            call("FLUSHALL");
            assertThat(reader.readReplyString()).isEqualTo("-UNBLOCKED the stream key no longer exists\r\n");
        }
    }

    @Test
    void pendingIdleTimesFollowTheServerClock() {
        prepareGroupWithOneDelivery();
        assertReply("XPENDING s g IDLE 5000 - + 10", "*0\r\n");
        server.fastForward(Duration.ofSeconds(10));
        String pending = call("XPENDING s g IDLE 5000 - + 10");
        assertThat(pending).matches("\\*1\r\n\\*4\r\n\\$3\r\n1-0\r\n\\$5\r\nalice\r\n:1\\d{4}\r\n:1\r\n");
        assertThat(call("XINFO CONSUMERS s g"))
                .matches("\\*1\r\n\\*6\r\n\\$4\r\nname\r\n\\$5\r\nalice\r\n\\$7\r\npending\r\n:1\r\n\\$4\r\nidle\r\n:1\\d{4}\r\n");
    }

    @Test
    void xclaimHonoursTheMinimumIdleTime() {
        prepareGroupWithOneDelivery();
        assertReply("XCLAIM s g bob 5000 1-0", "*0\r\n");
        server.fastForward(Duration.ofSeconds(10));
        assertReply("XCLAIM s g bob 5000 1-0", "*1\r\n" + ENTRY_1_0);
        assertThat(call("XPENDING s g - + 10 bob")).matches("\\*1\r\n\\*4\r\n\\$3\r\n1-0\r\n\\$3\r\nbob\r\n:\\d{1,3}\r\n:2\r\n");
        assertReply("XCLAIM s g carol 0 1-0 IDLE 3000 RETRYCOUNT 7 JUSTID", "*1\r\n$3\r\n1-0\r\n");
        assertThat(call("XPENDING s g - + 10")).matches("\\*1\r\n\\*4\r\n\\$3\r\n1-0\r\n\\$5\r\ncarol\r\n:3\\d{3}\r\n:7\r\n");
    }

    @Test
    void xautoclaimHonoursTheMinimumIdleTimeAndReportsDeletedEntries() {
        prepareGroupWithOneDelivery();
        call("XADD s 2-0 f v");
        call("XREADGROUP GROUP g alice STREAMS s >");
        call("XDEL s 2-0");
        assertReply("XAUTOCLAIM s g bob 5000 0", "*3\r\n$3\r\n0-0\r\n*0\r\n*1\r\n$3\r\n2-0\r\n");
        server.fastForward(Duration.ofSeconds(10));
        assertReply("XAUTOCLAIM s g bob 5000 0", "*3\r\n$3\r\n0-0\r\n*1\r\n" + ENTRY_1_0 + "*0\r\n");
        assertReply("XPENDING s g", "*4\r\n:1\r\n$3\r\n1-0\r\n$3\r\n1-0\r\n*1\r\n*2\r\n$3\r\nbob\r\n$1\r\n1\r\n");
    }

    @Test
    void xinfoStreamFullReportsDeliveryAndSeenTimes() {
        long now = 4_000_000_000_000L;
        server.setTime(Instant.ofEpochMilli(now));
        prepareGroupWithOneDelivery();
        String full = call("XINFO STREAM s FULL");
        assertThat(full).contains("$7\r\npending\r\n*1\r\n*4\r\n$3\r\n1-0\r\n$5\r\nalice\r\n:4000000");
        assertThat(full).contains("$9\r\nseen-time\r\n:4000000");
    }

    @Test
    void streamEventsAreNotified() {
        try (RawClient subscriber = newClient()) {
            server.config().parameter("notify-keyspace-events").setter().accept("Et");
            subscriber.call("SUBSCRIBE", "__keyevent@0__:xadd", "__keyevent@0__:xgroup-createconsumer");
            subscriber.readReplyString();
            call("XADD s 1-0 f v");
            assertThat(subscriber.readReplyString()).isEqualTo("*3\r\n$7\r\nmessage\r\n$19\r\n__keyevent@0__:xadd\r\n$1\r\ns\r\n");
            call("XGROUP CREATE s g 0");
            call("XREADGROUP GROUP g alice STREAMS s >");
            assertThat(subscriber.readReplyString()).isEqualTo(
                    "*3\r\n$7\r\nmessage\r\n$36\r\n__keyevent@0__:xgroup-createconsumer\r\n$1\r\ns\r\n");
        } finally {
            server.config().parameter("notify-keyspace-events").setter().accept("");
        }
    }

    @Test
    void onlyEntryChangesInvalidateWatch() {
        prepareGroupWithOneDelivery();
        call("WATCH s");
        call("XREADGROUP GROUP g bob STREAMS s 0");
        call("XACK s g 1-0");
        call("XGROUP CREATECONSUMER s g carol");
        call("XSETID s 5-0");
        call("MULTI");
        call("XLEN s");
        assertReply("EXEC", "*1\r\n:1\r\n");
        call("WATCH s");
        call("XADD s 6-0 f v");
        call("MULTI");
        call("XLEN s");
        assertReply("EXEC", "*-1\r\n");
    }

    @Test
    void copyDuplicatesGroupsAndPendingEntries() {
        prepareGroupWithOneDelivery();
        assertReply("COPY s t", ":1\r\n");
        assertReply("XACK t g 1-0", ":1\r\n");
        assertReply("XADD t 2-0 f v", "$3\r\n2-0\r\n");
        assertReply("XPENDING s g", "*4\r\n:1\r\n$3\r\n1-0\r\n$3\r\n1-0\r\n*1\r\n*2\r\n$5\r\nalice\r\n$1\r\n1\r\n");
        assertReply("XPENDING t g", "*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n");
        assertReply("XLEN s", ":1\r\n");
        assertReply("XLEN t", ":2\r\n");
    }

    private void prepareGroupWithOneDelivery() {
        call("XADD s 1-0 f v");
        call("XGROUP CREATE s g 0");
        assertReply("XREADGROUP GROUP g alice STREAMS s >", "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n" + ENTRY_1_0);
    }

    private void awaitBlocked(int count) {
        RedisEngine engine = EngineAccess.engine(server);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.onEngine(() -> engine.clients().stream().filter(c -> c.blocked).count()) != count) {
            assertThat(System.nanoTime()).as("clients blocked in time").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static String bulkText(String reply) {
        return reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
    }
}
