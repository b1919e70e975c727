package dev.redisinside.sample.catalog;

import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;

@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

    /**
     * With Lettuce, Spring Data Redis 4 writes cache entries asynchronously by default, so a lookup right
     * after a miss can miss again (and load twice). The catalog wants each answer loaded once: write
     * immediately.
     */
    @Bean
    RedisCacheManagerBuilderCustomizer immediateCacheWrites(RedisConnectionFactory connectionFactory) {
        return builder -> builder
            .cacheWriter(RedisCacheWriter.create(connectionFactory, writer -> writer.immediateWrites(true)));
    }
}
