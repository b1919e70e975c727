package dev.redisinside.engine.server;

import dev.redisinside.engine.acl.AclUser;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.protocol.RequestDecoder;
import dev.redisinside.engine.protocol.RespWriter;
import dev.redisinside.engine.pubsub.Tracking;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One client connection's state: selected database, protocol version, name, authentication, MULTI
 * queue and reply buffer. Touched only on the engine thread.
 */
public final class Client {

    private final long id;
    private final Channel channel;
    private final RedisEngine engine;
    private final RespWriter writer = new RespWriter();
    private final RequestDecoder decoder = new RequestDecoder();
    private final Context context;
    private final long createdAt;

    private ByteBuf pending;
    private boolean flushScheduled;
    private Runnable resumeInput = () -> { };

    public int db;
    public String name = "";
    public String libName = "";
    public String libVersion = "";
    /** The ACL user the connection is authenticated as (the default user until AUTH). */
    public AclUser user;
    public boolean authenticated;
    public long lastInteraction;
    public String lastCommand = "NULL";

    /** MULTI state: null when not in a transaction. */
    public List<byte[][]> multiQueue;
    /** Set when a command was rejected while queueing: EXEC then aborts. */
    public boolean multiError;
    /** Set when a command closes the connection after its reply (QUIT, protocol errors, CLIENT KILL). */
    public boolean closeAfterReply;
    /** Set while a blocking command waits; the decoder stops until it is served. */
    public boolean blocked;
    /** The blocking command this client waits in, its arguments and the first call's time (for its stats). */
    public dev.redisinside.engine.command.Command blockedCommand;
    public byte[][] blockedArgv;
    public long blockedCallMicros;
    /** CLIENT REPLY: ON, OFF or SKIP (skip the next reply only). */
    public ReplyMode replyMode = ReplyMode.ON;
    /** CLIENT NO-EVICT / NO-TOUCH flags. */
    public boolean noEvict;
    public boolean noTouch;
    /** Number of channel + pattern + shard subscriptions; in RESP2 a subscribed client is restricted. */
    public int subscriptions;
    /** When (unix seconds) the output first stayed over the soft output buffer limit, 0 when under it. */
    public long outputSoftLimitSince;
    /** Set by MONITOR: the client receives every executed command. */
    public boolean monitor;
    /** Client-side caching mode (CLIENT TRACKING), null while tracking is off. */
    public Tracking.ClientState tracking;

    /** Offsets [start, end) in the pending output of push messages written while replies are off or skipped. */
    private int[] keptPushes;
    private int keptCount;

    /** SKIP_DONE: the command after CLIENT REPLY SKIP, whose reply is dropped. */
    public enum ReplyMode { ON, OFF, SKIP, SKIP_DONE }

    Client(long id, Channel channel, RedisEngine engine) {
        this.id = id;
        this.channel = channel;
        this.engine = engine;
        this.context = new Context(engine, this);
        this.createdAt = engine.clock().millis();
        this.lastInteraction = createdAt;
        this.user = engine.acl().defaultUser();
        this.authenticated = engine.acl().defaultAuthenticated();
        this.decoder.setMaxBulkLength(engine.config().protoMaxBulkLen);
    }

    public long id() {
        return id;
    }

    public Channel channel() {
        return channel;
    }

    public RedisEngine engine() {
        return engine;
    }

    public Context context() {
        return context;
    }

    public RequestDecoder decoder() {
        return decoder;
    }

    public long createdAt() {
        return createdAt;
    }

    public int protocol() {
        return writer.protocol();
    }

    public void protocol(int version) {
        writer.protocol(version);
    }

    public boolean inMulti() {
        return multiQueue != null;
    }

    /** The reply writer, aimed at this connection's pending output. */
    public RespWriter out() {
        if (pending == null) {
            pending = channel == null ? io.netty.buffer.Unpooled.buffer() : channel.alloc().ioBuffer(256);
            writer.target(pending);
        }
        return writer;
    }

