package dev.redisinside.engine.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the bytes a client sent into commands (arrays of arguments), RESP multibulk or inline, as
 * Redis's processMultibulkBuffer/processInlineBuffer do. It is resumable: a partly received command
 * keeps the arguments already parsed, so a large value is read once. Lengths are checked against the
 * limits before anything is allocated for them.
 */
public final class RequestDecoder {

    /** Redis's PROTO_INLINE_MAX_SIZE: the longest inline request or length line. */
    public static final int INLINE_MAX_SIZE = 64 * 1024;

    private static final byte[][] EMPTY = new byte[0][];
    /** The longest bulk a byte[] can hold. */
    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    /** What {@link #parseLong} returns for text string2ll rejects. */
    private static final long INVALID = Long.MIN_VALUE;
    private static final ByteProcessor CR_OR_NUL = b -> b != '\r' && b != 0;
    private static final ByteProcessor LF_OR_NUL = b -> b != '\n' && b != 0;

    private long maxBulkLength = 512L * 1024 * 1024;

    private int remaining;          // arguments still to read in the current multibulk, 0 = none started
    private int bulkLength = -1;    // length of the bulk being read, -1 = header not read yet
    private byte[][] args = EMPTY;
    private int argc;
    private int headerEnd;          // where the header read by simpleHeader ends

    public void setMaxBulkLength(long maxBulkLength) {
        this.maxBulkLength = maxBulkLength;
    }

    /**
     * Parses the next complete command from the buffer, advancing its reader index past it.
     *
     * @return the arguments, an empty array for an empty request (skipped by the caller), or {@code null}
     *     when more bytes are needed
     */
    public byte[][] decode(ByteBuf in, boolean authenticated) throws ProtocolException {
        if (remaining == 0) {
            if (!in.isReadable()) {
                return null;
            }
            if (in.getByte(in.readerIndex()) != '*') {
                return decodeInline(in);
            }
            long count = simpleHeader(in, in.readerIndex());
            int cr = headerEnd;
            if (count < 0) {
                cr = lineEnd(in, in.readerIndex(), CR_OR_NUL);
                if (cr < 0) {
                    if (in.readableBytes() > INLINE_MAX_SIZE) {
                        throw new ProtocolException("ERR Protocol error: too big mbulk count string");
                    }
                    return null;
                }
                if (cr + 1 >= in.writerIndex()) {
                    return null;
                }
                count = parseLong(in, in.readerIndex() + 1, cr);
                if (count == INVALID || count > Integer.MAX_VALUE) {
                    throw new ProtocolException("ERR Protocol error: invalid multibulk length");
                }
            }
            if (count > 10 && !authenticated) {
                throw new ProtocolException("ERR Protocol error: unauthenticated multibulk length");
            }
            in.readerIndex(cr + 2);
            if (count <= 0) {
                return EMPTY;
            }
            remaining = (int) count;
            // Never trust the announced count for the allocation: grow as arguments actually arrive.
            args = new byte[Math.min(remaining, 1024)][];
            argc = 0;
        }
        while (remaining > 0) {
            if (bulkLength < 0) {
                int start = in.readerIndex();
                if (start >= in.writerIndex()) {
                    return null;
                }
                long length = in.getByte(start) == '$' ? simpleHeader(in, start) : -1;
                int cr = headerEnd;
                if (length < 0) {
                    cr = lineEnd(in, start, CR_OR_NUL);
                    if (cr < 0) {
                        if (in.readableBytes() > INLINE_MAX_SIZE) {
                            throw new ProtocolException("ERR Protocol error: too big bulk count string");
                        }
                        return null;
                    }
                    if (cr + 1 >= in.writerIndex()) {
                        return null;
                    }
                    byte first = in.getByte(start);
                    if (first != '$') {
                        throw new ProtocolException("ERR Protocol error: expected '$', got '" + (char) (first & 0xff) + "'");
                    }
                    length = parseLong(in, start + 1, cr);
                }
                // Beyond MAX_ARRAY_LENGTH a Java array cannot hold the value, whatever proto-max-bulk-len says.
                if (length < 0 || length > maxBulkLength || length > MAX_ARRAY_LENGTH) {
                    throw new ProtocolException("ERR Protocol error: invalid bulk length");
                }
                if (length > 16384 && !authenticated) {
                    throw new ProtocolException("ERR Protocol error: unauthenticated bulk length");
                }
                bulkLength = (int) length;
                in.readerIndex(cr + 2);
            }
            // The argument is allocated only once all its bytes are here, never for an announced length.
            if (in.readableBytes() < (long) bulkLength + 2) {
                return null;
            }
            byte[] arg = new byte[bulkLength];
            in.readBytes(arg);
            in.skipBytes(2);
            if (argc == args.length) {
                args = Arrays.copyOf(args, (int) Math.min((long) args.length * 2, (long) argc + remaining));
            }
            args[argc++] = arg;
            bulkLength = -1;
            remaining--;
        }
        byte[][] command = args.length == argc ? args : Arrays.copyOf(args, argc);
        args = EMPTY;
        argc = 0;
        return command;
    }

