package dev.redisinside.engine.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Framing without a socket: a command split anywhere must decode the same as when it arrives whole,
 * and hostile lengths must be refused (or awaited) without allocating for them. The expected behaviour
 * of each odd input was checked against Redis 7.0.15 with raw sockets.
 */
class RequestDecoderTest {

    /** Multibulk and inline requests, binary arguments, empty requests Redis skips, in one stream. */
    private static final String STREAM = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nv\r\n\0\u00ff\r\n"
            + "PING\r\n"
            + "ECHO \"a\\x41 b\" 'c d'\n"
            + "\r\n"
            + "   \r\n"
            + "*0\r\n"
            + "*-1\r\n"
            + "*-9223372036854775808\r\n"
            + "*1\r\n$0\r\n\r\n"
            + "*2\r\n$4\r\nECHO\r\n$12\r\n*1\r\n$4\r\nPING\r\n"
            + "GET k\n";

    private static final List<List<String>> EXPECTED = List.of(
            List.of("SET", "key", "v\r\n\0\u00ff"),
            List.of("PING"),
            List.of("ECHO", "aA b", "c d"),
            List.of(""),
            List.of("ECHO", "*1\r\n$4\r\nPING"),
            List.of("GET", "k"));

    @Test
    void decodesAStreamOfMixedRequests() throws Exception {
        assertThat(feed(List.of(bytes(STREAM)))).isEqualTo(EXPECTED);
    }

    @Test
    void decodesTheSameWhenTheStreamIsSplitAtAnyPosition() throws Exception {
        byte[] all = bytes(STREAM);
        for (int at = 0; at <= all.length; at++) {
            byte[] head = java.util.Arrays.copyOfRange(all, 0, at);
            byte[] tail = java.util.Arrays.copyOfRange(all, at, all.length);
            assertThat(feed(List.of(head, tail))).as("split at %d", at).isEqualTo(EXPECTED);
        }
    }

    @Test
    void decodesTheSameWhenTheStreamArrivesByteByByte() throws Exception {
        byte[] all = bytes(STREAM);
        List<byte[]> chunks = new ArrayList<>();
        for (byte b : all) {
            chunks.add(new byte[] {b});
        }
        assertThat(feed(chunks)).isEqualTo(EXPECTED);
    }

