package dev.redisinside.engine.script;

import dev.redisinside.engine.support.EngineTest;
import dev.redisinside.engine.support.RawClient;
import dev.redisinside.engine.support.PrivateRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scripts of the kind lock and rate-limit libraries run (a Redisson-style reentrant hash lock, a
 * Spring-Integration-style string lock, a token bucket), written here in our own words. Each step runs on
 * a private real Redis and on ours; replies must be the same bytes, except remaining TTLs which are
 * compared as ranges.
 */
class LockScriptsTest extends EngineTest {

    private static final String LOCK = "if (redis.call('exists', KEYS[1]) == 0) then "
            + "redis.call('hincrby', KEYS[1], ARGV[2], 1); redis.call('pexpire', KEYS[1], ARGV[1]); return nil; end; "
            + "if (redis.call('hexists', KEYS[1], ARGV[2]) == 1) then "
            + "redis.call('hincrby', KEYS[1], ARGV[2], 1); redis.call('pexpire', KEYS[1], ARGV[1]); return nil; end; "
            + "return redis.call('pttl', KEYS[1]);";
    private static final String UNLOCK = "if (redis.call('hexists', KEYS[1], ARGV[3]) == 0) then return nil; end; "
            + "local counter = redis.call('hincrby', KEYS[1], ARGV[3], -1); "
            + "if (counter > 0) then redis.call('pexpire', KEYS[1], ARGV[2]); return 0; "
            + "else redis.call('del', KEYS[1]); redis.call('publish', KEYS[2], ARGV[1]); return 1; end; return nil;";
    private static final String SPRING_OBTAIN = "local lockClientId = redis.call('GET', KEYS[1])\n"
            + "if lockClientId == ARGV[1] then\n  redis.call('PEXPIRE', KEYS[1], ARGV[2])\n  return true\n"
            + "elseif not lockClientId then\n  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])\n  return true\nend\n"
            + "return false";
    private static final String SPRING_UNLOCK = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "return redis.call('DEL', KEYS[1]) else return 0 end";
    private static final String BUCKET = "local capacity = tonumber(ARGV[1])\n"
            + "local rate = tonumber(ARGV[2])\nlocal now = tonumber(ARGV[3])\nlocal wanted = tonumber(ARGV[4])\n"
            + "local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')\n"
            + "local tokens = tonumber(state[1]) or capacity\nlocal ts = tonumber(state[2]) or now\n"
            + "tokens = math.min(capacity, tokens + (now - ts) * rate / 1000)\n"
            + "local allowed = tokens >= wanted\nif allowed then tokens = tokens - wanted end\n"
            + "redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)\n"
            + "redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000))\n"
            + "return {allowed and 1 or 0, tostring(tokens)}";

    @RegisterExtension
    final PrivateRedis redis = new PrivateRedis();

    private RawClient real;

    @BeforeEach
    void connectReal() {
        real = new RawClient(redis.port());
        real.call("FLUSHALL");
    }

    private void same(String... args) {
        String theirs = real.call(args);
        String ours = client.call(args);
        assertThat(ours).as(String.join(" ", args)).isEqualTo(theirs);
    }

    private void bothPositive(String... args) {
        for (String reply : new String[] {real.call(args), client.call(args)}) {
            assertThat(reply).as(String.join(" ", args)).startsWith(":");
            assertThat(Long.parseLong(reply.substring(1).trim())).isPositive();
        }
    }

    @Test
    void reentrantHashLock() {
        same("EVAL", LOCK, "1", "lock", "30000", "client-1:thread-1");
        same("EVAL", LOCK, "1", "lock", "30000", "client-1:thread-1");
        same("HGETALL", "lock");
        bothPositive("EVAL", LOCK, "1", "lock", "30000", "client-2:thread-9");
        same("EVAL", UNLOCK, "2", "lock", "channel", "0", "30000", "client-2:thread-9");
        same("EVAL", UNLOCK, "2", "lock", "channel", "0", "30000", "client-1:thread-1");
        same("EVAL", UNLOCK, "2", "lock", "channel", "0", "30000", "client-1:thread-1");
        same("EXISTS", "lock");
        same("EVAL", LOCK, "1", "lock", "30000", "client-2:thread-9");
    }

    @Test
    void springStyleLock() {
        same("EVAL", SPRING_OBTAIN, "1", "spring-lock", "owner-a", "60000");
        same("EVAL", SPRING_OBTAIN, "1", "spring-lock", "owner-b", "60000");
        same("EVAL", SPRING_OBTAIN, "1", "spring-lock", "owner-a", "60000");
        same("EVAL", SPRING_UNLOCK, "1", "spring-lock", "owner-b");
        same("EVAL", SPRING_UNLOCK, "1", "spring-lock", "owner-a");
        same("GET", "spring-lock");
        String sha = real.call("SCRIPT", "LOAD", SPRING_OBTAIN);
        same("SCRIPT", "LOAD", SPRING_OBTAIN);
        String hex = sha.substring(sha.indexOf('\n') + 1).trim();
        same("EVALSHA", hex, "1", "spring-lock", "owner-c", "60000");
    }

    @Test
    void tokenBucket() {
        long now = 1_700_000_000_000L;
        for (int i = 0; i < 7; i++) {
            same("EVAL", BUCKET, "1", "bucket", "5", "2", Long.toString(now + i * 100L), "1");
        }
        same("EVAL", BUCKET, "1", "bucket", "5", "2", Long.toString(now + 5000), "3");
        same("HGETALL", "bucket");
        same("EVAL", BUCKET, "1", "bucket2", "10", "3", Long.toString(now), "4");
        same("EVAL", BUCKET, "1", "bucket2", "10", "3", Long.toString(now + 333), "4");
    }
}
