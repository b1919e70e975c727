package dev.redisinside.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;

import dev.redisinside.sample.stock.Inventory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.integration.redis.util.RedisLockRegistry;
import org.springframework.integration.redis.util.RedisLockRegistry.RedisLockType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Spring Integration's {@link RedisLockRegistry} (Lua scripts to take and release a lock key, and in the
 * pub-sub mode an unlock message that wakes waiters) shared by two "instances" of the app: two registries
 * with the same registry key, as two JVMs would have. Each scenario runs in both lock modes; the same
 * scenarios run on the embedded server and on the real Redis at 6379.
 */
abstract class LockScenarios {

    private static final Duration LONG_EXPIRY = Duration.ofSeconds(30);

    private static final RedisScript<Long> NUMPAT = RedisScript.of("return redis.call('PUBSUB', 'NUMPAT')", Long.class);

    private final List<RedisLockRegistry> registries = new ArrayList<>();

    private final String registryKey = "redis-inside:lock-test:" + UUID.randomUUID();

    abstract RedisConnectionFactory connectionFactory();

    abstract StringRedisTemplate redis();

    /** How long the registries of {@link #lockOfAVanishedHolderExpires} keep a lock. */
    abstract Duration shortExpiry();

    /** Lets the lock key of a holder that never unlocks reach its expiry. */
    abstract void letExpiryPass(Duration expiry);

    @AfterEach
    void destroyRegistries() {
        this.registries.forEach(RedisLockRegistry::destroy);
        List<String> keys = List.copyOf(redis().keys(this.registryKey + "*"));
        if (!keys.isEmpty()) {
            redis().delete(keys);
        }
    }

    @ParameterizedTest
    @EnumSource(RedisLockType.class)
    void reservationsOfTwoInstancesUnderContentionNeverOversell(RedisLockType type) throws Exception {
        String prefix = this.registryKey + ":";
        Inventory first = new Inventory(redis(), registry(type, LONG_EXPIRY), prefix);
        Inventory second = new Inventory(redis(), registry(type, LONG_EXPIRY), prefix);
        first.restock("widget", 20);
        AtomicInteger reserved = new AtomicInteger();
        CompletableFuture<?> one = CompletableFuture.runAsync(() -> reserve(first, 15, reserved, "one"));
        CompletableFuture<?> two = CompletableFuture.runAsync(() -> reserve(second, 15, reserved, "two"));
        CompletableFuture.allOf(one, two).get(60, TimeUnit.SECONDS);
        assertThat(reserved).hasValue(20);
        assertThat(first.available("widget")).isZero();
        assertThat(redis().opsForList().size(prefix + "stock:reservations")).isEqualTo(20);
        assertThat(redis().hasKey(this.registryKey + ":stock:widget")).as("the lock released").isFalse();
    }

    @ParameterizedTest
    @EnumSource(RedisLockType.class)
    void lockOfAVanishedHolderExpires(RedisLockType type) {
        Duration expiry = shortExpiry();
        Lock vanished = registry(type, expiry).obtain("job");
        Lock other = registry(type, expiry).obtain("job");
        assertThat(vanished.tryLock()).isTrue();
        assertThat(redis().getExpire(this.registryKey + ":job", TimeUnit.MILLISECONDS)).isBetween(1L, expiry.toMillis());
        assertThat(other.tryLock()).isFalse();

        letExpiryPass(expiry);
        // Polled in this thread: a lock belongs to the thread that took it.
        await().atMost(Duration.ofSeconds(5)).pollInSameThread().pollInterval(Duration.ofMillis(50)).until(other::tryLock);
        assertThatExceptionOfType(ConcurrentModificationException.class).isThrownBy(vanished::unlock)
            .withMessageContaining("released in the store due to expiration");
        other.unlock();
        assertThat(redis().hasKey(this.registryKey + ":job")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(RedisLockType.class)
    void unlockLetsAWaitingInstanceIn(RedisLockType type) throws Exception {
        Lock holder = registry(type, LONG_EXPIRY).obtain("job");
        Lock waiter = registry(type, LONG_EXPIRY).obtain("job");
        assertThat(holder.tryLock()).isTrue();
        long patterns = subscribedPatterns();
        // Waits less than the lock's expiry: in the pub-sub mode only the unlock message can let it in.
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                boolean locked = waiter.tryLock(10, TimeUnit.SECONDS);
                if (locked) {
                    waiter.unlock();
                }
                return locked;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        if (type == RedisLockType.PUB_SUB_LOCK) {
            // The waiter listens (PSUBSCRIBE <registry key>-channel:*) before it waits.
            await().atMost(Duration.ofSeconds(5)).until(() -> subscribedPatterns() > patterns);
        }
        assertThat(waiting).isNotDone();
        holder.unlock();
        assertThat(waiting.get(15, TimeUnit.SECONDS)).isTrue();
        assertThat(redis().hasKey(this.registryKey + ":job")).isFalse();
    }

    private RedisLockRegistry registry(RedisLockType type, Duration expiry) {
        RedisLockRegistry registry = new RedisLockRegistry(connectionFactory(), this.registryKey, expiry);
        registry.setRedisLockType(type);
        // The spin mode polls: often, so that contention does not make the test slow.
        registry.setIdleBetweenTries(Duration.ofMillis(5));
        this.registries.add(registry);
        return registry;
    }

    private static void reserve(Inventory inventory, int times, AtomicInteger reserved, String customer) {
        for (int i = 0; i < times; i++) {
            if (inventory.reserve("widget", 1, customer)) {
                reserved.incrementAndGet();
            }
        }
    }

    private long subscribedPatterns() {
        return redis().execute(NUMPAT, List.of());
    }
}
