package dev.redisinside.engine.commands;

import dev.redisinside.engine.EmbeddedRedisServer;
import dev.redisinside.engine.support.EngineTest;
import dev.redisinside.engine.support.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ACL paths that need more than one connection: users authenticating, denials, deletions, the log, the file. */
class AclTest extends EngineTest {

    private static final String NOPERM_KEY =
            "-NOPERM this user has no permissions to access one of the keys used as arguments\r\n";
    private static final String NOPERM_CHANNEL =
            "-NOPERM this user has no permissions to access one of the channels used as arguments\r\n";

    @AfterEach
    void removeUsers() {
        try (RawClient admin = newClient()) {
            for (String line : admin.call("ACL", "USERS").split("\r\n")) {
                if (!line.startsWith("*") && !line.startsWith("$") && !line.equals("default")) {
                    admin.call("ACL", "DELUSER", line);
                }
            }
            admin.call("CONFIG", "SET", "requirepass", "");
            admin.call("ACL", "LOG", "RESET");
        }
    }

    private RawClient loggedIn(String user, String password) {
        RawClient c = newClient();
        assertThat(c.call("AUTH", user, password)).isEqualTo("+OK\r\n");
        return c;
    }

    @Test
    void userIsDeniedCommandsKeysAndChannelsOutsideItsRules() {
        assertReply("ACL SETUSER alice on >pw ~app:* %R~shared:* &news.* +@string +publish +subscribe", "+OK\r\n");
        try (RawClient alice = loggedIn("alice", "pw")) {
            assertThat(alice.call("ACL", "WHOAMI")).isEqualTo(
                    "-NOPERM this user has no permissions to run the 'acl|whoami' command\r\n");
            assertThat(alice.call("SET", "app:1", "v")).isEqualTo("+OK\r\n");
            assertThat(alice.call("GET", "app:1")).isEqualTo("$1\r\nv\r\n");
            assertThat(alice.call("GET", "shared:1")).isEqualTo("$-1\r\n");
            assertThat(alice.call("SET", "shared:1", "v")).isEqualTo(NOPERM_KEY);
            assertThat(alice.call("GET", "other")).isEqualTo(NOPERM_KEY);
            assertThat(alice.call("HSET", "app:h", "f", "v")).isEqualTo(
                    "-NOPERM this user has no permissions to run the 'hset' command\r\n");
            assertThat(alice.call("PUBLISH", "news.today", "m")).isEqualTo(":0\r\n");
            assertThat(alice.call("PUBLISH", "sport", "m")).isEqualTo(NOPERM_CHANNEL);
            assertThat(alice.call("SUBSCRIBE", "news.a", "sport")).isEqualTo(NOPERM_CHANNEL);
            assertThat(alice.call("CLIENT", "INFO")).startsWith(
                    "-NOPERM this user has no permissions to run the 'client|info' command");
        }
        assertThat(call("CLIENT LIST")).contains(" user=default ");
    }

    @Test
    void clientListShowsTheUserAndClientKillFindsItsClients() {
        assertReply("ACL SETUSER bob on nopass ~* &* +@all", "+OK\r\n");
        try (RawClient bob = loggedIn("bob", "any")) {
            assertThat(bob.call("ACL", "WHOAMI")).isEqualTo("$3\r\nbob\r\n");
            assertThat(bob.call("CLIENT", "INFO")).contains(" user=bob ");
            assertReply("CLIENT KILL USER bob", ":1\r\n");
            assertThat(bob.isClosedByServer()).isTrue();
        }
        assertReply("CLIENT KILL USER nobody", "-ERR No such user 'nobody'\r\n");
    }

    @Test
    void deletingAUserDisconnectsItsClients() {
        assertReply("ACL SETUSER carol on >pw ~* &* +@all", "+OK\r\n");
        try (RawClient carol = loggedIn("carol", "pw"); RawClient carol2 = loggedIn("carol", "pw")) {
            assertReply("ACL DELUSER carol", ":1\r\n");
            assertThat(carol.isClosedByServer()).isTrue();
            assertThat(carol2.isClosedByServer()).isTrue();
        }
        assertReply("ACL SETUSER dave on >pw ~* &* +@all", "+OK\r\n");
        try (RawClient dave = loggedIn("dave", "pw")) {
            // the deleting client itself gets its reply, then is closed
            assertThat(dave.call("ACL", "DELUSER", "dave")).isEqualTo(":1\r\n");
            assertThat(dave.isClosedByServer()).isTrue();
        }
        assertReply("PING", "+PONG\r\n");
    }

