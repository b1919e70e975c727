package dev.redisinside.sample.catalog;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Stands for a slow backend (a database, a remote service). Answers are cached in Redis under
 * {@code products::<id>} with the TTL of {@code spring.cache.redis.time-to-live}.
 */
@Service
public class ProductCatalog {

    private final AtomicLong loads = new AtomicLong();

    private final Clock clock;

    public ProductCatalog() {
        this(Clock.systemUTC());
    }

    ProductCatalog(Clock clock) {
        this.clock = clock;
    }

    @Cacheable("products")
    public Product find(String id) {
        this.loads.incrementAndGet();
        BigDecimal price = BigDecimal.valueOf(Math.floorMod(id.hashCode(), 10_000), 2);
        return new Product(id, "Product " + id, price, Instant.now(this.clock));
    }

    @CacheEvict("products")
    public void evict(String id) {
    }

    /** How many times the slow backend was asked (the cache's misses). */
    public long loads() {
        return this.loads.get();
    }
}
