package dev.redisinside.sample.events;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sample.events.enabled", matchIfMissing = true)
class EventsConfiguration {

    @Bean
    RedisMessageListenerContainer scoreEventsListenerContainer(RedisConnectionFactory connectionFactory,
            ScoreEvents events) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connectionFactory);
        container.addMessageListener(events, new ChannelTopic(events.channel()));
        return container;
    }
}
