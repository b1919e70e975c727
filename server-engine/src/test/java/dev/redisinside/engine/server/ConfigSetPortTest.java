package dev.redisinside.engine.server;

import dev.redisinside.engine.support.EngineTest;
import dev.redisinside.engine.support.RawClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CONFIG SET port moves the listener at runtime as Redis 7.0 does; a port that cannot be bound fails
 * the whole CONFIG SET with Redis's text and rolls every value back (introspection.tcl "CONFIG SET
 * rollback on apply error").
 */
class ConfigSetPortTest extends EngineTest {

    @Test
    void theListenerMovesAndConnectionsStay() throws IOException {
        int oldPort = server.port();
        int newPort = freePort();
        assertReply("CONFIG SET port " + oldPort, "+OK\r\n");
        assertReply("CONFIG SET port " + newPort, "+OK\r\n");
        assertThat(server.port()).isEqualTo(newPort);
        assertReply("CONFIG GET port", "*2\r\n$4\r\nport\r\n$" + Integer.toString(newPort).length() + "\r\n" + newPort + "\r\n");
        try (RawClient moved = new RawClient(newPort)) {
            assertThat(moved.call("PING")).isEqualTo("+PONG\r\n");
        }
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), oldPort).close()).isInstanceOf(IOException.class);
    }

    @Test
    void aPortInUseFailsAndRollsEveryValueBack() throws IOException {
        int port = server.port();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertReply("CONFIG SET maxmemory 10000001 port " + taken.getLocalPort() + " client-query-buffer-limit 10m",
                    "-ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port."
                            + " Check server logs.\r\n");
        }
        assertReply("CONFIG GET maxmemory", "*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n");
        assertReply("CONFIG GET client-query-buffer-limit", "*2\r\n$25\r\nclient-query-buffer-limit\r\n$10\r\n1073741824\r\n");
        assertThat(server.port()).isEqualTo(port);
        try (RawClient again = new RawClient(port)) {
            assertThat(again.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
