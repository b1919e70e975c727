package dev.redisinside.engine.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private real {@code redis-server} for one test class, registered as a field
 * ({@code @RegisterExtension final PrivateRedis redis = new PrivateRedis();}): started before the class's
 * tests, stopped after them; the class is skipped where none can be started (see {@link RealRedis}).
 */
public final class PrivateRedis implements BeforeAllCallback, AfterAllCallback {

    private RealRedis redis;

    @Override
    public void beforeAll(ExtensionContext context) {
        redis = RealRedis.startOrSkip();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }

    public int port() {
        return redis.port();
    }
}
