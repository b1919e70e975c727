package dev.redisinside.engine.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal blocking client for tests: sends commands as RESP multibulk (or raw bytes) and returns
 * each reply's exact bytes, so tests can compare the wire format byte for byte.
 */
public final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawClient(String host, int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 2000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RawClient(int port) {
        this("127.0.0.1", port);
    }

    /** Whether something answers on the port. */
    public static boolean isListening(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends the command and returns its reply as text (bytes mapped 1:1 to chars, Latin-1). */
    public String call(String... args) {
        send(args);
        return readReplyString();
    }

    /** Sends the command (arguments as UTF-8) and returns the raw reply bytes. */
    public byte[] callBytes(byte[]... args) {
        sendBytes(args);
        return readReply();
    }

    public void send(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        sendBytes(bytes);
    }

    public void sendBytes(byte[]... args) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] arg : args) {
            frame.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            frame.writeBytes(arg);
            frame.writeBytes(new byte[] {'\r', '\n'});
        }
        writeRaw(frame.toByteArray());
    }

    public void writeRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeRaw(String text) {
        writeRaw(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public String readReplyString() {
        return new String(readReply(), StandardCharsets.ISO_8859_1);
    }

    /** Reads one complete reply (RESP2 or RESP3) and returns its bytes. */
    public byte[] readReply() {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        try {
            readInto(reply);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reply.toByteArray();
    }

    /** Whether the server closed the connection (reads until EOF or timeout). */
    public boolean isClosedByServer() {
        try {
            socket.setSoTimeout(3000);
            return in.read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    public void setTimeout(int millis) {
        try {
            socket.setSoTimeout(millis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readInto(ByteArrayOutputStream reply) throws IOException {
        String line = readLine(reply);
        char type = line.charAt(0);
        String rest = line.substring(1);
        switch (type) {
            case '+', '-', ':', '_', ',', '#', '(' -> { }
            case '$', '=', '!' -> {
                int n = Integer.parseInt(rest);
                if (n >= 0) {
                    byte[] data = in.readNBytes(n + 2);
                    if (data.length < n + 2) {
                        throw new IOException("Connection closed in the middle of a reply");
                    }
                    reply.writeBytes(data);
                }
            }
            case '*', '~', '>' -> {
                int n = Integer.parseInt(rest);
                for (int i = 0; i < n; i++) {
                    readInto(reply);
                }
            }
            case '%', '|' -> {
                int n = Integer.parseInt(rest);
                for (int i = 0; i < 2 * n; i++) {
                    readInto(reply);
                }
            }
            default -> throw new IOException("Unexpected reply type: " + line);
        }
    }

    private String readLine(ByteArrayOutputStream reply) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("Connection closed by the server");
            }
            reply.write(b);
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test connection
        }
    }
}
