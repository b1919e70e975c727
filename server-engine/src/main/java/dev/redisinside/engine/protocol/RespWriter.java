package dev.redisinside.engine.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Writes replies as RESP bytes into a buffer that the connection flushes once per read batch. One
 * instance per connection; the protocol version changes with HELLO.
 */
public final class RespWriter extends Reply {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int SHARED_HEADERS = 1024;
    private static final int LARGE_VALUE = 1 << 16;
    private static final byte[][] BULK_HEADERS = headers('$');
    private static final byte[][] ARRAY_HEADERS = headers('*');
    private static final byte[][] INTEGERS = headers(':');

    private int protocol = 2;
    private ByteBuf out;

    private static byte[][] headers(char prefix) {
        byte[][] table = new byte[SHARED_HEADERS][];
        for (int i = 0; i < SHARED_HEADERS; i++) {
            table[i] = (prefix + Integer.toString(i) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
        return table;
    }

    /** The buffer replies go to until the next call; the caller owns and flushes it. */
    public void target(ByteBuf out) {
        this.out = out;
    }

    public ByteBuf target() {
        return out;
    }

    public void protocol(int version) {
        this.protocol = version;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public void simple(String text) {
        if ("OK".equals(text)) {
            out.writeBytes(OK);
            return;
        }
        out.writeByte('+');
        out.writeCharSequence(text, StandardCharsets.ISO_8859_1);
        out.writeBytes(CRLF);
    }

    @Override
    public void error(String text) {
        out.writeByte('-');
        // Error texts may quote client bytes (kept as Latin-1 chars); a newline would break the framing.
        out.writeCharSequence(text.replace('\r', ' ').replace('\n', ' '), StandardCharsets.ISO_8859_1);
        out.writeBytes(CRLF);
    }

    @Override
    public void integer(long value) {
        if (value >= 0 && value < SHARED_HEADERS) {
            out.writeBytes(INTEGERS[(int) value]);
        } else {
            header(':', value);
        }
    }

    @Override
    public void bulk(byte[] value, int offset, int length) {
        if (length < SHARED_HEADERS) {
            out.writeBytes(BULK_HEADERS[length]);
        } else {
            if (length >= LARGE_VALUE) {
                reserve(length + 2);
            }
            header('$', length);
        }
        out.writeBytes(value, offset, length);
        out.writeBytes(CRLF);
    }

    /**
     * Grows the buffer by doubling for a large value. Past 4 MiB Netty grows a buffer in 4 MiB steps,
     * copying it each time, so a pipeline of large GETs would cost quadratic copying.
     */
    private void reserve(int bytes) {
        if (out.writableBytes() < bytes) {
            long wanted = Math.max(2L * out.capacity(), (long) out.writerIndex() + bytes + 32);
            out.capacity((int) Math.min(wanted, out.maxCapacity()));
        }
    }

    @Override
    public void nullBulk() {
        out.writeBytes(protocol == 2 ? NULL_BULK : NULL3);
    }

    @Override
    public void nullArray() {
        out.writeBytes(protocol == 2 ? NULL_ARRAY : NULL3);
    }

    @Override
    public void array(int length) {
        if (length < SHARED_HEADERS) {
            out.writeBytes(ARRAY_HEADERS[length]);
        } else {
            header('*', length);
        }
    }

    @Override
    public void map(int pairs) {
        if (protocol == 2) {
            array(pairs * 2);
        } else {
            header('%', pairs);
        }
    }

    @Override
    public void set(int length) {
        if (protocol == 2) {
            array(length);
        } else {
            header('~', length);
        }
    }

    @Override
    public void attribute(int pairs) {
        header('|', pairs);
    }

    @Override
    public void push(int length) {
        if (protocol == 2) {
            array(length);
        } else {
            header('>', length);
        }
    }

    @Override
    public void doubleValue(double value) {
        String text = DoubleFormat.g17(value);
        if (protocol == 2) {
            header('$', text.length());
            writeAscii(text);
            out.writeBytes(CRLF);
        } else {
            out.writeByte(',');
            writeAscii(text);
            out.writeBytes(CRLF);
        }
    }

    @Override
    public void doubleText(String text) {
        if (protocol == 2) {
            header('$', text.length());
        } else {
            out.writeByte(',');
        }
        writeAscii(text);
        out.writeBytes(CRLF);
    }

    @Override
    public void bool(boolean value) {
        if (protocol == 2) {
            integer(value ? 1 : 0);
        } else {
            writeAscii(value ? "#t\r\n" : "#f\r\n");
        }
    }

    @Override
    public void verbatim(String format, byte[] text) {
        if (protocol == 2) {
            bulk(text);
        } else {
            header('=', text.length + 4);
            writeAscii(format);
            out.writeByte(':');
            out.writeBytes(text);
            out.writeBytes(CRLF);
        }
    }

    @Override
    public void bigNumber(String digits) {
        if (protocol == 2) {
            bulk(digits.getBytes(StandardCharsets.US_ASCII));
        } else {
            out.writeByte('(');
            writeAscii(digits);
            out.writeBytes(CRLF);
        }
    }

    /** Writes bytes that are already RESP. */
    public void raw(byte[] resp) {
        out.writeBytes(resp);
    }

    private void header(char prefix, long value) {
        out.writeByte(prefix);
        writeAscii(Long.toString(value));
        out.writeBytes(CRLF);
    }

    private void writeAscii(String text) {
        out.writeCharSequence(text, StandardCharsets.US_ASCII);
    }
}
