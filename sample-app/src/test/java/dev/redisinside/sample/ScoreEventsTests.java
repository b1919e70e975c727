package dev.redisinside.sample;

import java.time.Duration;

import dev.redisinside.autoconfigure.test.AutoConfigureInMemoryRedis;
import dev.redisinside.engine.EmbeddedRedisServer;
import dev.redisinside.sample.events.ScoreEvents;
import dev.redisinside.sample.leaderboard.Leaderboard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.awaitility.Awaitility.await;

/** Score changes go through Redis pub/sub (PUBLISH, SUBSCRIBE) back into the app. */
@SpringBootTest
@AutoConfigureInMemoryRedis
class ScoreEventsTests {

    @Autowired
    Leaderboard leaderboard;

    @Autowired
    ScoreEvents events;

    @BeforeAll
    static void engineHasPubSub() {
        // Checked on a throwaway server before the context starts: its listener container subscribes at start.
        try (EmbeddedRedisServer probe = EmbeddedRedisServer.builder().build().start()) {
            EngineSupport.assumeCommands(probe, "subscribe", "publish", "zincrby");
        }
    }

    @Test
    void scoreChangesArePublishedAsEvents() {
        this.leaderboard.score("dave", 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> this.events.recent().contains("dave +2 = 2"));
    }
}
