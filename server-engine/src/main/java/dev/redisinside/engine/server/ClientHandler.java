package dev.redisinside.engine.server;

import dev.redisinside.engine.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The connection's Netty handler: accumulates bytes, decodes and executes every complete command in
 * the batch, and flushes the replies once when the batch is done (one flush per read, not per command,
 * is what makes pipelining fast).
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClientHandler.class);

    private final RedisEngine engine;
    private Client client;
    private ByteBuf buffer;

    ClientHandler(RedisEngine engine) {
        this.engine = engine;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client = engine.register(ctx.channel());
        client.onResume(this::process);
        if (engine.clients().size() > engine.config().maxclients) {
            engine.stats.rejectedConnections++;
            client.out().error("ERR max number of clients reached");
            client.closeAfterReply = true;
            client.flush();
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        engine.stats.netInputBytes += in.readableBytes();
        if (buffer == null) {
            buffer = in;
        } else {
            append(ctx, in);
        }
        if (buffer.readableBytes() > engine.config().clientQueryBufferLimit) {
            // Like Redis: the client is dropped without a reply.
            log.warn("Closing client that reached max query buffer length: {}", client.address());
            buffer.release();
            buffer = null;
            ctx.close();
            return;
        }
        process();
    }

    /**
     * Adds a read to the unparsed rest of earlier ones. The buffer grows by doubling, so a large value
     * arriving in many reads is copied a bounded number of times, and only as its bytes arrive.
     */
    private void append(ChannelHandlerContext ctx, ByteBuf in) {
        int needed = in.readableBytes();
        if (buffer.writableBytes() < needed) {
            long size = (long) buffer.readableBytes() + needed;
            if (size > Integer.MAX_VALUE - 8) {
                in.release();
                throw new IllegalStateException("Query buffer over 2 GB");
            }
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(size, 2L * buffer.readableBytes()));
            ByteBuf grown = ctx.alloc().buffer(capacity);
            grown.writeBytes(buffer);
            buffer.release();
            buffer = grown;
        }
        buffer.writeBytes(in);
        in.release();
    }

    /** Executes the complete commands in the buffer; stops while the client is blocked or closing. */
    void process() {
        ByteBuf buf = buffer;
        if (buf == null) {
            return;
        }
        client.decoder().setMaxBulkLength(engine.config().protoMaxBulkLen);
        try {
            while (buf.isReadable() && !client.blocked && !client.closeAfterReply) {
                byte[][] argv = client.decoder().decode(buf, client.authenticated);
                if (argv == null) {
                    break;
                }
                if (argv.length == 0) {
                    continue;
                }
                engine.dispatcher().execute(client, argv);
            }
        } catch (ProtocolException e) {
            engine.countError(e.getMessage());
            client.out().error(e.getMessage());
            client.closeAfterReply = true;
        }
        if (!buf.isReadable()) {
            buf.release();
            buffer = null;
        } else if (buf.readerIndex() > 0 && buf.readerIndex() > buf.capacity() / 2) {
            buf.discardReadBytes();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        client.flush();
        engine.flushPending();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
        if (client != null) {
            engine.unregister(client);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            log.warn("Closing connection after an unexpected error", cause);
        }
        ctx.close();
    }
}
