package dev.redisinside.engine.store;

/** The Redis data types, named as TYPE reports them. */
public enum ValueType {
    STRING("string"), LIST("list"), SET("set"), ZSET("zset"), HASH("hash"), STREAM("stream");

    private final String typeName;

    ValueType(String typeName) {
        this.typeName = typeName;
    }

    /** The name TYPE answers. */
    public String typeName() {
        return typeName;
    }

    /**
     * Strings are stored as {@code byte[]} (or, after APPEND/SETRANGE, as a {@link MutableString});
     * every other type implements {@link RedisValue}.
     */
    public static ValueType of(Object value) {
        if (value instanceof byte[]) {
            return STRING;
        }
        return ((RedisValue) value).type();
    }
}
