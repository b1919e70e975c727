package dev.redisinside.engine.command;

/**
 * A command's error reply. Handlers throw it; only the dispatcher writes it. The message is the whole
 * reply text including its code ({@code "ERR ..."}, {@code "WRONGTYPE ..."}). No stack trace: errors
 * are a normal answer on the hot path.
 */
public final class RedisException extends RuntimeException {

    public RedisException(String message) {
        super(message, null, false, false);
    }
}
