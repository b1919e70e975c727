package dev.redisinside.sample.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Score changes as pub/sub events: {@link #publish} sends them on the {@code score-events} channel
 * ({@code PUBLISH}); as a {@link MessageListener} subscribed by the listener container
 * ({@code SUBSCRIBE}) this keeps the most recent ones, which every instance of the app would receive.
 * {@code sample.events.enabled=false} turns both off.
 */
@Component
public class ScoreEvents implements MessageListener {

    private static final int KEPT = 20;

    private final StringRedisTemplate redis;

    private final Deque<String> recent = new ArrayDeque<>();

    private final boolean enabled;

    private final String channel;

    public ScoreEvents(StringRedisTemplate redis, @Value("${sample.events.enabled:true}") boolean enabled,
            @Value("${sample.key-prefix:}") String keyPrefix) {
        this.redis = redis;
        this.enabled = enabled;
        this.channel = keyPrefix + "score-events";
    }

    /** The pub/sub channel: {@code score-events}, after {@code sample.key-prefix}. */
    public String channel() {
        return this.channel;
    }

    public void publish(String player, double points, double score) {
        if (!this.enabled) {
            return;
        }
        this.redis.convertAndSend(this.channel, player + " +" + format(points) + " = " + format(score));
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        synchronized (this.recent) {
            this.recent.addFirst(new String(message.getBody(), java.nio.charset.StandardCharsets.UTF_8));
            while (this.recent.size() > KEPT) {
                this.recent.removeLast();
            }
        }
    }

    /** The most recent events received, newest first. */
    public List<String> recent() {
        synchronized (this.recent) {
            return new ArrayList<>(this.recent);
        }
    }

    private static String format(double value) {
        return (value == Math.rint(value)) ? Long.toString((long) value) : Double.toString(value);
    }
}
