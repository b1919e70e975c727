package dev.redisinside.engine.commands;

import dev.redisinside.engine.support.EngineTest;
import org.junit.jupiter.api.Test;

class ConnectionCommandsTest extends EngineTest {

    @Test
    void pingAnswersPongOrEchoesItsArgument() {
        assertReply("PING", "+PONG\r\n");
        assertReply("PING hello", "$5\r\nhello\r\n");
        assertReply("PING a b", "-ERR wrong number of arguments for 'ping' command\r\n");
    }

    @Test
    void helloThreeSwitchesToResp3AndAnswersAMap() {
        String reply = call("HELLO 3");
        assertThat(reply).startsWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
                + "$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:");
        assertThat(reply).endsWith("$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n");
        assertReply("GET missing", "_\r\n");
    }

    @Test
    void unknownCommandQuotesItsArguments() {
        assertReply("FOO bar baz", "-ERR unknown command 'FOO', with args beginning with: 'bar' 'baz' \r\n");
    }

    @Test
    void selectChecksTheIndex() {
        assertReply("SELECT 16", "-ERR DB index is out of range\r\n");
        assertReply("SELECT x", "-ERR value is not an integer or out of range\r\n");
        assertReply("SELECT 1", "+OK\r\n");
    }

    @Test
    void clientNamesAreSetAndValidated() {
        assertReply("CLIENT GETNAME", "$-1\r\n");
        assertReply("CLIENT SETNAME worker-1", "+OK\r\n");
        assertReply("CLIENT GETNAME", "$8\r\nworker-1\r\n");
        assertReply("CLIENT SETNAME \"a b\"",
                "-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
        assertReply("CLIENT SETNAME \"\"", "+OK\r\n");
        assertReply("CLIENT GETNAME", "$-1\r\n");
        assertThat(call("HELLO 2 SETNAME via-hello")).startsWith("*14\r\n");
        assertReply("CLIENT GETNAME", "$9\r\nvia-hello\r\n");
    }

    @Test
    void clientSetinfoAcceptsLibraryNameAndVersion() {
        assertReply("CLIENT SETINFO LIB-NAME lettuce", "+OK\r\n");
        assertReply("CLIENT SETINFO lib-ver 6.3.0", "+OK\r\n");
        assertReply("CLIENT SETINFO lib-other x", "-ERR Unrecognized option 'lib-other'\r\n");
        assertReply("CLIENT SETINFO lib-name \"a b\"",
                "-ERR lib-name cannot contain spaces, newlines or special characters.\r\n");
        assertReply("CLIENT NO-TOUCH on", "+OK\r\n");
        assertReply("CLIENT NO-TOUCH off", "+OK\r\n");
        assertReply("CLIENT NO-TOUCH maybe", "-ERR syntax error\r\n");
    }

    @Test
    void clientListHasRedisFieldsInOrder() {
        call("CLIENT SETNAME lister");
        call("SELECT 2");
        String id = call("CLIENT ID").replaceAll("[^0-9]", "");
        String list = call("CLIENT LIST ID " + id);
        assertThat(list).matches("\\$\\d+\r\nid=" + id + " addr=127\\.0\\.0\\.1:\\d+ laddr=127\\.0\\.0\\.1:"
                + server.port() + " fd=\\d+ name=lister age=\\d+ idle=\\d+ flags=N db=2 sub=0 psub=0 ssub=0 multi=-1 "
                + "qbuf=\\d+ qbuf-free=\\d+ argv-mem=\\d+ multi-mem=0 rbs=\\d+ rbp=\\d+ obl=0 oll=0 omem=0 "
                + "tot-mem=\\d+ events=r cmd=client\\|list user=default redir=-1 resp=2\n\r\n");
        assertThat(call("CLIENT INFO")).contains("id=" + id + " ").contains(" cmd=client|info ").endsWith("\n\r\n");
        assertThat(call("CLIENT LIST TYPE normal")).contains("id=" + id + " ");
        assertReply("CLIENT LIST TYPE pubsub", "$0\r\n\r\n");
        assertReply("CLIENT LIST TYPE nosuch", "-ERR Unknown client type 'nosuch'\r\n");
        assertReply("CLIENT LIST ID abc", "-ERR Invalid client ID\r\n");
        call("MULTI");
        call("SET a b");
        try (var other = newClient()) {
            assertThat(other.call("CLIENT", "LIST", "ID", id)).contains(" flags=x ").contains(" multi=1 ");
        }
        call("DISCARD");
        call("CLIENT NO-EVICT on");
        assertThat(call("CLIENT INFO")).contains(" flags=e ");
    }

    @Test
    void clientKillClosesOtherConnections() {
        try (var other = newClient()) {
            String otherId = other.call("CLIENT", "ID").replaceAll("[^0-9]", "");
            String addr = other.call("CLIENT", "INFO").replaceAll("(?s).*? addr=(\\S+) .*", "$1");
            assertReply("CLIENT KILL ID " + otherId + " SKIPME yes", ":1\r\n");
            assertThat(other.isClosedByServer()).isTrue();
            assertReply("CLIENT KILL ID " + otherId, ":0\r\n");
            assertReply("CLIENT KILL " + addr, "-ERR No such client\r\n");
        }
        try (var other = newClient()) {
            String addr = other.call("CLIENT", "INFO").replaceAll("(?s).*? addr=(\\S+) .*", "$1");
            assertReply("CLIENT KILL " + addr, "+OK\r\n");
            assertThat(other.isClosedByServer()).isTrue();
        }
        assertReply("CLIENT KILL ID 0", "-ERR client-id should be greater than 0\r\n");
        assertReply("CLIENT KILL USER nosuch", "-ERR No such user 'nosuch'\r\n");
        assertReply("CLIENT KILL SKIPME maybe", "-ERR syntax error\r\n");
        assertReply("CLIENT KILL TYPE normal SKIPME yes", ":0\r\n");
    }

    @Test
    void clientReplyOffAndSkipDropReplies() {
        client.send("CLIENT", "REPLY", "OFF");
        client.send("SET", "k", "1");
        client.send("CLIENT", "REPLY", "ON");
        assertThat(client.readReplyString()).isEqualTo("+OK\r\n");
        client.send("CLIENT", "REPLY", "SKIP");
        client.send("GET", "k");
        assertReply("GET k", "$1\r\n1\r\n");
        assertReply("CLIENT REPLY maybe", "-ERR syntax error\r\n");
    }

    @Test
    void clientPauseIsAcceptedAndValidated() {
        assertReply("CLIENT PAUSE 0", "+OK\r\n");
        assertReply("CLIENT PAUSE 0 WRITE", "+OK\r\n");
        assertReply("CLIENT PAUSE -1", "-ERR timeout is negative\r\n");
        assertReply("CLIENT PAUSE abc", "-ERR timeout is not an integer or out of range\r\n");
        assertReply("CLIENT PAUSE 10 foo", "-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n");
        assertReply("CLIENT UNPAUSE", "+OK\r\n");
    }

    @Test
    void clientPauseWriteLetsNoWritesScriptsThrough() {
        // pause.tcl: a no-writes shebang script is not a write (scriptFlagsToCmdFlags), cached or not
        try (var other = newClient()) {
            assertReply("CLIENT PAUSE 100000 WRITE", "+OK\r\n");
            String script = "#!lua flags=no-writes\nreturn 'unique script'";
            assertThat(other.call("EVAL", script, "0")).isEqualTo("$13\r\nunique script\r\n");
            assertThat(other.call("EVAL", script, "0")).isEqualTo("$13\r\nunique script\r\n");
            String sha = other.call("SCRIPT", "LOAD", script).substring(5, 45);
            assertThat(other.call("EVALSHA", sha, "0")).isEqualTo("$13\r\nunique script\r\n");
            assertReply("CLIENT UNPAUSE", "+OK\r\n");
        }
    }

    @Test
    void keysDoNotExpireWhileClientsArePaused() {
        // pause.tcl: expired keys read as missing during a pause, but none is removed until it ends
        assertReply("SET k v PX 100", "+OK\r\n");
        long before = expiredKeys();
        assertReply("CLIENT PAUSE 100000 WRITE", "+OK\r\n");
        server.setTime(java.time.Instant.ofEpochMilli(server.clock().millis() + 500));
        assertReply("GET k", "$-1\r\n");
        assertReply("DBSIZE", ":1\r\n");
        assertThat(expiredKeys()).isEqualTo(before);
        assertReply("CLIENT UNPAUSE", "+OK\r\n");
        assertReply("GET k", "$-1\r\n");
        assertReply("DBSIZE", ":0\r\n");
        assertThat(expiredKeys()).isEqualTo(before + 1);
    }

    private long expiredKeys() {
        return Long.parseLong(call("INFO stats").replaceAll("(?s).*\r\nexpired_keys:(\\d+)\r\n.*", "$1"));
    }

    @Test
    void clientPauseWriteHoldsWritesUntilUnpause() {
        try (var other = newClient()) {
            assertReply("SET k before", "+OK\r\n");
            assertReply("CLIENT PAUSE 100000 WRITE", "+OK\r\n");
            assertThat(other.call("GET", "k")).isEqualTo("$6\r\nbefore\r\n");
            other.send("SET", "k", "after");
            other.send("GET", "k");
            other.setTimeout(200);
            assertThatThrownBy(other::readReply).isNotNull();
            assertReply("GET k", "$6\r\nbefore\r\n");
            assertReply("CLIENT UNPAUSE", "+OK\r\n");
            other.setTimeout(5000);
            assertThat(other.readReplyString()).isEqualTo("+OK\r\n");
            assertThat(other.readReplyString()).isEqualTo("$5\r\nafter\r\n");
        }
    }

    @Test
    void clientPauseWriteAlsoHoldsWhatMayReplicateButNotNoWritesFunctions() {
        // PFCOUNT, PUBLISH and EVAL carry Redis's hidden may_replicate flag; a no-writes function does not
        assertReply("PFADD hll a", ":1\r\n");
        assertReply("FUNCTION LOAD REPLACE \"#!lua name=pauselib\nredis.register_function{function_name='ro', "
                + "callback=function() return 'ro' end, flags={'no-writes'}}\nredis.register_function('rw', "
                + "function() return 'rw' end)\"", "$8\r\npauselib\r\n");
        try (var other = newClient(); var third = newClient()) {
            assertReply("CLIENT PAUSE 100000 WRITE", "+OK\r\n");
            assertThat(other.call("FCALL", "ro", "0")).isEqualTo("$2\r\nro\r\n");
            other.send("PFCOUNT", "hll");
            third.send("PUBLISH", "ch", "m");
            third.send("FCALL", "rw", "0");
            third.send("EVAL", "return 1", "0");
            other.setTimeout(200);
            assertThatThrownBy(other::readReply).isNotNull();
            assertThat(call("INFO clients")).contains("blocked_clients:2\r\n");
            assertReply("CLIENT UNPAUSE", "+OK\r\n");
            other.setTimeout(5000);
            assertThat(other.readReplyString()).isEqualTo(":1\r\n");
            assertThat(third.readReplyString()).isEqualTo(":0\r\n");
            assertThat(third.readReplyString()).isEqualTo("$2\r\nrw\r\n");
            assertThat(third.readReplyString()).isEqualTo(":1\r\n");
        } finally {
            call("FUNCTION FLUSH");
        }
    }

    @Test
    void clientPauseAllEndsByItself() {
        try (var other = newClient()) {
            assertReply("CLIENT PAUSE 150", "+OK\r\n");
            long start = System.nanoTime();
            assertThat(other.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(100_000_000L);
        }
    }

    @Test
    void clientHelpAndUnknownSubcommands() {
        assertThat(call("CLIENT HELP")).startsWith("*48\r\n+CLIENT <subcommand> [<arg> [value] [opt] ...]. "
                + "Subcommands are:\r\n+CACHING (YES|NO)\r\n");
        assertReply("CLIENT FOO", "-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n");
    }

    private static org.assertj.core.api.AbstractStringAssert<?> assertThat(String s) {
        return org.assertj.core.api.Assertions.assertThat(s);
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertThatThrownBy(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return org.assertj.core.api.Assertions.assertThatThrownBy(call);
    }

    private static org.assertj.core.api.AbstractLongAssert<?> assertThat(long n) {
        return org.assertj.core.api.Assertions.assertThat(n);
    }

    private static org.assertj.core.api.AbstractBooleanAssert<?> assertThat(boolean b) {
        return org.assertj.core.api.Assertions.assertThat(b);
    }
}
