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

    private static org.assertj.core.api.AbstractStringAssert<?> assertThat(String s) {
        return org.assertj.core.api.Assertions.assertThat(s);
    }
}
