package dev.redisinside.engine.commands;

import dev.redisinside.engine.config.ServerConfig;
import dev.redisinside.engine.support.EngineTest;
import dev.redisinside.engine.support.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Expected bytes were taken from Redis 7.0.15 running the same sequences. */
class PubSubTest extends EngineTest {

    @AfterEach
    void restoreConfig() {
        set("notify-keyspace-events", "");
        set("client-output-buffer-limit", "pubsub 32mb 8mb 60");
    }

    private void set(String name, String value) {
        server.config().parameter(name).setter().accept(value);
    }

    private static String hello3(RawClient c) {
        return c.call("HELLO", "3");
    }

    @Test
    void resp2SubscriberReceivesMessagesAndPatternMessages() {
        assertReply("SUBSCRIBE ch1", "*3\r\n$9\r\nsubscribe\r\n$3\r\nch1\r\n:1\r\n");
        client.send("PSUBSCRIBE", "ch*", "c?1");
        assertThat(client.readReplyString()).isEqualTo("*3\r\n$10\r\npsubscribe\r\n$3\r\nch*\r\n:2\r\n");
        assertThat(client.readReplyString()).isEqualTo("*3\r\n$10\r\npsubscribe\r\n$3\r\nc?1\r\n:3\r\n");
        try (RawClient publisher = newClient()) {
            assertThat(publisher.call("PUBLISH", "ch1", "hello")).isEqualTo(":3\r\n");
            assertThat(publisher.call("PUBLISH", "other", "x")).isEqualTo(":0\r\n");
        }
        assertThat(client.readReplyString()).isEqualTo("*3\r\n$7\r\nmessage\r\n$3\r\nch1\r\n$5\r\nhello\r\n");
        assertThat(client.readReplyString())
                .isEqualTo("*4\r\n$8\r\npmessage\r\n$3\r\nch*\r\n$3\r\nch1\r\n$5\r\nhello\r\n");
        assertThat(client.readReplyString())
                .isEqualTo("*4\r\n$8\r\npmessage\r\n$3\r\nc?1\r\n$3\r\nch1\r\n$5\r\nhello\r\n");
        assertReply("PING", "*2\r\n$4\r\npong\r\n$0\r\n\r\n");
    }

