package dev.redisinside.engine.protocol;

import dev.redisinside.engine.EmbeddedRedisServer;
import dev.redisinside.engine.support.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input over real sockets: every hostile or malformed request gets Redis's exact protocol error and
 * a closed connection (or is ignored / awaited exactly where Redis ignores or awaits it), and the
 * server keeps serving other clients with their data intact. Every expected reply was checked against
 * Redis 7.0.15 with raw sockets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtocolRobustnessTest {

    private static final String SENTINEL_VALUE = "still here \u00e9";

    private EmbeddedRedisServer server;
    private EmbeddedRedisServer passwordServer;
    private EmbeddedRedisServer limitedServer;
    private EmbeddedRedisServer smallQueryBufferServer;
    /** Connected before any bad input and used after each: other clients must not notice. */
    private RawClient observer;

    @BeforeAll
    void startServers() {
        server = EmbeddedRedisServer.builder().build().start();
        passwordServer = EmbeddedRedisServer.builder().password("secret").build().start();
        limitedServer = EmbeddedRedisServer.builder()
                .setting("proto-max-bulk-len", "1mb")
                .build().start();
        smallQueryBufferServer = EmbeddedRedisServer.builder()
                .setting("client-query-buffer-limit", "1mb")
                .build().start();
        observer = new RawClient(server.port());
        assertThat(observer.call("SET", "sentinel", SENTINEL_VALUE)).isEqualTo("+OK\r\n");
    }

    @AfterAll
    void stopServers() {
        observer.close();
        server.stop();
        passwordServer.stop();
        limitedServer.stop();
        smallQueryBufferServer.stop();
    }

    @AfterEach
    void otherClientsAreStillServedAndDataIsIntact() {
        assertThat(observer.call("PING")).isEqualTo("+PONG\r\n");
        assertThat(new String(observer.callBytes(bytes("GET"), bytes("sentinel")), StandardCharsets.UTF_8))
                .isEqualTo("$" + SENTINEL_VALUE.getBytes(StandardCharsets.UTF_8).length + "\r\n" + SENTINEL_VALUE + "\r\n");
        try (RawClient fresh = new RawClient(server.port())) {
            assertThat(fresh.call("ECHO", "hi")).isEqualTo("$2\r\nhi\r\n");
        }
        for (EmbeddedRedisServer s : new EmbeddedRedisServer[] {passwordServer, limitedServer, smallQueryBufferServer}) {
            try (RawClient fresh = new RawClient(s.port())) {
                fresh.writeRaw("PING\r\n");
                assertThat(fresh.readReplyString()).isIn("+PONG\r\n", "-NOAUTH Authentication required.\r\n");
            }
        }
    }

    @Test
    void hostileMultibulkCountsAreRefused() {
        assertClosedAfter(server, "*3000000000\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
        assertClosedAfter(server, "*-9223372036854775809\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
        assertClosedAfter(server, "*\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
        assertClosedAfter(server, "*+1\r\n$4\r\nPING\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
        assertClosedAfter(server, "*01\r\n$4\r\nPING\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
        assertClosedAfter(server, "*1\n$4\r\nPING\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
        assertClosedAfter(server, "*" + "1".repeat(70_000), "-ERR Protocol error: too big mbulk count string\r\n");
    }

    @Test
    void hostileBulkLengthsAreRefused() {
        assertClosedAfter(server, "*1\r\n$3000000000\r\n", "-ERR Protocol error: invalid bulk length\r\n");
        assertClosedAfter(server, "*1\r\n$536870913\r\n", "-ERR Protocol error: invalid bulk length\r\n");
        assertClosedAfter(server, "*1\r\n$04\r\nPING\r\n", "-ERR Protocol error: invalid bulk length\r\n");
        assertClosedAfter(server, "*1\r\n$+4\r\nPING\r\n", "-ERR Protocol error: invalid bulk length\r\n");
        assertClosedAfter(server, "*1\r\n$-1\r\n", "-ERR Protocol error: invalid bulk length\r\n");
        assertClosedAfter(server, "*1\r\n$\r\n", "-ERR Protocol error: invalid bulk length\r\n");
        assertClosedAfter(server, "*1\r\n$" + "1".repeat(70_000), "-ERR Protocol error: too big bulk count string\r\n");
    }

    @Test
    void malformedFramesAreRefusedAfterTheCommandsBeforeThemRan() {
        assertClosedAfter(server, "*1\r\nx\r\n", "-ERR Protocol error: expected '$', got 'x'\r\n");
        assertClosedAfter(server, "*1\r\n$4\r\nPING\r\n*1\r\nx\r\n*1\r\n$4\r\nPING\r\n",
                "+PONG\r\n-ERR Protocol error: expected '$', got 'x'\r\n");
        assertClosedAfter(server, "x".repeat(70_000), "-ERR Protocol error: too big inline request\r\n");
        assertClosedAfter(server, "SET \"a b\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n");
        assertClosedAfter(server, "SET 'a\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n");
        assertClosedAfter(server, "ECHO \"a\"b\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n");
    }

    @Test
    void emptyAndOddButValidRequestsAreServedAsRedisServesThem() {
        assertOpenAfter(server, "*-1\r\nPING\r\n", "+PONG\r\n");
        assertOpenAfter(server, "*0\r\nPING\r\n", "+PONG\r\n");
        assertOpenAfter(server, "*-9223372036854775808\r\nPING\r\n", "+PONG\r\n");
        assertOpenAfter(server, "PING\n", "+PONG\r\n");
        assertOpenAfter(server, "\r\n\nPING\r\n", "+PONG\r\n");
        assertOpenAfter(server, "  \r\nPING\r\n", "+PONG\r\n");
        assertOpenAfter(server, "ECHO \"\\x41\\x4g\"\r\n", "$4\r\nAx4g\r\n");
        assertOpenAfter(server, "ECHO\r\r\n", "-ERR wrong number of arguments for 'echo' command\r\n");
        assertOpenAfter(server, "*1\r\n$4\rxPING\r\n", "+PONG\r\n");
        assertOpenAfter(server, "*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n", "+PONG\r\n+PONG\r\n");
        assertOpenAfter(server, "*2\r\n$4\r\nECHO\r\n$3\r\n\u00ff\0\u0001\r\n", "$3\r\n\u00ff\0\u0001\r\n");
    }

    @Test
    void incompleteRequestsAreAwaited() {
        assertOpenAfter(server, "*1\r\nx", "");
        assertOpenAfter(server, "*2\r\n$3\r\nfoo", "");
        assertOpenAfter(server, "*20\r\n", "");
        assertOpenAfter(server, "*1\r\n$536870912\r\n", "");
        // Redis finds line ends with strchr, which stops at a NUL byte: these lines never end.
        assertOpenAfter(server, "ECHO a\0b\nPING\r\n", "");
        assertOpenAfter(server, "*1\0\r\n$4\r\nPING\r\n", "");
        assertOpenAfter(server, "\0\u00ff\r\n", "");
    }

    @Test
    void aClientThatLeavesInTheMiddleOfACommandChangesNothing() throws IOException {
        for (String partial : new String[] {"*2\r\n$3\r\nfoo", "*3\r\n$3\r\nSET\r\n$8\r\nsentinel\r\n$5\r\nab", "*1\r\n$536870911\r\nab"}) {
            try (Socket socket = connect(server)) {
                socket.getOutputStream().write(bytes(partial));
            }
        }
        try (Socket socket = connect(server)) {
            socket.getOutputStream().write(bytes("*3\r\n$3\r\nSET\r\n$8\r\nsentinel\r\n$5\r\nab"));
            socket.shutdownOutput();
            assertThat(readUntilClosed(socket)).isEmpty();
        }
    }

    @Test
    void aLoweredProtoMaxBulkLenIsEnforced() {
        assertClosedAfter(limitedServer, "*1\r\n$1048577\r\n", "-ERR Protocol error: invalid bulk length\r\n");
        assertOpenAfter(limitedServer, "*1\r\n$1048576\r\n", "");
        try (RawClient client = new RawClient(limitedServer.port())) {
            byte[] value = new byte[1024 * 1024];
            assertThat(client.callBytes(bytes("SET"), bytes("big"), value)).isEqualTo(bytes("+OK\r\n"));
            assertThat(client.callBytes(bytes("DEL"), bytes("big"))).isEqualTo(bytes(":1\r\n"));
        }
    }

    @Test
    void aClientOverTheQueryBufferLimitIsDroppedWithoutAReply() throws IOException {
        try (Socket socket = connect(smallQueryBufferServer)) {
            try {
                socket.getOutputStream().write(bytes("*2\r\n$4\r\nECHO\r\n$2000000\r\n"));
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 32; i++) {
                    socket.getOutputStream().write(chunk);
                }
            } catch (IOException reset) {
                // the server may close while we still write
            }
            assertThat(readUntilClosed(socket)).isEmpty();
        }
    }

    @Test
    void unauthenticatedClientsHaveSmallerLimits() {
        assertClosedAfter(passwordServer, "*11\r\n", "-ERR Protocol error: unauthenticated multibulk length\r\n");
        assertClosedAfter(passwordServer, "*1\r\n$16385\r\n", "-ERR Protocol error: unauthenticated bulk length\r\n");
        assertClosedAfter(passwordServer, "*2\r\n$4\r\nAUTH\r\n$5\r\nwrong\r\n*11\r\n",
                "-WRONGPASS invalid username-password pair or user is disabled.\r\n"
                        + "-ERR Protocol error: unauthenticated multibulk length\r\n");
        assertOpenAfter(passwordServer, "*10\r\n", "");
        assertOpenAfter(passwordServer, "*1\r\n$16384\r\n", "");
        assertOpenAfter(passwordServer, "PING\r\n", "-NOAUTH Authentication required.\r\n");
        assertOpenAfter(passwordServer, "*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\n*11\r\n", "+OK\r\n");
        assertOpenAfter(passwordServer, "*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\n*1\r\n$16385\r\n", "+OK\r\n");
    }

    @Test
    void aThousandPipelinedCommandsInOneWriteAreAllAnswered() {
        StringBuilder pipeline = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            pipeline.append("*3\r\n$3\r\nSET\r\n$").append(("pipe:" + i).length()).append("\r\npipe:").append(i)
                    .append("\r\n$").append(Integer.toString(i).length()).append("\r\n").append(i).append("\r\n");
            expected.append("+OK\r\n");
        }
        for (int i = 0; i < 1000; i++) {
            pipeline.append("GET pipe:").append(i).append("\r\n");
            expected.append('$').append(Integer.toString(i).length()).append("\r\n").append(i).append("\r\n");
        }
        pipeline.append("QUIT\r\n");
        expected.append("+OK\r\n");
        assertThat(exchange(server, bytes(pipeline.toString()), true)).isEqualTo(expected.toString());
    }

    @Test
    void pipelinesOfEverySizeAreAnsweredWhereverTheReadsSplitThem() {
        String ping = "*1\r\n$4\r\nPING\r\n";
        for (int count : new int[] {16, 146, 147, 200, 1000, 5000}) {
            assertThat(exchange(server, bytes(ping.repeat(count) + "QUIT\r\n"), true)).as("%d pipelined", count)
                    .isEqualTo("+PONG\r\n".repeat(count) + "+OK\r\n");
        }
    }

    @Test
    void randomJunkNeverKillsTheServer() throws IOException {
        Random random = new Random(20261125);
        String[] tokens = {"*", "$", "\r\n", "\r", "\n", "-", "0", "1", "9", "16384", "3000000000", "\"", "'", " ", "\\x", "\0"};
        for (int round = 0; round < 300; round++) {
            ByteArrayOutputStream junk = new ByteArrayOutputStream();
            int parts = 1 + random.nextInt(40);
            for (int i = 0; i < parts; i++) {
                if (random.nextBoolean()) {
                    junk.writeBytes(bytes(tokens[random.nextInt(tokens.length)]));
                } else {
                    byte[] noise = new byte[1 + random.nextInt(64)];
                    random.nextBytes(noise);
                    junk.writeBytes(noise);
                }
            }
            try (Socket socket = connect(random.nextBoolean() ? server : passwordServer)) {
                socket.getOutputStream().write(junk.toByteArray());
                socket.shutdownOutput();
                readUntilClosed(socket);
            }
        }
        assertThat(observer.call("DBSIZE")).isEqualTo(":1\r\n");
    }

    /** The input gets exactly this reply, then the server closes the connection. */
    private void assertClosedAfter(EmbeddedRedisServer target, String input, String expected) {
        assertThat(exchange(target, bytes(input), true)).as(printable(input)).isEqualTo(expected);
    }

    /** The input gets exactly this reply (possibly none) and the connection stays open. */
    private void assertOpenAfter(EmbeddedRedisServer target, String input, String expected) {
        assertThat(exchange(target, bytes(input), false)).as(printable(input)).isEqualTo(expected);
    }

    private String exchange(EmbeddedRedisServer target, byte[] input, boolean expectClose) {
        try (Socket socket = connect(target)) {
            socket.getOutputStream().write(input);
            if (expectClose) {
                return new String(readUntilClosed(socket), StandardCharsets.ISO_8859_1);
            }
            Received received = readUntilClosedOrQuiet(socket);
            assertThat(received.closed()).as("connection closed by the server").isFalse();
            return new String(received.bytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Socket connect(EmbeddedRedisServer target) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", target.port()), 2000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** Everything the server sends until it closes; fails if it does not close within 10 s. */
    private static byte[] readUntilClosed(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = in.read(chunk)) != -1; ) {
                out.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("The server did not close the connection; received: "
                    + printable(out.toString(StandardCharsets.ISO_8859_1)));
        } catch (IOException reset) {
            // a reset after the reply is a close too
        }
        return out.toByteArray();
    }

    private record Received(byte[] bytes, boolean closed) {
    }

    /** What the server sends until it closes or stays quiet for a moment. */
    private static Received readUntilClosedOrQuiet(Socket socket) throws IOException {
        socket.setSoTimeout(250);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = in.read(chunk)) != -1; ) {
                out.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException quiet) {
            return new Received(out.toByteArray(), false);
        } catch (IOException reset) {
            return new Received(out.toByteArray(), true);
        }
        return new Received(out.toByteArray(), true);
    }

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String printable(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return shown.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
    }
}
