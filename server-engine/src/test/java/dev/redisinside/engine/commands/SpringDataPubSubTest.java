package dev.redisinside.engine.commands;

import dev.redisinside.engine.support.EngineTest;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Spring Data Redis's RedisMessageListenerContainer on Lettuce and on Jedis, with keyspace events. */
class SpringDataPubSubTest extends EngineTest {

    @Test
    void messageListenerContainerOnLettuce() throws Exception {
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
    void messageListenerContainerOnJedis() throws Exception {
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

    private void roundTrip(org.springframework.data.redis.connection.RedisConnectionFactory factory)
            throws Exception {
        server.config().parameter("notify-keyspace-events").setter().accept("Ex");
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(factory);
        container.addMessageListener((message, pattern) -> received.add(
                new String(message.getChannel(), StandardCharsets.UTF_8) + "="
                        + new String(message.getBody(), StandardCharsets.UTF_8)), new ChannelTopic("orders"));
        container.addMessageListener((message, pattern) -> received.add(
                new String(pattern, StandardCharsets.UTF_8) + ":"
                        + new String(message.getChannel(), StandardCharsets.UTF_8) + "="
                        + new String(message.getBody(), StandardCharsets.UTF_8)),
                new PatternTopic("__keyevent@*__:expired"));
        container.afterPropertiesSet();
        container.start();
        try {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            assertThat(template.convertAndSend("orders", "order-1")).isEqualTo(1L);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("orders=order-1");
            template.opsForValue().set("session:1", "data");
            EngineAccess.expireIn(server, "session:1", 1000);
            server.fastForward(java.time.Duration.ofSeconds(2));
            assertThat(received.poll(5, TimeUnit.SECONDS))
                    .isEqualTo("__keyevent@*__:expired:__keyevent@0__:expired=session:1");
        } finally {
            container.stop();
            container.destroy();
            server.config().parameter("notify-keyspace-events").setter().accept("");
        }
    }
}
