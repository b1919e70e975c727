package dev.redisinside.sample.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.ExpirationOptions;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Fixed-window rate limiter: one counter per user ({@code INCR}) that expires with its window
 * ({@code EXPIRE ... NX}, so only the first hit of a window sets the TTL), both in one pipelined round trip.
 */
@Component
public class RateLimiter {

    private final StringRedisTemplate redis;

    private final long limit;

    private final Duration window;

    private final String keyPrefix;

    public RateLimiter(StringRedisTemplate redis, @Value("${sample.rate-limit.requests:5}") long limit,
            @Value("${sample.rate-limit.window:60s}") Duration window, @Value("${sample.key-prefix:}") String keyPrefix) {
        this.redis = redis;
        this.limit = limit;
        this.window = window;
        this.keyPrefix = keyPrefix;
    }

    /** Counts a request of the user; the result says whether it is allowed and how many are left. */
    public Decision acquire(String user) {
        byte[] key = (this.keyPrefix + "rate:" + user).getBytes(StandardCharsets.UTF_8);
        List<Object> results = this.redis.executePipelined((RedisCallback<Object>) connection -> {
            connection.stringCommands().incr(key);
            connection.keyCommands().expire(key, this.window.toSeconds(), ExpirationOptions.Condition.NX);
            return null;
        });
        long count = (Long) results.get(0);
        return new Decision(count <= this.limit, Math.max(0, this.limit - count), this.limit);
    }

    public record Decision(boolean allowed, long remaining, long limit) {
    }
}