    @Test
    void decodesAThousandPipelinedCommandsFromOneBuffer() throws Exception {
        StringBuilder stream = new StringBuilder();
        List<List<String>> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String key = "key:" + i;
            stream.append("*3\r\n$3\r\nSET\r\n$").append(key.length()).append("\r\n").append(key)
                    .append("\r\n$").append(Integer.toString(i).length()).append("\r\n").append(i).append("\r\n");
            expected.add(List.of("SET", key, Integer.toString(i)));
        }
        assertThat(feed(List.of(bytes(stream.toString())))).isEqualTo(expected);
    }

    @Test
    void refusesLengthsLikeRedis() {
        assertError("*3000000000\r\n", "ERR Protocol error: invalid multibulk length");
        assertError("*-9223372036854775809\r\n", "ERR Protocol error: invalid multibulk length");
        assertError("*+1\r\n", "ERR Protocol error: invalid multibulk length");
        assertError("*01\r\n", "ERR Protocol error: invalid multibulk length");
        assertError("*\r\n", "ERR Protocol error: invalid multibulk length");
        assertError("*1\n$4\r\nPING\r\n", "ERR Protocol error: invalid multibulk length");
        assertError("*1\r\n$3000000000\r\n", "ERR Protocol error: invalid bulk length");
        assertError("*1\r\n$536870913\r\n", "ERR Protocol error: invalid bulk length");
        assertError("*1\r\n$04\r\n", "ERR Protocol error: invalid bulk length");
        assertError("*1\r\n$+4\r\n", "ERR Protocol error: invalid bulk length");
        assertError("*1\r\n$-1\r\n", "ERR Protocol error: invalid bulk length");
        assertError("*1\r\n$\r\n", "ERR Protocol error: invalid bulk length");
        assertError("*00\r\n", "ERR Protocol error: invalid multibulk length");
        assertError("*1\r\n$00\r\n", "ERR Protocol error: invalid bulk length");
        assertError("*1\r\n$1000000000\r\n", "ERR Protocol error: invalid bulk length");
        assertError("*1\r\nx\r\n", "ERR Protocol error: expected '$', got 'x'");
        assertError("SET \"a b\r\n", "ERR Protocol error: unbalanced quotes in request");
        assertError("SET 'a\r\n", "ERR Protocol error: unbalanced quotes in request");
        assertError("ECHO \"a\"b\r\n", "ERR Protocol error: unbalanced quotes in request");
    }

    @Test
    void appliesTheConfiguredBulkLimit() throws Exception {
        RequestDecoder decoder = new RequestDecoder();
        decoder.setMaxBulkLength(1024 * 1024);
        assertThat(decoder.decode(buffer("*1\r\n$1048576\r\n"), true)).isNull();
        RequestDecoder strict = new RequestDecoder();
        strict.setMaxBulkLength(1024 * 1024);
        assertThatThrownBy(() -> strict.decode(buffer("*1\r\n$1048577\r\n"), true))
                .hasMessage("ERR Protocol error: invalid bulk length");
    }

    @Test
    void readsLongLengthsBeyondTheQuickPath() throws Exception {
        RequestDecoder decoder = new RequestDecoder();
        decoder.setMaxBulkLength(Long.MAX_VALUE);
        ByteBuf in = buffer("*12\r\n$999999999\r\n");
        assertThat(decoder.decode(in, true)).isNull();
        assertThat(in.readableBytes()).as("both headers consumed").isZero();
        RequestDecoder other = new RequestDecoder();
        other.setMaxBulkLength(Long.MAX_VALUE);
        ByteBuf ten = buffer("*1\r\n$1234567890\r\n");
        assertThat(other.decode(ten, true)).isNull();
        assertThat(ten.readableBytes()).isZero();
    }

    @Test
    void limitsUnauthenticatedClients() throws Exception {
        assertThatThrownBy(() -> new RequestDecoder().decode(buffer("*11\r\n"), false))
                .hasMessage("ERR Protocol error: unauthenticated multibulk length");
        assertThatThrownBy(() -> new RequestDecoder().decode(buffer("*1\r\n$16385\r\n"), false))
                .hasMessage("ERR Protocol error: unauthenticated bulk length");
        assertThat(new RequestDecoder().decode(buffer("*10\r\n$16384\r\n"), false)).isNull();
    }

    @Test
    void waitsForLinesUpToTheInlineLimitThenRefusesThem() throws Exception {
        String longLine = "1".repeat(RequestDecoder.INLINE_MAX_SIZE);
        assertThat(new RequestDecoder().decode(buffer("x" + longLine.substring(1)), true)).isNull();
        assertError("x" + longLine, "ERR Protocol error: too big inline request");
        assertThat(new RequestDecoder().decode(buffer("*" + longLine.substring(1)), true)).isNull();
        assertError("*" + longLine, "ERR Protocol error: too big mbulk count string");
        assertError("*1\r\n$" + longLine, "ERR Protocol error: too big bulk count string");
    }

    @Test
    void aNulByteEndsTheSearchForTheEndOfLineAsInRedis() throws Exception {
        // Redis looks for the line end with strchr, which stops at NUL: such a request is never complete.
        assertThat(new RequestDecoder().decode(buffer("ECHO a\0b\nPING\r\n"), true)).isNull();
        assertThat(new RequestDecoder().decode(buffer("*1\0\r\n$4\r\nPING\r\n"), true)).isNull();
        assertThat(new RequestDecoder().decode(buffer("*1\r\n$4\0\r\nPING\r\n"), true)).isNull();
        assertThat(new RequestDecoder().decode(buffer("\0\u00ff\r\n"), true)).isNull();
    }

    @Test
    void skipsTheTwoBytesAfterALengthAndAValueWhateverTheyAre() throws Exception {
        // Redis checks that a byte follows '\r' and that two follow a value, not which ones.
        assertThat(feed(List.of(bytes("*1\r\n$4\rxPING\r\n*1\r\n$4\r\nPINGxx")))).isEqualTo(
                List.of(List.of("PING"), List.of("PING")));
    }

    @Test
    void neverAllocatesForAnAnnouncedCountOrLength() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        RequestDecoder decoder = new RequestDecoder();
        ByteBuf in = buffer("*2147483647\r\n$3\r\nSET\r\n$536870911\r\n" + "x".repeat(1000));
        long before = threads.getThreadAllocatedBytes(thread);
        assertThat(decoder.decode(in, true)).isNull();
        for (int i = 0; i < 100; i++) {
            in.writeBytes(new byte[1000]);
            assertThat(decoder.decode(in, true)).isNull();
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(allocated).as("bytes allocated while the value trickles in").isLessThan(1024 * 1024);
    }

    private static void assertError(String input, String message) {
        assertThatThrownBy(() -> feed(List.of(bytes(input)))).as(input).isInstanceOf(ProtocolException.class)
                .hasMessage(message);
    }

    /** Feeds the chunks the way the connection handler does: one cumulation buffer, decode until stuck. */
    private static List<List<String>> feed(List<byte[]> chunks) throws ProtocolException {
        RequestDecoder decoder = new RequestDecoder();
        ByteBuf in = Unpooled.buffer();
        List<List<String>> commands = new ArrayList<>();
        for (byte[] chunk : chunks) {
            in.writeBytes(chunk);
            // No spare capacity: reading past the received bytes must fail here as it does on a socket.
            in.capacity(in.writerIndex());
            byte[][] argv;
            while (in.isReadable() && (argv = decoder.decode(in, true)) != null) {
                if (argv.length > 0) {
                    List<String> command = new ArrayList<>();
                    for (byte[] arg : argv) {
                        command.add(new String(arg, StandardCharsets.ISO_8859_1));
                    }
                    commands.add(command);
                }
            }
            in.discardReadBytes();
        }
        assertThat(in.isReadable()).as("unparsed bytes left").isFalse();
        return commands;
    }

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static ByteBuf buffer(String latin1) {
        byte[] bytes = bytes(latin1);
        return Unpooled.buffer(bytes.length + 200_000).writeBytes(bytes);
    }
}
