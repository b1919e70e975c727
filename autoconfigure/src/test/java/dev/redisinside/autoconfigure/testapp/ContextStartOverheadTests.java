package dev.redisinside.autoconfigure.testapp;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Measures what the embedded server adds to an application context start: the same application with
 * {@code cache.in-memory=true}, and with the switch off and the (lazy, never connecting) Lettuce factory
 * pointed at an unused port. Runs only with {@code -Dredis-inside.measure=true}; prints the medians.
 */
class ContextStartOverheadTests {

    private static final int WARMUP = 5;

    private static final int RUNS = 15;

    @Test
    void embeddedServerOverhead() {
        assumeTrue(Boolean.getBoolean("redis-inside.measure"), "measurement runs only with -Dredis-inside.measure=true");
        List<Long> embedded = new ArrayList<>();
        List<Long> baseline = new ArrayList<>();
        for (int i = 0; i < WARMUP + RUNS; i++) {
            long on = start("cache.in-memory=true");
            long off = start("cache.in-memory=false", "spring.data.redis.port=1");
            if (i >= WARMUP) {
                embedded.add(on);
                baseline.add(off);
            }
        }
        long medianOn = median(embedded);
        long medianOff = median(baseline);
        System.out.printf("context start (median of %d): embedded %.1f ms, without server %.1f ms, overhead %.1f ms%n",
                RUNS, medianOn / 1e6, medianOff / 1e6, (medianOn - medianOff) / 1e6);
        assertThat(medianOn).isPositive();
    }

    private static long start(String... properties) {
        long started = System.nanoTime();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
            .web(WebApplicationType.NONE)
            .properties(properties)
            .properties("spring.main.banner-mode=off", "logging.level.root=warn")
            .run()) {
            long elapsed = System.nanoTime() - started;
            context.getBean(StringRedisTemplate.class);
            return elapsed;
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
