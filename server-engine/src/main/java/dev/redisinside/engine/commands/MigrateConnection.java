package dev.redisinside.engine.commands;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * MIGRATE's blocking exchange with the target instance (Redis's syncio.c): every connect, write and line
 * read waits at most the command's timeout, so a silent target (this very server included) cannot hang
 * the engine thread for good.
 */
final class MigrateConnection implements AutoCloseable {

    /** Where a transfer failed, as MIGRATE reports it; a timeout is never retried. */
    static final class Failure extends Exception {
        final String doing;
        final boolean timedOut;

        Failure(String doing, boolean timedOut) {
            super(doing, null, false, false);
            this.doing = doing;
            this.timedOut = timedOut;
        }
    }

    /** Redis's syncReadLine buffer: longer reply lines are cut, as there. */
    private static final int MAX_LINE = 1024;

    private final SocketChannel channel;
    private final Selector selector;
    private final long timeoutMillis;
    private final ByteBuffer in = ByteBuffer.allocate(MAX_LINE).flip();

    private MigrateConnection(SocketChannel channel, Selector selector, long timeoutMillis) {
        this.channel = channel;
        this.selector = selector;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Connects within the timeout. A refused connection surfaces at the first write, as with Redis's
     * non-blocking connect; an unknown host or a connect that does not finish in time fails here.
     */
    static MigrateConnection open(String host, int port, long timeoutMillis) throws Failure {
        if (port < 0 || port > 65535) {
            throw new Failure("connecting", false);
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new Failure("connecting", false);
        }
        SocketChannel channel = null;
        Selector selector = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.socket().setTcpNoDelay(true);
            selector = Selector.open();
            MigrateConnection connection = new MigrateConnection(channel, selector, timeoutMillis);
            if (!channel.connect(address)) {
                channel.register(selector, SelectionKey.OP_CONNECT);
                if (selector.select(timeoutMillis) == 0) {
                    connection.close();
                    throw new Failure("connecting", true);
                }
                selector.selectedKeys().clear();
            }
            return connection;
        } catch (IOException e) {
            // Refused or unreachable: the connect "completed" with an error that the first write reports.
            return new MigrateConnection(channel, selector, timeoutMillis);
        }
    }

    void write(byte[] data) throws Failure {
        try {
            if (channel.isConnectionPending() && !channel.finishConnect()) {
                throw new Failure("writing", false);
            }
            ByteBuffer buffer = ByteBuffer.wrap(data);
            SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
            while (buffer.hasRemaining()) {
                if (channel.write(buffer) == 0) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0 || selector.select(left) == 0) {
                        throw new Failure("writing", true);
                    }
                    selector.selectedKeys().clear();
                }
            }
            key.interestOps(0);
        } catch (IOException | RuntimeException e) {
            throw new Failure("writing", false);
        }
    }

    /** One reply line without its CRLF (the first byte tells an error), as Redis's syncReadLine. */
    String readLine() throws Failure {
        StringBuilder line = new StringBuilder();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        try {
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            while (true) {
                while (in.hasRemaining()) {
                    char c = (char) (in.get() & 0xff);
                    if (c == '\n') {
                        key.interestOps(0);
                        int end = line.length();
                        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                    }
                    if (line.length() < MAX_LINE - 1) {
                        line.append(c);
                    }
                }
                in.clear();
                int read = channel.read(in);
                in.flip();
                if (read < 0) {
                    throw new Failure("reading", false);
                }
                if (read == 0) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0 || selector.select(left) == 0) {
                        throw new Failure("reading", true);
                    }
                    selector.selectedKeys().clear();
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new Failure("reading", false);
        }
    }

    @Override
    public void close() {
        try {
            if (selector != null) {
                selector.close();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // Nothing left to release.
        }
    }
}
