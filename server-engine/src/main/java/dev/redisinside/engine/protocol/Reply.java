package dev.redisinside.engine.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Where a command's answer goes. Handlers say what they answer (a map, a double, a null) and the
 * reply knows the connection's protocol: RESP3 types after {@code HELLO 3}, their RESP2 forms before.
 * The wire writer is {@link RespWriter}; scripting collects replies as values instead.
 */
public abstract class Reply {

    /** 2 or 3. */
    public abstract int protocol();

    public abstract void simple(String text);

    /** An error reply; the text starts with its code, e.g. {@code "ERR syntax error"}. */
    public abstract void error(String text);

    public abstract void integer(long value);

    public abstract void bulk(byte[] value, int offset, int length);

    /** RESP2 {@code $-1}, RESP3 {@code _}. */
    public abstract void nullBulk();

    /** RESP2 {@code *-1}, RESP3 {@code _}. */
    public abstract void nullArray();

    public abstract void array(int length);

    /** A map of {@code pairs} key/value pairs; a flat array of 2×pairs in RESP2. */
    public abstract void map(int pairs);

    /** A set; an array in RESP2. */
    public abstract void set(int length);

    /** A push message; an array in RESP2. */
    public abstract void push(int length);

    /** A double; a bulk string in RESP2, formatted as Redis formats it. */
    public abstract void doubleValue(double value);

    /**
     * A double already formatted by the caller (Redis's addReplyHumanLongDouble): a bulk string in RESP2,
     * a RESP3 double with exactly this text after {@code HELLO 3}.
     */
    public void doubleText(String text) {
        if (protocol() == 2) {
            bulk(text);
        } else {
            doubleValue(Double.parseDouble(text));
        }
    }

    /** A boolean; the integer 1 or 0 in RESP2. */
    public abstract void bool(boolean value);

    /** A verbatim string with a three-letter format such as {@code txt}; a bulk string in RESP2. */
    public abstract void verbatim(String format, byte[] text);

    /** A big number given as its decimal digits; a bulk string in RESP2. */
    public abstract void bigNumber(String digits);

    /**
     * A RESP3 attribute of {@code pairs} key/value pairs, which precedes the reply it annotates; only for
     * RESP3 connections (RESP2 has no form for it).
     */
    public void attribute(int pairs) {
        throw new UnsupportedOperationException("attributes exist in RESP3 only");
    }

    public final void ok() {
        simple("OK");
    }

    public final void bulk(byte[] value) {
        if (value == null) {
            nullBulk();
        } else {
            bulk(value, 0, value.length);
        }
    }

    public final void bulk(String value) {
        bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    public final void bulkLong(long value) {
        bulk(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    public final void emptyArray() {
        array(0);
    }

    public final void arrayOfBulks(List<byte[]> values) {
        array(values.size());
        for (byte[] value : values) {
            bulk(value);
        }
    }

    /**
     * Writes a value tree as parsed by {@link RespValues}: Long, byte[], String (simple string), Double,
     * Boolean, null, {@link RespValues.Map}, {@link RespValues.Set}, {@link RespValues.Error} and Lists.
     */
    public final void value(Object value) {
        if (value == null) {
            nullBulk();
        } else if (value instanceof byte[] bytes) {
            bulk(bytes);
        } else if (value instanceof Long number) {
            integer(number);
        } else if (value instanceof Integer number) {
            integer(number);
        } else if (value instanceof String text) {
            simple(text);
        } else if (value instanceof Double number) {
            doubleValue(number);
        } else if (value instanceof Boolean flag) {
            bool(flag);
        } else if (value instanceof RespValues.Error error) {
            error(error.text());
        } else if (value instanceof RespValues.Map map) {
            map(map.entries().size() / 2);
            map.entries().forEach(this::value);
        } else if (value instanceof RespValues.Set set) {
            set(set.members().size());
            set.members().forEach(this::value);
        } else if (value instanceof List<?> list) {
            array(list.size());
            list.forEach(this::value);
        } else {
            throw new IllegalArgumentException("Not a reply value: " + value.getClass());
        }
    }
}
