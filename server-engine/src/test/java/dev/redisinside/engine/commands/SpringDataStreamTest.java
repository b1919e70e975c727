package dev.redisinside.engine.commands;

import dev.redisinside.engine.support.EngineTest;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessagesSummary;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.stream.StreamMessageListenerContainer;
import org.springframework.data.redis.stream.StreamMessageListenerContainer.StreamMessageListenerContainerOptions;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Spring Data Redis's StreamMessageListenerContainer (blocking XREAD / XREADGROUP) on Lettuce and Jedis. */
class SpringDataStreamTest extends EngineTest {

    @Test
    void listenerContainerOnLettuce() throws Exception {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", server.port()));
        factory.afterPropertiesSet();
        factory.start();
        try {
            roundTrip(factory);
        } finally {
            factory.destroy();
        }
    }

    @Test
    void listenerContainerOnJedis() throws Exception {
        JedisConnectionFactory factory = new JedisConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", server.port()));
        factory.afterPropertiesSet();
        factory.start();
        try {
            roundTrip(factory);
        } finally {
            factory.destroy();
        }
    }

    private void roundTrip(RedisConnectionFactory factory) throws Exception {
        StringRedisTemplate template = new StringRedisTemplate(factory);
        template.opsForStream().add("orders", Map.of("id", "0"));
        template.opsForStream().createGroup("orders", ReadOffset.latest(), "workers");

        StreamMessageListenerContainerOptions<String, MapRecord<String, String, String>> options =
                StreamMessageListenerContainerOptions.builder().pollTimeout(Duration.ofMillis(200)).build();
        StreamMessageListenerContainer<String, MapRecord<String, String, String>> container =
                StreamMessageListenerContainer.create(factory, options);
        BlockingQueue<String> all = new LinkedBlockingQueue<>();
        BlockingQueue<String> grouped = new LinkedBlockingQueue<>();
        container.receive(StreamOffset.fromStart("orders"), record -> all.add(record.getValue().get("id")));
        container.receive(Consumer.from("workers", "w1"), StreamOffset.create("orders", ReadOffset.lastConsumed()),
                record -> grouped.add(record.getValue().get("id")));
        container.start();
        try {
            assertThat(all.poll(5, TimeUnit.SECONDS)).isEqualTo("0");
            template.opsForStream().add("orders", Map.of("id", "1"));
            template.opsForStream().add("orders", Map.of("id", "2"));
            assertThat(all.poll(5, TimeUnit.SECONDS)).isEqualTo("1");
            assertThat(all.poll(5, TimeUnit.SECONDS)).isEqualTo("2");
            assertThat(grouped.poll(5, TimeUnit.SECONDS)).isEqualTo("1");
            assertThat(grouped.poll(5, TimeUnit.SECONDS)).isEqualTo("2");
            PendingMessagesSummary pending = template.opsForStream().pending("orders", "workers");
            assertThat(pending.getTotalPendingMessages()).isEqualTo(2);
            assertThat(pending.getPendingMessagesPerConsumer()).containsEntry("w1", 2L);
        } finally {
            container.stop();
            // let the poll in flight (at most pollTimeout) end before the connection factory closes
            Thread.sleep(500);
        }
    }
}
