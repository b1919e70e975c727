package dev.redisinside.sample.stock;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.integration.redis.util.RedisLockRegistry;
import org.springframework.integration.redis.util.RedisLockRegistry.RedisLockType;

@Configuration(proxyBeanMethods = false)
class LockConfiguration {

    /**
     * Locks shared by every instance of the app: a Redis key per lock (taken and released by Lua scripts)
     * that expires after {@code sample.locks.expire-after} should its holder die. In the pub-sub mode a
     * waiting instance is woken by a message on the registry's channel when the lock is released; in the
     * spin mode it polls.
     */
    @Bean
    RedisLockRegistry lockRegistry(RedisConnectionFactory connectionFactory, @Value("${sample.key-prefix:}") String keyPrefix,
            @Value("${sample.locks.expire-after:30s}") Duration expireAfter,
            @Value("${sample.locks.type:pub-sub-lock}") RedisLockType type) {
        RedisLockRegistry registry = new RedisLockRegistry(connectionFactory, keyPrefix + "locks", expireAfter);
        registry.setRedisLockType(type);
        return registry;
    }
}
