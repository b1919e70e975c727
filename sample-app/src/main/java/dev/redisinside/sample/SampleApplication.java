package dev.redisinside.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * A small web app that uses Redis the way applications do: a cache with a TTL, a per-user rate limiter,
 * a leaderboard, pub/sub events and a {@code @RedisHash} repository. With the {@code dev} profile
 * ({@code cache.in-memory=true}) it runs on the embedded server; otherwise on the Redis configured by
 * {@code spring.data.redis.*}.
 */
@SpringBootApplication
@EnableCaching
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