    @Test
    void pushesGetThroughClientReplyOffAndSkip() {
        // Redis's CLIENT_PUSHING: confirmations and messages are sent even when replies are silenced
        hello3(client);
        client.send("CLIENT", "REPLY", "OFF");
        client.send("SUBSCRIBE", "ch");
        client.send("PSUBSCRIBE", "c*");
        client.send("PUBLISH", "ch", "hi");
        client.send("GET", "x");
        client.send("CLIENT", "REPLY", "SKIP");
        client.send("PUBLISH", "ch", "ho");
        client.send("CLIENT", "REPLY", "ON");
        client.send("UNSUBSCRIBE");
        assertThat(client.readReplyString()).isEqualTo(">3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n");
        assertThat(client.readReplyString()).isEqualTo(">3\r\n$10\r\npsubscribe\r\n$2\r\nc*\r\n:2\r\n");
        assertThat(client.readReplyString()).isEqualTo(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n");
        assertThat(client.readReplyString()).isEqualTo(">4\r\n$8\r\npmessage\r\n$2\r\nc*\r\n$2\r\nch\r\n$2\r\nhi\r\n");
        assertThat(client.readReplyString()).isEqualTo(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nho\r\n");
        assertThat(client.readReplyString()).isEqualTo(">4\r\n$8\r\npmessage\r\n$2\r\nc*\r\n$2\r\nch\r\n$2\r\nho\r\n");
        assertThat(client.readReplyString()).isEqualTo("+OK\r\n");
        assertThat(client.readReplyString()).isEqualTo(">3\r\n$11\r\nunsubscribe\r\n$2\r\nch\r\n:1\r\n");
        try (RawClient resp2 = newClient()) {
            resp2.send("CLIENT", "REPLY", "OFF");
            resp2.send("SUBSCRIBE", "a");
            assertThat(resp2.readReplyString()).isEqualTo("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n");
            try (RawClient publisher = newClient()) {
                assertThat(publisher.call("PUBLISH", "a", "m")).isEqualTo(":1\r\n");
            }
            assertThat(resp2.readReplyString()).isEqualTo("*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$1\r\nm\r\n");
        }
    }

    @Test
    void resp3SubscriberGetsPushesAndMayRunCommands() {
        hello3(client);
        assertReply("SUBSCRIBE ch1", ">3\r\n$9\r\nsubscribe\r\n$3\r\nch1\r\n:1\r\n");
        assertReply("SSUBSCRIBE ch1", ">3\r\n$10\r\nssubscribe\r\n$3\r\nch1\r\n:1\r\n");
        assertReply("GET x", "_\r\n");
        assertReply("PING", "+PONG\r\n");
        try (RawClient publisher = newClient()) {
            assertThat(publisher.call("PUBLISH", "ch1", "hello")).isEqualTo(":1\r\n");
            assertThat(publisher.call("SPUBLISH", "ch1", "x")).isEqualTo(":1\r\n");
        }
        assertThat(client.readReplyString()).isEqualTo(">3\r\n$7\r\nmessage\r\n$3\r\nch1\r\n$5\r\nhello\r\n");
        assertThat(client.readReplyString()).isEqualTo(">3\r\n$8\r\nsmessage\r\n$3\r\nch1\r\n$1\r\nx\r\n");
        // A message to itself comes before the reply of the command that published it.
        assertThat(call("PUBLISH ch1 me")).isEqualTo(">3\r\n$7\r\nmessage\r\n$3\r\nch1\r\n$2\r\nme\r\n");
        assertThat(client.readReplyString()).isEqualTo(":1\r\n");
        assertReply("UNSUBSCRIBE", ">3\r\n$11\r\nunsubscribe\r\n$3\r\nch1\r\n:0\r\n");
        assertReply("UNSUBSCRIBE", ">3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n");
    }

    @Test
    void resp2SubscribedClientMayOnlySubscribePingQuitOrReset() {
        assertReply("UNSUBSCRIBE", "*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n");
        assertReply("PUNSUBSCRIBE", "*3\r\n$12\r\npunsubscribe\r\n$-1\r\n:0\r\n");
        assertReply("SUNSUBSCRIBE", "*3\r\n$12\r\nsunsubscribe\r\n$-1\r\n:0\r\n");
        assertReply("SUBSCRIBE a", "*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n");
        assertReply("GET x", "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / "
                + "RESET are allowed in this context\r\n");
        assertReply("MULTI", "-ERR Can't execute 'multi': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / "
                + "RESET are allowed in this context\r\n");
        assertReply("PING hi", "*2\r\n$4\r\npong\r\n$2\r\nhi\r\n");
        assertReply("SSUBSCRIBE s1", "*3\r\n$10\r\nssubscribe\r\n$2\r\ns1\r\n:1\r\n");
        assertReply("UNSUBSCRIBE a", "*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:0\r\n");
        assertReply("GET x", "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / "
                + "RESET are allowed in this context\r\n");
        assertReply("RESET", "+RESET\r\n");
        assertReply("GET x", "$-1\r\n");
        assertReply("PUBSUB SHARDCHANNELS", "*0\r\n");
    }

    @Test
    void subscribeInsideExecIsAllowedButNotSsubscribe() {
        assertReply("MULTI", "+OK\r\n");
        assertReply("SUBSCRIBE z", "+QUEUED\r\n");
        assertReply("SSUBSCRIBE q", "+QUEUED\r\n");
        assertReply("EXEC", "*2\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\nz\r\n:1\r\n"
                + "-ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client\r\n");
        assertReply("UNSUBSCRIBE", "*3\r\n$11\r\nunsubscribe\r\n$1\r\nz\r\n:0\r\n");
    }

    @Test
    void pubsubIntrospection() {
        try (RawClient sub = newClient()) {
            sub.call("SUBSCRIBE", "news.1");
            sub.call("PSUBSCRIBE", "news.*");
            sub.call("SSUBSCRIBE", "shard.1");
            assertReply("PUBSUB CHANNELS", "*1\r\n$6\r\nnews.1\r\n");
            assertReply("PUBSUB CHANNELS n*", "*1\r\n$6\r\nnews.1\r\n");
            assertReply("PUBSUB CHANNELS x*", "*0\r\n");
            assertReply("PUBSUB NUMSUB news.1 news.2", "*4\r\n$6\r\nnews.1\r\n:1\r\n$6\r\nnews.2\r\n:0\r\n");
            assertReply("PUBSUB NUMSUB", "*0\r\n");
            assertReply("PUBSUB NUMPAT", ":1\r\n");
            assertReply("PUBSUB SHARDCHANNELS", "*1\r\n$7\r\nshard.1\r\n");
            assertReply("PUBSUB SHARDNUMSUB shard.1 x", "*4\r\n$7\r\nshard.1\r\n:1\r\n$1\r\nx\r\n:0\r\n");
            assertReply("SPUBLISH news.1 x", ":0\r\n");
            assertReply("PUBLISH shard.1 x", ":0\r\n");
            assertReply("PUBSUB foo", "-ERR unknown subcommand 'foo'. Try PUBSUB HELP.\r\n");
            assertReply("PUBSUB NUMPAT x", "-ERR wrong number of arguments for 'pubsub|numpat' command\r\n");
            assertReply("PUBSUB CHANNELS a b",
                    "-ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.\r\n");
            assertThat(call("PUBSUB HELP")).startsWith("*14\r\n+PUBSUB <subcommand> [<arg> [value] [opt] ...]. "
                    + "Subcommands are:\r\n+CHANNELS [<pattern>]\r\n");
        }
        // Closing the connection drops its subscriptions (once the server has seen the close).
        awaitReply("PUBSUB NUMPAT", ":0\r\n");
        assertReply("PUBSUB CHANNELS", "*0\r\n");
    }

    @Test
    void keyspaceAndKeyeventNotifications() {
        set("notify-keyspace-events", "KEA");
        try (RawClient sub = newClient()) {
            hello3(sub);
            sub.call("PSUBSCRIBE", "__key*@0__:*");
            call("SET foo bar");
            call("DEL foo");
            call("DEL foo");
            assertThat(sub.readReplyString()).isEqualTo(
                    ">4\r\n$8\r\npmessage\r\n$12\r\n__key*@0__:*\r\n$18\r\n__keyspace@0__:foo\r\n$3\r\nset\r\n");
            assertThat(sub.readReplyString()).isEqualTo(
                    ">4\r\n$8\r\npmessage\r\n$12\r\n__key*@0__:*\r\n$18\r\n__keyevent@0__:set\r\n$3\r\nfoo\r\n");
            assertThat(sub.readReplyString()).isEqualTo(
                    ">4\r\n$8\r\npmessage\r\n$12\r\n__key*@0__:*\r\n$18\r\n__keyspace@0__:foo\r\n$3\r\ndel\r\n");
            assertThat(sub.readReplyString()).isEqualTo(
                    ">4\r\n$8\r\npmessage\r\n$12\r\n__key*@0__:*\r\n$18\r\n__keyevent@0__:del\r\n$3\r\nfoo\r\n");
            assertThat(sub.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void onlyTheConfiguredClassesAndChannelKindsArePublished() {
        set("notify-keyspace-events", "Eg");
        try (RawClient sub = newClient()) {
            sub.call("PSUBSCRIBE", "*");
            call("SET k v");
            call("DEL k");
            assertThat(sub.readReplyString())
                    .isEqualTo("*4\r\n$8\r\npmessage\r\n$1\r\n*\r\n$18\r\n__keyevent@0__:del\r\n$1\r\nk\r\n");
            assertThat(sub.call("PING")).isEqualTo("*2\r\n$4\r\npong\r\n$0\r\n\r\n");
        }
    }

    @Test
    void newKeyEventPrecedesTheCommandsOwnEvent() {
        set("notify-keyspace-events", "En$");
        try (RawClient sub = newClient()) {
            sub.call("PSUBSCRIBE", "__keyevent@*");
            call("SET k v");
            call("SET k w");
            assertThat(sub.readReplyString()).isEqualTo(
                    "*4\r\n$8\r\npmessage\r\n$12\r\n__keyevent@*\r\n$18\r\n__keyevent@0__:new\r\n$1\r\nk\r\n");
            assertThat(sub.readReplyString()).isEqualTo(
                    "*4\r\n$8\r\npmessage\r\n$12\r\n__keyevent@*\r\n$18\r\n__keyevent@0__:set\r\n$1\r\nk\r\n");
            assertThat(sub.readReplyString()).isEqualTo(
                    "*4\r\n$8\r\npmessage\r\n$12\r\n__keyevent@*\r\n$18\r\n__keyevent@0__:set\r\n$1\r\nk\r\n");
        }
    }

    @Test
    void activeExpiryPublishesExpiredWithoutAnyAccess() {
        set("notify-keyspace-events", "Ex");
        try (RawClient sub = newClient()) {
            sub.call("SUBSCRIBE", "__keyevent@0__:expired");
            call("SET session:1 data");
            EngineAccess.expireIn(server, "session:1", 1000);
            server.fastForward(Duration.ofSeconds(2));
            assertThat(sub.readReplyString())
                    .isEqualTo("*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:expired\r\n$9\r\nsession:1\r\n");
        }
        assertReply("DBSIZE", ":0\r\n");
    }

    @Test
    void thePeriodicSweepPublishesExpiredWhenTimeJustPasses() {
        set("notify-keyspace-events", "Ex");
        try (RawClient sub = newClient()) {
            sub.call("SUBSCRIBE", "__keyevent@3__:expired");
            call("SELECT 3");
            call("SET session:2 data PX 1000");
            // setTime only moves the clock: nobody touches the key, the cron's active expiry finds it.
            server.setTime(java.time.Instant.ofEpochMilli(server.clock().millis() + 5000));
            assertThat(sub.readReplyString())
                    .isEqualTo("*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@3__:expired\r\n$9\r\nsession:2\r\n");
        }
        assertReply("DBSIZE", ":0\r\n");
    }

    @Test
    void lazyExpiryPublishesExpiredToo() {
        set("notify-keyspace-events", "Kx");
        try (RawClient sub = newClient()) {
            sub.call("SUBSCRIBE", "__keyspace@0__:k");
            call("SET k v");
            EngineAccess.expireIn(server, "k", 1000);
            server.setTime(java.time.Instant.ofEpochMilli(server.clock().millis() + 5000));
            assertReply("GET k", "$-1\r\n");
            assertThat(sub.readReplyString())
                    .isEqualTo("*3\r\n$7\r\nmessage\r\n$16\r\n__keyspace@0__:k\r\n$7\r\nexpired\r\n");
        }
    }

    @Test
    void notifyKeyspaceEventsIsValidatedAndNormalized() {
        ServerConfig.Parameter parameter = server.config().parameter("notify-keyspace-events");
        parameter.setter().accept("AKE");
        assertThat(parameter.getter().get()).isEqualTo("AKE");
        parameter.setter().accept("gExm$Kl");
        assertThat(parameter.getter().get()).isEqualTo("g$lxKEm");
        parameter.setter().accept("A$n");
        assertThat(parameter.getter().get()).isEqualTo("A");
        parameter.setter().accept("nt");
        assertThat(parameter.getter().get()).isEqualTo("tn");
        assertThatThrownBy(() -> parameter.setter().accept("KEq"))
                .hasMessage("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
        assertThat(parameter.getter().get()).isEqualTo("tn");
    }

    @Test
    void clientOutputBufferLimitParsesLikeRedis() {
        ServerConfig.Parameter parameter = server.config().parameter("client-output-buffer-limit");
        assertThat(parameter.getter().get())
                .isEqualTo("normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
        parameter.setter().accept("pubsub 1mb 512kb 10 replica 1gb 0 0");
        assertThat(parameter.getter().get())
                .isEqualTo("normal 0 0 0 slave 1073741824 0 0 pubsub 1048576 524288 10");
        assertThatThrownBy(() -> parameter.setter().accept("pubsub 1mb 512kb"))
                .hasMessage("Wrong number of arguments in buffer limit configuration.");
        assertThatThrownBy(() -> parameter.setter().accept("master 1 1 1"))
                .hasMessage("Invalid client class specified in buffer limit configuration.");
        assertThatThrownBy(() -> parameter.setter().accept("pubsub 1x 1 1"))
                .hasMessage("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
        assertThatThrownBy(() -> parameter.setter().accept("pubsub 1 1 -1"))
                .hasMessage("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
    }

    @Test
    void subscriberThatDoesNotReadIsDisconnectedPastTheHardLimit() {
        set("client-output-buffer-limit", "pubsub 1mb 0 0");
        RawClient slow = newClient();
        RawClient fast = newClient();
        try {
            slow.call("SUBSCRIBE", "firehose");
            fast.call("SUBSCRIBE", "firehose");
            String payload = "x".repeat(64 * 1024);
            String message = "*3\r\n$7\r\nmessage\r\n$8\r\nfirehose\r\n$65536\r\n" + payload + "\r\n";
            int published = 0;
            while (published < 2000 && call("PUBSUB NUMSUB firehose").endsWith(":2\r\n")) {
                client.call("PUBLISH", "firehose", payload);
                // The subscriber that reads gets every message while the other one's output piles up.
                assertThat(fast.readReplyString()).isEqualTo(message);
                published++;
            }
            assertReply("PUBSUB NUMSUB firehose", "*2\r\n$8\r\nfirehose\r\n:1\r\n");
            assertThat(published).isLessThan(2000);
            assertThat(closedAfterDraining(slow)).isTrue();
            assertThat(call("PUBLISH firehose last")).isEqualTo(":1\r\n");
            assertThat(fast.readReplyString()).isEqualTo("*3\r\n$7\r\nmessage\r\n$8\r\nfirehose\r\n$4\r\nlast\r\n");
        } finally {
            slow.close();
            fast.close();
        }
    }

    @Test
    void subscriberOverTheSoftLimitForTooLongIsDisconnected() {
        set("client-output-buffer-limit", "pubsub 0 256kb 5");
        RawClient slow = newClient();
        try {
            slow.call("SUBSCRIBE", "firehose");
            String payload = "x".repeat(64 * 1024);
            int published = 0;
            while (published < 2000 && call("PUBSUB NUMSUB firehose").endsWith(":1\r\n")) {
                client.call("PUBLISH", "firehose", payload);
                published++;
                if (published % 50 == 0) {
                    server.fastForward(Duration.ofSeconds(3));
                }
            }
            assertReply("PUBSUB NUMSUB firehose", "*2\r\n$8\r\nfirehose\r\n:0\r\n");
            assertThat(published).isLessThan(2000);
        } finally {
            slow.close();
        }
    }

    @Test
    void subscriberLeftOverTheSoftLimitIsClosedByTheCronOnceItsSecondsPass() {
        set("client-output-buffer-limit", "pubsub 0 256kb 5");
        RawClient slow = newClient();
        try {
            slow.call("SUBSCRIBE", "firehose");
            String payload = "x".repeat(64 * 1024);
            for (int i = 0; i < 200; i++) {
                client.call("PUBLISH", "firehose", payload);
            }
            assertReply("PUBSUB NUMSUB firehose", "*2\r\n$8\r\nfirehose\r\n:1\r\n");
            // Nothing more is published: the periodic check alone closes it once the five seconds are over.
            server.fastForward(Duration.ofSeconds(6));
            awaitReply("PUBSUB NUMSUB firehose", "*2\r\n$8\r\nfirehose\r\n:0\r\n");
            assertThat(closedAfterDraining(slow)).isTrue();
        } finally {
            slow.close();
        }
    }

    private void awaitReply(String command, String expected) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!call(command).equals(expected) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertReply(command, expected);
    }

    /** Reads what the server had sent until the connection ends; false if it stays open. */
    private static boolean closedAfterDraining(RawClient c) {
        c.setTimeout(5000);
        try {
            for (int i = 0; i < 100_000; i++) {
                c.readReply();
            }
            return false;
        } catch (java.io.UncheckedIOException e) {
            return !(e.getCause() instanceof java.net.SocketTimeoutException);
        }
    }
}
