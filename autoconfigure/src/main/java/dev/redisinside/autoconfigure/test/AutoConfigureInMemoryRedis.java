package dev.redisinside.autoconfigure.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;

/**
 * Runs the test class's application context on an embedded Redis server: sets
 * {@code cache.in-memory=true} and imports the in-memory Redis auto-configuration, so it works with
 * {@code @SpringBootTest} and joins slices such as {@code @DataRedisTest}. Each cached context gets its
 * own server on its own random port; inject {@code EmbeddedRedisServer} to flush, fast-forward the
 * clock, or seed and inspect keys.
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureInMemoryRedis
 * class CartTests {
 *     @Autowired EmbeddedRedisServer redis;
 *     @BeforeEach void clean() { redis.flushAll(); }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
@PropertyMapping("cache")
public @interface AutoConfigureInMemoryRedis {

    /**
     * Whether to use the embedded server ({@code cache.in-memory}).
     * @return whether the embedded server replaces the configured Redis
     */
    boolean inMemory() default true;
}
