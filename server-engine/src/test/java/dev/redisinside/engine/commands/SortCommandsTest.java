package dev.redisinside.engine.commands;

import dev.redisinside.engine.support.EngineTest;
import dev.redisinside.engine.support.RawClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** SORT paths the recordings do not cover; expected replies checked against Redis 7.0.15. */
class SortCommandsTest extends EngineTest {

    @Test
    void numericSortBreaksTiesByElementBytes() {
        call("RPUSH l 1 01 1.0 +1 1e0 -0 0");
        assertReply("SORT l", "*7\r\n$2\r\n-0\r\n$1\r\n0\r\n$2\r\n+1\r\n$2\r\n01\r\n$1\r\n1\r\n$3\r\n1.0\r\n$3\r\n1e0\r\n");
    }

    @Test
    void byHashFieldAndGetWithLimit() {
        call("RPUSH ids 1 2 3");
        call("HSET u_1 age 30 name ann");
        call("HSET u_2 age 20 name bob");
        call("HSET u_3 age 25 name cy");
        assertReply("SORT ids BY u_*->age GET u_*->name GET # LIMIT 1 2",
                "*4\r\n$2\r\ncy\r\n$1\r\n3\r\n$3\r\nann\r\n$1\r\n1\r\n");
        assertReply("SORT_RO ids BY u_*->age DESC GET u_*->missing",
                "*3\r\n$-1\r\n$-1\r\n$-1\r\n");
    }

    @Test
    void storeReplacesTheDestinationAndEmptyResultDeletesIt() {
        call("RPUSH l 3 1 2");
        call("SET dst x");
        call("EXPIRE dst 100");
        assertReply("SORT l STORE dst", ":3\r\n");
        assertReply("TTL dst", ":-1\r\n");
        assertReply("LRANGE dst 0 -1", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
        assertReply("SORT nokey STORE dst", ":0\r\n");
        assertReply("EXISTS dst", ":0\r\n");
    }

    @Test
    void storeServesAClientBlockedOnTheDestination() {
        call("RPUSH l b a");
        try (RawClient waiter = newClient()) {
            waiter.send("BLPOP", "dst", "0");
            sleepUntilBlocked();
            assertReply("SORT l ALPHA STORE dst", ":2\r\n");
            assertThat(waiter.readReplyString()).isEqualTo("*2\r\n$3\r\ndst\r\n$1\r\na\r\n");
        }
        assertReply("LRANGE dst 0 -1", "*1\r\n$1\r\nb\r\n");
    }

    @Test
    void sortOfASetWithoutSortingIsAlphaWhenStoring() {
        call("SADD s c a b");
        assertReply("SORT s BY nosort STORE dst", ":3\r\n");
        assertReply("LRANGE dst 0 -1", "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
    }

    @Test
    void strtodAcceptsWhatCDoes() {
        assertThat(SortCommands.strtod(bytes(""))).isEqualTo(0.0);
        assertThat(SortCommands.strtod(bytes(" 7"))).isEqualTo(7.0);
        assertThat(SortCommands.strtod(bytes("0x10"))).isEqualTo(16.0);
        assertThat(SortCommands.strtod(bytes("1e3"))).isEqualTo(1000.0);
        assertThat(SortCommands.strtod(bytes("12\u0000junk"))).isEqualTo(12.0);
        assertThat(SortCommands.strtod(bytes("7 "))).isNull();
        assertThat(SortCommands.strtod(bytes("nan"))).isNull();
        assertThat(SortCommands.strtod(bytes("1e400"))).isNull();
        assertThat(SortCommands.strtod(bytes("1e-400"))).isNull();
        assertThat(SortCommands.strtod(bytes("abc"))).isNull();
    }

    private void sleepUntilBlocked() {
        for (int i = 0; i < 200; i++) {
            if (call("INFO clients").contains("blocked_clients:1")) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
