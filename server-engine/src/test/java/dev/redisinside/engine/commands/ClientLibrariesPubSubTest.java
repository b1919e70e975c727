package dev.redisinside.engine.commands;

import dev.redisinside.engine.support.EngineTest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Pub/Sub, keyspace events and client-side caching as Lettuce (RESP3) and Jedis (RESP2) use them. */
class ClientLibrariesPubSubTest extends EngineTest {

    private RedisClient lettuce;

    @AfterEach
    void shutdown() {
        server.config().parameter("notify-keyspace-events").setter().accept("");
        if (lettuce != null) {
            lettuce.shutdown();
        }
    }

    private RedisClient lettuce() {
        lettuce = RedisClient.create("redis://127.0.0.1:" + server.port());
        return lettuce;
    }

    private static String poll(BlockingQueue<String> queue) throws InterruptedException {
        return queue.poll(5, TimeUnit.SECONDS);
    }

    @Test
    void lettuceSubscriberReceivesMessagesPatternMessagesAndKeyspaceEvents() throws Exception {
        server.config().parameter("notify-keyspace-events").setter().accept("KEA");
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        StatefulRedisPubSubConnection<String, String> pubsub = lettuce().connectPubSub();
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                received.add(channel + "=" + message);
            }

            @Override
            public void message(String pattern, String channel, String message) {
                received.add(pattern + ":" + channel + "=" + message);
            }
        });
        pubsub.sync().subscribe("news");
        pubsub.sync().psubscribe("__keyevent@0__:*");
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            assertThat(jedis.publish("news", "hello")).isEqualTo(1);
            jedis.set("k", "v");
        }
        assertThat(poll(received)).isEqualTo("news=hello");
        assertThat(poll(received)).isEqualTo("__keyevent@0__:*:__keyevent@0__:set=k");
        // A RESP3 subscriber may still run ordinary commands on the same connection.
        assertThat(pubsub.sync().ping()).isEqualTo("PONG");
        pubsub.close();
    }

    @Test
    void jedisSubscriberReceivesMessagesPatternMessagesAndKeyspaceEvents() throws Exception {
        server.config().parameter("notify-keyspace-events").setter().accept("Kg$");
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                received.add(channel + "=" + message);
            }

            @Override
            public void onPMessage(String pattern, String channel, String message) {
                received.add(pattern + ":" + channel + "=" + message);
            }

            @Override
            public void onPSubscribe(String pattern, int count) {
                received.add("subscribed " + count);
            }
        };
        Thread subscriber = new Thread(() -> {
            try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
                jedis.psubscribe(listener, "__keyspace@0__:*", "ne?s");
            }
        });
        subscriber.start();
        assertThat(poll(received)).isEqualTo("subscribed 1");
        assertThat(poll(received)).isEqualTo("subscribed 2");
        try (StatefulRedisConnection<String, String> connection = lettuce().connect()) {
            assertThat(connection.sync().publish("news", "hi")).isEqualTo(1);
            connection.sync().set("k", "v");
            connection.sync().del("k");
        }
        assertThat(poll(received)).isEqualTo("ne?s:news=hi");
        assertThat(poll(received)).isEqualTo("__keyspace@0__:*:__keyspace@0__:k=set");
        assertThat(poll(received)).isEqualTo("__keyspace@0__:*:__keyspace@0__:k=del");
        listener.punsubscribe();
        subscriber.join(5000);
        assertThat(subscriber.isAlive()).isFalse();
    }

    @Test
    void lettuceClientSideCachingIsInvalidatedByAnotherClientsWrite() throws Exception {
        Map<String, String> cache = new ConcurrentHashMap<>();
        StatefulRedisConnection<String, String> connection = lettuce().connect();
        CacheFrontend<String, String> frontend = ClientSideCaching.enable(CacheAccessor.forMap(cache), connection,
                TrackingArgs.Builder.enabled());
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            jedis.set("cached", "v1");
            assertThat(frontend.get("cached")).isEqualTo("v1");
            assertThat(cache).containsEntry("cached", "v1");
            jedis.set("cached", "v2");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (cache.containsKey("cached") && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(cache).doesNotContainKey("cached");
            assertThat(frontend.get("cached")).isEqualTo("v2");
        }
        frontend.close();
    }

    @Test
    void jedisTransactionWithWatch() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port()); Jedis other = new Jedis("127.0.0.1", server.port())) {
            jedis.set("balance", "10");
            jedis.watch("balance");
            other.set("balance", "20");
            var tx = jedis.multi();
            tx.set("balance", "30");
            assertThat(tx.exec()).isNull();
            jedis.watch("balance");
            tx = jedis.multi();
            tx.set("balance", "40");
            tx.get("balance");
            assertThat(tx.exec()).isEqualTo(List.of("OK", "40"));
        }
    }
}
