package dev.redisinside.engine.protocol;

/** A request that breaks the protocol: Redis answers with the message and closes the connection. */
public final class ProtocolException extends Exception {

    public ProtocolException(String message) {
        super(message, null, false, false);
    }
}