    /**
     * Replies produced outside this client's own read (a published message, a served blocked command):
     * the writer, with a flush scheduled after the current engine task.
     */
    public RespWriter asyncOut() {
        RespWriter w = out();
        if (!flushScheduled) {
            flushScheduled = true;
            engine.scheduleFlush(this);
        }
        return w;
    }

    /** Sends what is pending. */
    public void flush() {
        flushScheduled = false;
        keptCount = 0;
        ByteBuf buf = pending;
        if (buf == null) {
            return;
        }
        pending = null;
        writer.target(null);
        if (channel == null || !channel.isActive() || !buf.isReadable()) {
            buf.release();
            if (closeAfterReply && channel != null) {
                channel.close();
            }
        } else if (closeAfterReply) {
            // Close once the replies are on the wire: closing now would drop what the socket has not taken yet.
            channel.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.writeAndFlush(buf, channel.voidPromise());
        }
    }

    /**
     * Where a push message (pub/sub, tracking) to this client starts, when replies are off or skipped: such
     * messages get through as Redis's CLIENT_PUSHING lets them; -1 otherwise. Pair with {@link #pushed(int)}.
     */
    public int pushStart() {
        return replyMode == ReplyMode.ON ? -1 : out().target().writerIndex();
    }

    /** Ends a push message started at {@code start} ({@link #pushStart()}): it survives {@link #dropReply(int)}. */
    public void pushed(int start) {
        if (start < 0) {
            return;
        }
        if (keptPushes == null || keptCount + 2 > keptPushes.length) {
            keptPushes = java.util.Arrays.copyOf(keptPushes == null ? new int[4] : keptPushes, keptCount * 2 + 4);
        }
        keptPushes[keptCount++] = start;
        keptPushes[keptCount++] = pending.writerIndex();
    }

    /** Drops the output written since {@code mark} (CLIENT REPLY OFF/SKIP), keeping the push messages in it. */
    public void dropReply(int mark) {
        ByteBuf buf = out().target();
        int to = mark;
        for (int i = 0; i < keptCount; i += 2) {
            int from = keptPushes[i];
            if (from >= mark) {
                byte[] message = new byte[keptPushes[i + 1] - from];
                buf.getBytes(from, message);
                buf.setBytes(to, message);
                to += message.length;
            }
        }
        keptCount = 0;
        buf.writerIndex(to);
    }

    /** Drops pending output (on close). */
    void discardOutput() {
        keptCount = 0;
        if (pending != null) {
            pending.release();
            pending = null;
            writer.target(null);
        }
    }

    /** Bytes waiting to be flushed, for CLIENT LIST's omem and output buffer limits. */
    public int pendingBytes() {
        return pending == null ? 0 : pending.readableBytes();
    }

    public String address() {
        return format(channel == null ? null : channel.remoteAddress());
    }

    public String localAddress() {
        return format(channel == null ? null : channel.localAddress());
    }

    private static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress().getHostAddress();
            int zone = host.indexOf('%');
            if (zone >= 0) {
                host = host.substring(0, zone);
            }
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return "";
    }

    void onResume(Runnable resumeInput) {
        this.resumeInput = resumeInput;
    }

    /**
     * Ends a block: replies were written by whoever served it. Pipelined commands behind it run in a
     * later task (Redis's processUnblockedClients), never inside the command that served it.
     */
    public void unblock() {
        blocked = false;
        blockedCommand = null;
        blockedArgv = null;
        asyncOut();
        if (channel == null) {
            resumeInput.run();
            return;
        }
        channel.eventLoop().execute(() -> {
            if (!blocked && channel.isActive()) {
                resumeInput.run();
                if (pendingBytes() > 0) {
                    asyncOut();
                }
            }
        });
    }

    public void close() {
        if (channel != null) {
            channel.close();
        }
    }

    /** False once the connection was closed (a killed client stays registered until Netty reports it). */
    public boolean isOpen() {
        return channel == null || channel.isOpen();
    }

    /** Ends MULTI, dropping the queue. */
    public void discardMulti() {
        multiQueue = null;
        multiError = false;
    }

    public void startMulti() {
        multiQueue = new ArrayList<>();
        multiError = false;
    }
}
