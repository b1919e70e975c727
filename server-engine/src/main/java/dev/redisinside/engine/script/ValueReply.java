package dev.redisinside.engine.script;

import dev.redisinside.engine.protocol.DoubleFormat;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.protocol.RespValues;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * The reply of a command called from a script, collected as a value tree instead of bytes. It takes the
 * shapes the script's protocol ({@code redis.setresp}) would put on the wire: under RESP2 a map arrives as
 * a flat array, a double as a bulk string, a boolean as an integer.
 */
final class ValueReply extends Reply {

    /** A RESP3 double, kept apart from the bulk strings RESP2 turns doubles into. */
    record DoubleValue(double value) {
    }

    /** A RESP3 big number. */
    record BigNumber(String digits) {
    }

    /** A RESP3 verbatim string. */
    record Verbatim(String format, byte[] text) {
    }

    /** RESP3 null (both null forms under RESP3); RESP2 nulls stay Java null. */
    static final Object NULL3 = new Object();

    private final int protocol;
    private final Deque<Frame> open = new ArrayDeque<>();
    private Object result;
    private boolean done;

    private static final class Frame {
        final List<Object> items;
        final int expected;
        final int kind; // 0 array, 1 map, 2 set, 3 attribute

        Frame(int expected, int kind) {
            this.items = new ArrayList<>(Math.min(expected, 1024));
            this.expected = expected;
            this.kind = kind;
        }
    }

    ValueReply(int protocol) {
        this.protocol = protocol;
    }

    /** The whole reply; the first complete value written. */
    Object result() {
        return result;
    }

    boolean complete() {
        return done;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    private void add(Object value) {
        if (done) {
            return; // only the first reply counts
        }
        Frame top = open.peek();
        if (top == null) {
            result = value;
            done = true;
            return;
        }
        top.items.add(value);
        while (top != null && top.items.size() == top.expected) {
            open.pop();
            if (top.kind == 3) {
                return; // an attribute is dropped, as the Lua client's RESP3 parser does
            }
            Object finished = switch (top.kind) {
                case 1 -> new RespValues.Map(top.items);
                case 2 -> new RespValues.Set(top.items);
                default -> top.items;
            };
            Frame parent = open.peek();
            if (parent == null) {
                result = finished;
                done = true;
                return;
            }
            parent.items.add(finished);
            top = parent;
        }
    }

    private void openAggregate(int length, int kind) {
        if (length == 0) {
            add(kind == 1 ? new RespValues.Map(new ArrayList<>()) : kind == 2 ? new RespValues.Set(new ArrayList<>())
                    : new ArrayList<>());
        } else {
            open.push(new Frame(length, kind));
        }
    }

    @Override
    public void attribute(int pairs) {
        if (pairs > 0 && !done) {
            open.push(new Frame(2 * pairs, 3));
        }
    }

    @Override
    public void simple(String text) {
        add(text);
    }

    @Override
    public void error(String text) {
        add(new RespValues.Error(text));
    }

    @Override
    public void integer(long value) {
        add(value);
    }

    @Override
    public void bulk(byte[] value, int offset, int length) {
        add(Arrays.copyOfRange(value, offset, offset + length));
    }

    @Override
    public void nullBulk() {
        add(protocol == 2 ? null : NULL3);
    }

    @Override
    public void nullArray() {
        add(protocol == 2 ? null : NULL3);
    }

    @Override
    public void array(int length) {
        openAggregate(length, 0);
    }

    @Override
    public void map(int pairs) {
        if (protocol == 2) {
            openAggregate(pairs * 2, 0);
        } else {
            openAggregate(pairs * 2, 1);
        }
    }

    @Override
    public void set(int length) {
        openAggregate(length, protocol == 2 ? 0 : 2);
    }

    @Override
    public void push(int length) {
        openAggregate(length, 0);
    }

    @Override
    public void doubleValue(double value) {
        if (protocol == 2) {
            add(DoubleFormat.g17(value).getBytes(StandardCharsets.US_ASCII));
        } else {
            add(new DoubleValue(value));
        }
    }

    @Override
    public void bool(boolean value) {
        if (protocol == 2) {
            add(value ? 1L : 0L);
        } else {
            add(value);
        }
    }

    @Override
    public void verbatim(String format, byte[] text) {
        add(protocol == 2 ? text.clone() : new Verbatim(format, text.clone()));
    }

    @Override
    public void bigNumber(String digits) {
        add(protocol == 2 ? digits.getBytes(StandardCharsets.US_ASCII) : new BigNumber(digits));
    }
}
