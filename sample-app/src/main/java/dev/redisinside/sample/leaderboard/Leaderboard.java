package dev.redisinside.sample.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.redisinside.sample.events.ScoreEvents;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.stereotype.Service;

/** A leaderboard in one sorted set: {@code ZINCRBY} to score, {@code ZREVRANGE ... WITHSCORES} to rank. */
@Service
public class Leaderboard {

    private final StringRedisTemplate redis;

    private final ScoreEvents events;

    private final String key;

    public Leaderboard(StringRedisTemplate redis, ScoreEvents events, @Value("${sample.key-prefix:}") String keyPrefix) {
        this.redis = redis;
        this.events = events;
        this.key = keyPrefix + "leaderboard";
    }

    /** Adds points to the player's score and returns the new score. */
    public double score(String player, double points) {
        Double score = this.redis.opsForZSet().incrementScore(this.key, player, points);
        double result = (score != null) ? score : points;
        this.events.publish(player, points, result);
        return result;
    }

    /** Sets the player's score ({@code ZADD}). */
    public void set(String player, double score) {
        this.redis.opsForZSet().add(this.key, player, score);
    }

    /** The best {@code count} players, highest score first. */
    public List<Entry> top(int count) {
        Set<TypedTuple<String>> tuples = this.redis.opsForZSet().reverseRangeWithScores(this.key, 0, count - 1L);
        List<Entry> entries = new ArrayList<>();
        int rank = 1;
        for (TypedTuple<String> tuple : (tuples != null) ? tuples : Set.<TypedTuple<String>>of()) {
            entries.add(new Entry(rank++, tuple.getValue(), (tuple.getScore() != null) ? tuple.getScore() : 0));
        }
        return entries;
    }

    public record Entry(int rank, String player, double score) {
    }
}
