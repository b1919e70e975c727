package dev.redisinside.engine.commands;

import dev.redisinside.engine.support.EngineTest;
import dev.redisinside.engine.support.RawClient;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Client-side caching; expected bytes were taken from Redis 7.0.15 running the same sequences. */
class TrackingTest extends EngineTest {

    private static final Pattern ID = Pattern.compile("\\$2\r\nid\r\n:(\\d+)\r\n");

    private static String invalidate(String key) {
        return ">2\r\n$10\r\ninvalidate\r\n*1\r\n$" + key.length() + "\r\n" + key + "\r\n";
    }

    private static long hello(RawClient c, String protocol) {
        Matcher m = ID.matcher(c.call("HELLO", protocol));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void readKeysAreInvalidatedOnceWhenAnotherClientWritesThem() {
        hello(client, "3");
        assertReply("CLIENT TRACKING on", "+OK\r\n");
        assertReply("GET k", "_\r\n");
        try (RawClient writer = newClient()) {
            writer.call("SET", "k", "v");
            writer.call("SET", "k", "v2");
            writer.call("SET", "unread", "v");
        }
        assertThat(client.readReplyString()).isEqualTo(invalidate("k"));
        assertReply("PING", "+PONG\r\n");
    }

    @Test
    void anUnblockedBlmoveHearsOfItsOwnWriteAfterItsReply() {
        // tracking.tcl "Unblocked BLMOVE gets notification after response"
        hello(client, "3");
        assertReply("RPUSH list2 a", ":1\r\n");
        assertReply("CLIENT TRACKING on", "+OK\r\n");
        assertReply("LRANGE list2 0 -1", "*1\r\n$1\r\na\r\n");
        client.send("BLMOVE", "list1", "list2", "left", "left", "0");
        try (RawClient pusher = newClient()) {
            for (int i = 0; i < 200 && !pusher.call("INFO", "clients").contains("blocked_clients:1"); i++) {
                Thread.onSpinWait();
            }
            assertThat(pusher.call("RPUSH", "list1", "foo")).isEqualTo(":1\r\n");
        }
        assertThat(client.readReplyString()).isEqualTo("$3\r\nfoo\r\n");
        assertThat(client.readReplyString()).isEqualTo(invalidate("list2"));
    }

    @Test
    void ownWritesAreInvalidatedAfterTheReplyUnlessNoloop() {
        hello(client, "3");
        assertReply("CLIENT TRACKING on", "+OK\r\n");
        assertReply("GET k", "_\r\n");
        assertThat(call("SET k x")).isEqualTo("+OK\r\n");
        assertThat(client.readReplyString()).isEqualTo(invalidate("k"));
        assertReply("CLIENT TRACKING on NOLOOP", "+OK\r\n");
        assertReply("GET k", "$1\r\nx\r\n");
        assertReply("SET k y", "+OK\r\n");
        assertReply("CLIENT TRACKINGINFO", "%3\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$6\r\nnoloop\r\n"
                + "$8\r\nredirect\r\n:0\r\n$8\r\nprefixes\r\n*0\r\n");
        // Inside a transaction the invalidation waits for the whole EXEC reply.
        assertReply("CLIENT TRACKING off", "+OK\r\n");
        assertReply("CLIENT TRACKING on", "+OK\r\n");
        assertReply("GET t", "_\r\n");
        assertReply("MULTI", "+OK\r\n");
        assertReply("SET t 1", "+QUEUED\r\n");
        assertReply("GET t", "+QUEUED\r\n");
        assertReply("EXEC", "*2\r\n+OK\r\n$1\r\n1\r\n");
        assertThat(client.readReplyString()).isEqualTo(invalidate("t"));
    }

    @Test
    void optinAndOptoutFollowClientCaching() {
        hello(client, "3");
        assertReply("CLIENT CACHING yes", "-ERR CLIENT CACHING can be called only when the client is in tracking "
                + "mode with OPTIN or OPTOUT mode enabled\r\n");
        assertReply("CLIENT TRACKING on OPTIN", "+OK\r\n");
        assertReply("CLIENT CACHING no",
                "-ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.\r\n");
        assertReply("CLIENT CACHING maybe", "-ERR syntax error\r\n");
        assertReply("CLIENT CACHING yes", "+OK\r\n");
        assertReply("CLIENT TRACKINGINFO", "%3\r\n$5\r\nflags\r\n~3\r\n$2\r\non\r\n$5\r\noptin\r\n"
                + "$11\r\ncaching-yes\r\n$8\r\nredirect\r\n:0\r\n$8\r\nprefixes\r\n*0\r\n");
        assertReply("MULTI", "+OK\r\n");
        assertReply("GET i1", "+QUEUED\r\n");
        assertReply("GET i2", "+QUEUED\r\n");
        assertReply("EXEC", "*2\r\n_\r\n_\r\n");
        assertReply("GET i3", "_\r\n");
        try (RawClient writer = newClient()) {
            writer.call("SET", "i1", "1");
            writer.call("SET", "i2", "1");
            writer.call("SET", "i3", "1");
        }
        assertThat(client.readReplyString()).isEqualTo(invalidate("i1"));
        assertThat(client.readReplyString()).isEqualTo(invalidate("i2"));
        assertReply("PING", "+PONG\r\n");

        assertReply("CLIENT TRACKING on OPTOUT", "-ERR You can't switch OPTIN/OPTOUT mode before disabling tracking "
                + "for this client, and then re-enabling it with a different mode.\r\n");
        assertReply("CLIENT TRACKING off", "+OK\r\n");
        assertReply("CLIENT TRACKING on OPTOUT", "+OK\r\n");
        assertReply("GET o1", "_\r\n");
        assertReply("CLIENT CACHING no", "+OK\r\n");
        assertReply("GET o2", "_\r\n");
        assertReply("GET o3", "_\r\n");
        try (RawClient writer = newClient()) {
            writer.call("SET", "o1", "1");
            writer.call("SET", "o2", "1");
            writer.call("SET", "o3", "1");
        }
        assertThat(client.readReplyString()).isEqualTo(invalidate("o1"));
        assertThat(client.readReplyString()).isEqualTo(invalidate("o3"));
    }

    @Test
    void bcastSendsChangesUnderThePrefixesBatchedAndSorted() {
        hello(client, "3");
        assertReply("CLIENT TRACKING on BCAST PREFIX k", "+OK\r\n");
        assertReply("CLIENT TRACKINGINFO", "%3\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$5\r\nbcast\r\n"
                + "$8\r\nredirect\r\n:0\r\n$8\r\nprefixes\r\n*1\r\n$1\r\nk\r\n");
        try (RawClient writer = newClient()) {
            writer.writeRaw("SET kb 1\r\nSET ka 1\r\nSET x 1\r\nSET kc 1\r\nSET ka 2\r\n");
            for (int i = 0; i < 5; i++) {
                assertThat(writer.readReplyString()).isEqualTo("+OK\r\n");
            }
        }
        assertThat(client.readReplyString())
                .isEqualTo(">2\r\n$10\r\ninvalidate\r\n*3\r\n$2\r\nka\r\n$2\r\nkb\r\n$2\r\nkc\r\n");
        assertReply("CLIENT TRACKING on BCAST PREFIX kx", "-ERR Prefix 'kx' overlaps with an existing prefix 'k'. "
                + "Prefixes for a single client must not overlap.\r\n");
        assertReply("CLIENT TRACKING on BCAST PREFIX c PREFIX cd", "-ERR Prefix 'c' overlaps with another provided "
                + "prefix 'cd'. Prefixes for a single client must not overlap.\r\n");
        assertReply("CLIENT TRACKING on", "-ERR You can't switch BCAST mode on/off before disabling tracking for "
                + "this client, and then re-enabling it with a different mode.\r\n");
        assertReply("CLIENT TRACKING on BCAST OPTIN", "-ERR OPTIN and OPTOUT are not compatible with BCAST\r\n");
        assertReply("CLIENT TRACKING on BCAST NOLOOP PREFIX a", "+OK\r\n");
        assertReply("SET a1 own", "+OK\r\n");
        try (RawClient writer = newClient()) {
            writer.call("SET", "a2", "other");
        }
        assertThat(client.readReplyString()).isEqualTo(invalidate("a2"));
    }

    @Test
    void optionErrors() {
        assertReply("CLIENT TRACKING on PREFIX x", "-ERR PREFIX option requires BCAST mode to be enabled\r\n");
        assertReply("CLIENT TRACKING on OPTIN OPTOUT", "-ERR You can't specify both OPTIN mode and OPTOUT mode\r\n");
        assertReply("CLIENT TRACKING on REDIRECT 99999", "-ERR The client ID you want redirect to does not exist\r\n");
        assertReply("CLIENT TRACKING on REDIRECT x", "-ERR value is not an integer or out of range\r\n");
        assertReply("CLIENT TRACKING on FOO", "-ERR syntax error\r\n");
        assertReply("CLIENT TRACKING maybe", "-ERR syntax error\r\n");
        assertReply("CLIENT TRACKING", "-ERR wrong number of arguments for 'client|tracking' command\r\n");
        assertReply("CLIENT GETREDIR", ":-1\r\n");
        assertReply("CLIENT TRACKINGINFO", "*6\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n"
                + "$8\r\nprefixes\r\n*0\r\n");
    }

    @Test
    void resp2ClientsGetInvalidationsThroughARedirectedSubscriber() {
        try (RawClient subscriber = newClient(); RawClient writer = newClient()) {
            long id = hello(subscriber, "2");
            assertThat(subscriber.call("SUBSCRIBE", "__redis__:invalidate"))
                    .isEqualTo("*3\r\n$9\r\nsubscribe\r\n$20\r\n__redis__:invalidate\r\n:1\r\n");
            assertReply("CLIENT TRACKING on REDIRECT " + id, "+OK\r\n");
            assertReply("CLIENT GETREDIR", ":" + id + "\r\n");
            assertReply("GET rk", "$-1\r\n");
            writer.call("SET", "rk", "1");
            assertThat(subscriber.readReplyString())
                    .isEqualTo("*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$2\r\nrk\r\n");
            assertReply("FLUSHALL", "+OK\r\n");
            assertThat(subscriber.readReplyString())
                    .isEqualTo("*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n$-1\r\n");
            assertReply("CLIENT TRACKINGINFO", "*6\r\n$5\r\nflags\r\n*1\r\n$2\r\non\r\n$8\r\nredirect\r\n:" + id
                    + "\r\n$8\r\nprefixes\r\n*0\r\n");
            hello(client, "3");
            subscriber.close();
            awaitClientGone(id);
            assertReply("GET rk", "_\r\n");
            writer.call("SET", "rk", "2");
            assertThat(client.readReplyString()).isEqualTo(">2\r\n$21\r\ntracking-redir-broken\r\n:" + id + "\r\n");
            assertReply("CLIENT TRACKINGINFO", "%3\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$15\r\nbroken_redirect\r\n"
                    + "$8\r\nredirect\r\n:" + id + "\r\n$8\r\nprefixes\r\n*0\r\n");
        }
    }

    @Test
    void flushSendsANullInvalidationToEveryTrackingClient() {
        hello(client, "3");
        assertReply("CLIENT TRACKING on", "+OK\r\n");
        assertThat(call("FLUSHALL")).isEqualTo("+OK\r\n");
        assertThat(client.readReplyString()).isEqualTo(">2\r\n$10\r\ninvalidate\r\n_\r\n");
        try (RawClient other = newClient()) {
            other.call("FLUSHDB");
        }
        assertThat(client.readReplyString()).isEqualTo(">2\r\n$10\r\ninvalidate\r\n_\r\n");
        assertReply("PING", "+PONG\r\n");
    }

    @Test
    void keysOfMovableKeyCommandsAndScriptsAreRemembered() {
        hello(client, "3");
        assertReply("CLIENT TRACKING on", "+OK\r\n");
        assertReply("ZUNION 2 z1 z2", "*0\r\n");
        assertReply("SINTERCARD 2 s1 s2", ":0\r\n");
        assertReply("XREAD STREAMS x1 x2 0 0", "_\r\n");
        assertReply("SORT_RO l1 BY w_*", "*0\r\n");
        assertReply("ZINTER 2 zz1 zz2 WEIGHTS 1 2", "*0\r\n");
        // A script remembers its declared keys when it reads anything, and only then.
        assertReply("EVAL \"return redis.call('get','other')\" 2 e1 e2", "_\r\n");
        assertReply("EVAL \"return 1\" 1 e3", ":1\r\n");
        assertReply("EVAL_RO \"return redis.call('exists',KEYS[1])\" 1 e4", ":0\r\n");
        assertThat(call("INFO stats")).contains("tracking_total_keys:12\r\n", "tracking_total_items:12\r\n");
        try (RawClient writer = newClient()) {
            for (String key : new String[] {"z2", "s1", "x2", "l1", "w_1", "zz2", "e2", "e3", "other", "e4"}) {
                writer.call("SET", key, "v");
            }
        }
        for (String key : new String[] {"z2", "s1", "x2", "l1", "zz2", "e2", "e4"}) {
            assertThat(client.readReplyString()).isEqualTo(invalidate(key));
        }
        assertReply("PING", "+PONG\r\n");
    }

    @Test
    void trackingTableMaxKeysInvalidatesKeysBeforeTheNextCommand() {
        hello(client, "3");
        assertReply("CLIENT TRACKING on", "+OK\r\n");
        try (RawClient other = newClient()) {
            other.call("CONFIG", "SET", "tracking-table-max-keys", "2");
            assertReply("MGET k1 k2 k3 k4 k5", "*5\r\n_\r\n_\r\n_\r\n_\r\n_\r\n");
            // Whoever runs the next command makes room: three of the five keys are invalidated.
            assertThat(other.call("INFO", "stats")).contains("tracking_total_keys:2\r\n", "tracking_total_items:2\r\n");
            for (int i = 0; i < 3; i++) {
                assertThat(client.readReplyString()).startsWith(">2\r\n$10\r\ninvalidate\r\n*1\r\n$2\r\nk");
            }
            assertReply("PING", "+PONG\r\n");
            // A NOLOOP client that runs the next command itself is not told.
            assertReply("CLIENT TRACKING on NOLOOP", "+OK\r\n");
            assertReply("MGET n1 n2 n3 n4", "*4\r\n_\r\n_\r\n_\r\n_\r\n");
            assertReply("PING", "+PONG\r\n");
            assertThat(other.call("INFO", "stats")).contains("tracking_total_keys:2\r\n");
            other.call("CONFIG", "SET", "tracking-table-max-keys", "0");
            assertReply("MGET q1 q2 q3", "*3\r\n_\r\n_\r\n_\r\n");
            assertThat(other.call("INFO", "stats")).contains("tracking_total_keys:5\r\n");
            assertThat(other.call("CONFIG", "GET", "tracking-table-max-keys"))
                    .isEqualTo("*2\r\n$23\r\ntracking-table-max-keys\r\n$1\r\n0\r\n");
            other.call("CONFIG", "SET", "tracking-table-max-keys", "1000000");
        }
    }

    private void awaitClientGone(long id) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline
                && server.onEngine(() -> EngineAccess.engine(server).client(id) != null)) {
            Thread.onSpinWait();
        }
    }
}
