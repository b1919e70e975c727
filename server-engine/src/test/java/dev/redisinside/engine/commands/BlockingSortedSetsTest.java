package dev.redisinside.engine.commands;

import dev.redisinside.engine.support.EngineTest;
import dev.redisinside.engine.support.RawClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BlockingSortedSetsTest extends EngineTest {

    @Test
    void bzpopminWaitsForZaddAndServesTheFirstWaiterFirst() throws Exception {
        try (RawClient first = newClient(); RawClient second = newClient()) {
            first.send("BZPOPMIN", "board", "0");
            awaitBlocked(1);
            second.send("BZPOPMAX", "board", "0");
            awaitBlocked(2);
            assertReply("ZADD board 1 low 2 high", ":2\r\n");
            assertThat(first.readReplyString()).isEqualTo("*3\r\n$5\r\nboard\r\n$3\r\nlow\r\n$1\r\n1\r\n");
            assertThat(second.readReplyString()).isEqualTo("*3\r\n$5\r\nboard\r\n$4\r\nhigh\r\n$1\r\n2\r\n");
            assertReply("EXISTS board", ":0\r\n");
        }
    }

    @Test
    void bzmpopServedWithCountInResp3Shape() throws Exception {
        try (RawClient waiter = newClient()) {
            waiter.call("HELLO", "3");
            waiter.send("BZMPOP", "0", "2", "a", "b", "MAX", "COUNT", "2");
            awaitBlocked(1);
            assertReply("ZADD b 1 x 2 y 3 z", ":3\r\n");
            assertThat(waiter.readReplyString())
                    .isEqualTo("*2\r\n$1\r\nb\r\n*2\r\n*2\r\n$1\r\nz\r\n,3\r\n*2\r\n$1\r\ny\r\n,2\r\n");
        }
    }

    @Test
    void timeoutOnTheServerClockAnswersNull() throws Exception {
        try (RawClient waiter = newClient()) {
            waiter.send("BZPOPMIN", "nothing", "30");
            awaitBlocked(1);
            server.fastForward(Duration.ofSeconds(31));
            assertThat(waiter.readReplyString()).isEqualTo("*-1\r\n");
        }
    }

    private void awaitBlocked(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.blockedClients() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("client did not block");
            }
            Thread.sleep(5);
        }
    }
}
