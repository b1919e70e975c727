package dev.redisinside.engine.support;

import dev.redisinside.engine.EmbeddedRedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base for in-process command tests: one server per test class, a fresh connection and empty
 * databases per test. {@code assertReply("SET k v", "+OK\r\n")} compares exact reply bytes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EngineTest {

    protected EmbeddedRedisServer server;
    protected RawClient client;

    @BeforeAll
    void startServer() {
        server = EmbeddedRedisServer.builder().port(0).build().start();
    }

    @AfterAll
    void stopServer() {
        if (server != null) { // null when an extension skipped the class before it started
            server.stop();
        }
    }

    @BeforeEach
    void connect() {
        server.flushAll();
        server.clock().reset();
        client = new RawClient(server.port());
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    /** A new connection to the same server (closed by the test). */
    protected RawClient newClient() {
        return new RawClient(server.port());
    }

    /**
     * Sends an inline-style command (split like redis-cli: quotes and \x escapes allowed) and asserts
     * the exact reply bytes.
     */
    protected void assertReply(String command, String expected) {
        assertThat(call(command)).as(command).isEqualTo(expected);
    }

    /** Sends an inline-style command as multibulk and returns the reply text (Latin-1). */
    protected String call(String command) {
        byte[][] args = dev.redisinside.engine.protocol.RequestDecoder.splitArgs(
                command.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        client.sendBytes(args);
        return client.readReplyString();
    }
}
