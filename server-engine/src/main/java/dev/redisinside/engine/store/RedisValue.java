package dev.redisinside.engine.store;

/** A stored value other than a plain string (which is a {@code byte[]}). One class per type. */
public interface RedisValue {

    ValueType type();

    /** The encoding OBJECT ENCODING reports, following Redis's thresholds in the given config. */
    String encoding(EncodingLimits limits);

    /** A deep copy, for COPY. */
    RedisValue copy();

    /** Whether the value is empty, in which case Redis deletes the key. */
    boolean isEmpty();
}
