package dev.redisinside.autoconfigure.testapp;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.StartupStep;
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
        List<Long> serverBean = new ArrayList<>();
        for (int i = 0; i < WARMUP + RUNS; i++) {
            long[] on = start("cache.in-memory=true");
            long[] off = start("cache.in-memory=false", "spring.data.redis.port=1");
            if (i >= WARMUP) {
                embedded.add(on[0]);
                serverBean.add(on[1]);
                baseline.add(off[0]);
            }
        }
        long medianOn = median(embedded);
        long medianOff = median(baseline);
        System.out.printf("context start (median of %d): embedded %.1f ms, without server %.1f ms, difference %.1f ms; "
                + "embeddedRedisServer bean (start + bind) %.1f ms%n", RUNS, medianOn / 1e6, medianOff / 1e6,
                (medianOn - medianOff) / 1e6, median(serverBean) / 1e6);
        assertThat(medianOn).isPositive();
    }

    /** The context's start time and the time spent instantiating the server bean, in nanoseconds. */
    private static long[] start(String... properties) {
        BufferingApplicationStartup startup = new BufferingApplicationStartup(20000);
        SpringApplicationBuilder builder = new SpringApplicationBuilder(TestApplication.class)
            .web(WebApplicationType.NONE)
            .properties(properties)
            .properties("spring.main.banner-mode=off", "logging.level.root=warn");
        builder.application().setApplicationStartup(startup);
        long started = System.nanoTime();
        try (ConfigurableApplicationContext context = builder.run()) {
            long elapsed = System.nanoTime() - started;
            context.getBean(StringRedisTemplate.class);
            long server = startup.getBufferedTimeline()
                .getEvents()
                .stream()
                .filter(event -> event.getStartupStep().getName().equals("spring.beans.instantiate"))
                .filter(event -> {
                    for (StartupStep.Tag tag : event.getStartupStep().getTags()) {
                        if (tag.getKey().equals("beanName") && tag.getValue().equals("embeddedRedisServer")) {
                            return true;
                        }
                    }
                    return false;
                })
                .mapToLong(event -> event.getDuration().toNanos())
                .sum();
            return new long[] { elapsed, server };
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
