package dev.redisinside.sample.stock;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.stereotype.Service;

/**
 * Stock levels in a hash ({@code stock}: product → units). A reservation reads the level, decides, and
 * writes it back together with a log entry: a read-modify-write that stays correct with many instances of
 * the app only because it runs under the product's distributed lock.
 */
@Service
public class Inventory {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final StringRedisTemplate redis;

    private final LockRegistry locks;

    private final String stockKey;

    private final String logKey;

    public Inventory(StringRedisTemplate redis, LockRegistry locks, @Value("${sample.key-prefix:}") String keyPrefix) {
        this.redis = redis;
        this.locks = locks;
        this.stockKey = keyPrefix + "stock";
        this.logKey = keyPrefix + "stock:reservations";
    }

    public void restock(String product, long units) {
        this.redis.opsForHash().put(this.stockKey, product, Long.toString(units));
    }

    public long available(String product) {
        Object units = this.redis.opsForHash().get(this.stockKey, product);
        return (units != null) ? Long.parseLong((String) units) : 0;
    }

    /** Takes the units if that many are left; false otherwise. */
    public boolean reserve(String product, long units, String customer) {
        Lock lock = this.locks.obtain("stock:" + product);
        try {
            if (!lock.tryLock(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new CannotAcquireLockException("Stock of " + product + " is locked for longer than " + WAIT);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new CannotAcquireLockException("Interrupted while waiting for the stock of " + product, ex);
        }
        try {
            long available = available(product);
            if (available < units) {
                return false;
            }
            this.redis.opsForHash().put(this.stockKey, product, Long.toString(available - units));
            this.redis.opsForList().rightPush(this.logKey, customer + " " + product + " " + units);
            return true;
        }
        finally {
            lock.unlock();
        }
    }
}
