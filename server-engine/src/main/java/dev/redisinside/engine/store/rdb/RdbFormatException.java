package dev.redisinside.engine.store.rdb;

/** A serialized value that cannot be read (RESTORE answers "Bad data format"). */
public final class RdbFormatException extends Exception {

    public RdbFormatException(String message) {
        super(message, null, false, false);
    }
}
