package dev.redisinside.autoconfigure;

/**
 * The embedded Redis server cannot start with the application's settings; carries the action to take,
 * which {@link InMemoryRedisFailureAnalyzer} shows in the startup failure report.
 */
public class InMemoryRedisStartupException extends IllegalStateException {

    private final String action;

    public InMemoryRedisStartupException(String message, String action) {
        this(message, action, null);
    }

    public InMemoryRedisStartupException(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    /** What to change so that the application starts. */
    public String getAction() {
        return this.action;
    }
}
