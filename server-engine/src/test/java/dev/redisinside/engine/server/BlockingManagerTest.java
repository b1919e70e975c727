package dev.redisinside.engine.server;

import dev.redisinside.engine.command.RedisException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Timeout parsing as Redis's getTimeoutFromObjectOrReply computes it in long double (checked on 7.0.15). */
class BlockingManagerTest {

    private static final long NOW = 1_700_000_000_000L;

    private static long deadline(String timeout) {
        return BlockingManager.parseTimeout(timeout.getBytes(StandardCharsets.ISO_8859_1), NOW);
    }

    @Test
    void secondsBecomeADeadlineRoundedUpToTheMillisecond() {
        assertThat(deadline("0")).isZero();
        assertThat(deadline("-0")).isZero();
        assertThat(deadline("1")).isEqualTo(NOW + 1000);
        assertThat(deadline("+1")).isEqualTo(NOW + 1000);
        assertThat(deadline(".5")).isEqualTo(NOW + 500);
        assertThat(deadline("1.")).isEqualTo(NOW + 1000);
        assertThat(deadline("0.0001")).isEqualTo(NOW + 1);
        assertThat(deadline("0.001")).isEqualTo(NOW + 1);
        assertThat(deadline("1e-400")).isEqualTo(NOW + 1);
        assertThat(deadline("0x10")).isEqualTo(NOW + 16_000);
    }

    @Test
    void tinyNegativeTimeoutsRoundUpToZeroWhichBlocksForever() {
        // strtold("0.001") is just below 1/1000, so -0.001 × 1000 is above -1 and its ceiling is -0
        assertThat(deadline("-0.001")).isZero();
        assertThat(deadline("-0.0001")).isZero();
    }

    @Test
    void hugeTimeoutsThatStillFitBlockForever() {
        assertThat(deadline("9223372036854775.807")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void errorsFollowRedis() {
        for (String negative : new String[] {"-1", "-0.5", "inf", "-inf", "1e16", "9223372036854775807", "1e400"}) {
            assertThatThrownBy(() -> deadline(negative)).as(negative).isInstanceOf(RedisException.class)
                    .hasMessage("ERR timeout is negative");
        }
        for (String invalid : new String[] {"", "abc", " 1", "1 ", "nan", "1e", "0x", "1_0", "1e-5000"}) {
            assertThatThrownBy(() -> deadline(invalid)).as(invalid).isInstanceOf(RedisException.class)
                    .hasMessage("ERR timeout is not a float or out of range");
        }
    }
}