    @Test
    void revokingChannelsDisconnectsSubscribersThatLostThem() {
        assertReply("ACL SETUSER erin on >pw ~* resetchannels &a &b +@all", "+OK\r\n");
        try (RawClient erin = loggedIn("erin", "pw")) {
            assertThat(erin.call("SUBSCRIBE", "b")).startsWith("*3\r\n$9\r\nsubscribe\r\n");
            assertReply("ACL SETUSER erin &c", "+OK\r\n");
            assertReply("PUBLISH b still-there", ":1\r\n");
            assertThat(erin.readReplyString()).contains("still-there");
            assertReply("ACL SETUSER erin resetchannels &a", "+OK\r\n");
            assertThat(erin.isClosedByServer()).isTrue();
        }
    }

    @Test
    void transactionsAbortOnDeniedCommandsAndExecRechecksChangedRules() {
        assertReply("ACL SETUSER frank on >pw ~k* +@all -flushall", "+OK\r\n");
        try (RawClient frank = loggedIn("frank", "pw")) {
            frank.call("MULTI");
            assertThat(frank.call("FLUSHALL")).isEqualTo(
                    "-NOPERM this user has no permissions to run the 'flushall' command\r\n");
            assertThat(frank.call("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");

            frank.call("MULTI");
            assertThat(frank.call("SET", "k1", "v")).isEqualTo("+QUEUED\r\n");
            assertThat(frank.call("GET", "k1")).isEqualTo("+QUEUED\r\n");
            assertReply("ACL SETUSER frank -set", "+OK\r\n");
            assertThat(frank.call("EXEC")).isEqualTo("*2\r\n-NOPERM ACLs rules changed between the moment the "
                    + "transaction was accumulated and the EXEC call. This command is no longer allowed for the "
                    + "following reason: no permission to execute the command or subcommand\r\n$-1\r\n");
        }
    }

    @Test
    void aclLogRecordsDenialsAndGroupsRepeatedOnes() {
        assertReply("ACL SETUSER gina on >pw ~k* +get +eval", "+OK\r\n");
        try (RawClient gina = loggedIn("gina", "pw")) {
            gina.call("GET", "secret");
            gina.call("GET", "secret");
            gina.call("SET", "k", "v");
            gina.call("EVAL", "return redis.call('get', 'nope')", "0");
            gina.call("AUTH", "gina", "wrong");
        }
        String log = call("ACL LOG");
        assertThat(log).startsWith("*4\r\n*14\r\n$5\r\ncount\r\n:1\r\n$6\r\nreason\r\n$4\r\nauth\r\n$7\r\ncontext\r\n"
                + "$8\r\ntoplevel\r\n$6\r\nobject\r\n$4\r\nAUTH\r\n$8\r\nusername\r\n$4\r\ngina\r\n");
        assertThat(log).contains("$6\r\nreason\r\n$7\r\ncommand\r\n$7\r\ncontext\r\n$8\r\ntoplevel\r\n$6\r\nobject\r\n"
                + "$3\r\nset\r\n");
        assertThat(log).contains("$6\r\nreason\r\n$3\r\nkey\r\n$7\r\ncontext\r\n$3\r\nlua\r\n$6\r\nobject\r\n$4\r\nnope\r\n");
        assertThat(log).contains("$5\r\ncount\r\n:2\r\n$6\r\nreason\r\n$3\r\nkey\r\n$7\r\ncontext\r\n$8\r\ntoplevel\r\n"
                + "$6\r\nobject\r\n$6\r\nsecret\r\n");
        assertThat(log).contains("user=gina");
        server.fastForward(Duration.ofSeconds(90));
        assertThat(call("ACL LOG 1")).containsPattern("\\$11\r\nage-seconds\r\n\\$\\d+\r\n90(\\.\\d+)?\r\n");
        assertReply("ACL LOG RESET", "+OK\r\n");
        assertReply("ACL LOG", "*0\r\n");
    }

    @Test
    void requirepassGivesTheDefaultUserAPassword() {
        assertReply("CONFIG SET requirepass s3cret", "+OK\r\n");
        try (RawClient other = newClient()) {
            assertThat(other.call("GET", "k")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(other.call("AUTH", "wrong")).isEqualTo(
                    "-WRONGPASS invalid username-password pair or user is disabled.\r\n");
            assertThat(other.call("AUTH", "s3cret")).isEqualTo("+OK\r\n");
            assertThat(other.call("GET", "k")).isEqualTo("$-1\r\n");
        }
        assertReply("ACL SETUSER default nopass", "+OK\r\n");
        try (RawClient other = newClient()) {
            assertThat(other.call("GET", "k")).isEqualTo("$-1\r\n");
        }
    }

    @Test
    void helloAuthenticatesAsAUser() {
        assertReply("ACL SETUSER hank on >pw ~* &* +@all", "+OK\r\n");
        try (RawClient hank = newClient()) {
            assertThat(hank.call("HELLO", "3", "AUTH", "hank", "bad")).isEqualTo(
                    "-WRONGPASS invalid username-password pair or user is disabled.\r\n");
            assertThat(hank.call("HELLO", "3", "AUTH", "hank", "pw")).startsWith("%7\r\n");
            assertThat(hank.call("ACL", "WHOAMI")).isEqualTo("$4\r\nhank\r\n");
            assertThat(hank.call("RESET")).isEqualTo("+RESET\r\n");
            assertThat(hank.call("ACL", "WHOAMI")).isEqualTo("$7\r\ndefault\r\n");
        }
        assertReply("ACL SETUSER hank off", "+OK\r\n");
        try (RawClient hank = newClient()) {
            assertThat(hank.call("AUTH", "hank", "pw")).isEqualTo(
                    "-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        }
    }

    @Test
    void selectorsAllowWhatTheRootSelectorDoesNot() {
        assertReply("ACL SETUSER ivy on >pw ~a* +get (~b* +set)", "+OK\r\n");
        try (RawClient ivy = loggedIn("ivy", "pw")) {
            assertThat(ivy.call("GET", "a1")).isEqualTo("$-1\r\n");
            assertThat(ivy.call("SET", "b1", "v")).isEqualTo("+OK\r\n");
            assertThat(ivy.call("SET", "a1", "v")).isEqualTo(NOPERM_KEY);
            assertThat(ivy.call("GET", "b1")).isEqualTo(NOPERM_KEY);
            assertThat(ivy.call("DEL", "a1")).isEqualTo(
                    "-NOPERM this user has no permissions to run the 'del' command\r\n");
        }
    }

    @Test
    void aclFileIsSavedLoadedAndReadAtStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users.acl");
        Files.writeString(file, "user default on nopass ~* &* +@all\nuser jack on #"
                + "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8 ~* &* +@all\n");
        try (EmbeddedRedisServer withFile = EmbeddedRedisServer.builder().port(0)
                .setting("aclfile", file.toString()).build().start();
                RawClient admin = new RawClient(withFile.port());
                RawClient jack = new RawClient(withFile.port())) {
            assertThat(jack.call("AUTH", "jack", "password")).isEqualTo("+OK\r\n");
            assertThat(admin.call("ACL", "SETUSER", "kate", "on", ">pw", "+get")).isEqualTo("+OK\r\n");
            assertThat(admin.call("ACL", "SAVE")).isEqualTo("+OK\r\n");
            assertThat(Files.readString(file)).isEqualTo("user default on nopass ~* &* +@all\n"
                    + "user jack on #5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8 ~* &* +@all\n"
                    + "user kate on #" + sha256("pw") + " resetchannels -@all +get\n");
            Files.writeString(file, "user default on nopass ~* &* +@all\nuser kate bogus\nuser kate on\n");
            assertThat(admin.call("ACL", "LOAD")).isEqualTo("-ERR " + file + ":2: Syntax error. WARNING: Duplicate "
                    + "user 'kate' found on line 3. WARNING: ACL errors detected, no change to the previously active "
                    + "ACL rules was performed\r\n");
            Files.writeString(file, "user default on nopass ~* &* +@all\nuser kate on nopass +@all\n");
            assertThat(admin.call("ACL", "LOAD")).isEqualTo("+OK\r\n");
            assertThat(admin.call("ACL", "USERS")).isEqualTo("*2\r\n$7\r\ndefault\r\n$4\r\nkate\r\n");
            // users replaced by a load are freed, and their clients with them
            assertThat(jack.isClosedByServer()).isTrue();
        }
        Files.writeString(file, "nonsense\n");
        EmbeddedRedisServer broken = EmbeddedRedisServer.builder().port(0).setting("aclfile", file.toString()).build();
        assertThatThrownBy(broken::start).hasMessageContaining("should start with user keyword");
    }

    private static String sha256(String text) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}