    /**
     * The hot path for a header line: the common well-formed "*3\r\n" or "$5\r\n" (a type byte, "0" or up
     * to nine digits without a leading zero, '\r' and at least one byte after it) read in one pass. Sets
     * {@link #headerEnd} to the '\r'. Returns -1 for anything else (incomplete, signed, zero-padded,
     * long or odd), which the general path then judges exactly as Redis does.
     */
    private int simpleHeader(ByteBuf in, int start) {
        int limit = Math.min(in.writerIndex() - 1, start + 11);
        int i = start + 1;
        if (i >= limit) {
            return -1;
        }
        byte b = in.getByte(i);
        if (b == '0') {
            if (i + 1 >= limit || in.getByte(i + 1) != '\r') {
                return -1;
            }
            headerEnd = i + 1;
            return 0;
        }
        int value = 0;
        for (; i < limit; i++) {
            b = in.getByte(i);
            if (b >= '0' && b <= '9') {
                value = value * 10 + (b - '0');
            } else if (b == '\r' && i > start + 1) {
                headerEnd = i;
                return value;
            } else {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Where the line starting at {@code from} ends, or -1 when it does not end in the buffer. Like the
     * strchr Redis searches with, the search stops at a NUL byte: such a line never ends.
     */
    private static int lineEnd(ByteBuf in, int from, ByteProcessor terminator) {
        int at = in.forEachByte(from, in.writerIndex() - from, terminator);
        return at < 0 || in.getByte(at) == 0 ? -1 : at;
    }

    private static byte[][] decodeInline(ByteBuf in) throws ProtocolException {
        int start = in.readerIndex();
        int newline = lineEnd(in, start, LF_OR_NUL);
        if (newline < 0) {
            if (in.readableBytes() > INLINE_MAX_SIZE) {
                throw new ProtocolException("ERR Protocol error: too big inline request");
            }
            return null;
        }
        int end = newline;
        if (end > start && in.getByte(end - 1) == '\r') {
            end--;
        }
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        in.readerIndex(newline + 1);
        byte[][] parsed = splitArgs(line);
        if (parsed == null) {
            throw new ProtocolException("ERR Protocol error: unbalanced quotes in request");
        }
        return parsed;
    }

    /**
     * Splits an inline request like Redis's sdssplitargs: blanks separate arguments, double quotes allow
     * escapes ({@code \n}, {@code \xHH}, ...), single quotes allow only {@code \'}. Returns null on
     * unbalanced quotes or a closing quote not followed by a blank.
     */
    public static byte[][] splitArgs(byte[] line) {
        List<byte[]> result = new ArrayList<>();
        int p = 0;
        int n = line.length;
        while (true) {
            while (p < n && line[p] != 0 && isSpace(line[p])) {
                p++;
            }
            if (p >= n || line[p] == 0) {
                return result.toArray(new byte[0][]);
            }
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            while (!done) {
                int c = p < n ? line[p] & 0xff : 0;
                int next = p + 1 < n ? line[p + 1] & 0xff : 0;
                if (inDouble) {
                    if (c == '\\' && next == 'x' && p + 3 < n && isHex(line[p + 2]) && isHex(line[p + 3])) {
                        current.write(hex(line[p + 2]) * 16 + hex(line[p + 3]));
                        p += 3;
                    } else if (c == '\\' && next != 0) {
                        p++;
                        switch (next) {
                            case 'n' -> current.write('\n');
                            case 'r' -> current.write('\r');
                            case 't' -> current.write('\t');
                            case 'b' -> current.write('\b');
                            case 'a' -> current.write(7);
                            default -> current.write(next);
                        }
                    } else if (c == '"') {
                        if (next != 0 && !isSpace((byte) next)) {
                            return null;
                        }
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        current.write(c);
                    }
                } else if (inSingle) {
                    if (c == '\\' && next == '\'') {
                        p++;
                        current.write('\'');
                    } else if (c == '\'') {
                        if (next != 0 && !isSpace((byte) next)) {
                            return null;
                        }
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        current.write(c);
                    }
                } else {
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inDouble = true;
                        case '\'' -> inSingle = true;
                        default -> current.write(c);
                    }
                }
                if (p < n && line[p] != 0) {
                    p++;
                }
            }
            result.add(current.toByteArray());
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        return (b | 0x20) - 'a' + 10;
    }

    /**
     * Parses a signed decimal like Redis's string2ll (no '+', no leading zeros, at most 20 characters);
     * {@link #INVALID} when it is not one. Long.MIN_VALUE itself is a valid number that both callers
     * treat like any negative one, so it comes back as -1.
     */
    private static long parseLong(ByteBuf in, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 20) {
            return INVALID;
        }
        int i = from;
        if (len == 1 && in.getByte(i) == '0') {
            return 0;
        }
        boolean negative = in.getByte(i) == '-';
        if (negative && ++i == to) {
            return INVALID;
        }
        byte first = in.getByte(i);
        if (first < '1' || first > '9') {
            return INVALID;
        }
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long value = 0;   // accumulated negatively, so Long.MIN_VALUE fits
        for (; i < to; i++) {
            int d = in.getByte(i) - '0';
            if (d < 0 || d > 9 || value < (limit + d) / 10) {
                return INVALID;
            }
            value = value * 10 - d;
        }
        if (negative) {
            return value == Long.MIN_VALUE ? -1 : value;
        }
        return -value;
    }
}
