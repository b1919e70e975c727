package dev.redisinside.engine.server;

import dev.redisinside.engine.protocol.RespValues;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The network side: one Netty event loop that accepts, reads, executes and writes. A single thread is
 * Redis's execution model; it needs no locks and measured as fast as Redis on redis-benchmark.
 * Uses epoll when netty-transport-native-epoll is on the class path, NIO otherwise.
 */
public final class NettyServer {

    private final RedisEngine engine;
    private final String host;
    private final int requestedPort;
    private EventLoopGroup group;
    /** The loop's threads: Netty's termination future completes just before they exit, so stop joins them. */
    private final java.util.List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Channel serverChannel;
    /** Kept to open a listener on another port for CONFIG SET port. */
    private ServerBootstrap bootstrap;
    /** The TLS listener on tls-port, when one is configured. */
    private Channel tlsChannel;
    private int tlsPort;
    private final TlsSetup tls;
    private ChannelGroup channels;
    private io.netty.util.concurrent.ScheduledFuture<?> cron;
    private int port;

    public NettyServer(RedisEngine engine, String host, int port) {
        this(engine, host, port, null);
    }

    /** INFO's multiplexing_api: {@code epoll} as Redis on Linux says, when the native transport is in use. */
    public static String multiplexingApi() {
        return Transport.epollAvailable() ? "epoll" : "java-nio";
    }

    /** With {@code tls} non-null and a positive tls-port, connections there speak TLS. */
    public NettyServer(RedisEngine engine, String host, int port, TlsSetup tls) {
        this.tls = tls;
        this.engine = engine;
        this.host = host;
        this.requestedPort = port;
    }

    public RedisEngine engine() {
        return engine;
    }

    public int port() {
        return port;
    }

    /** The bound TLS port, or 0 without TLS. */
    public int tlsPort() {
        return tlsPort;
    }

    /** Binds synchronously; on failure every thread is released before the exception propagates. */
    public void start() {
        boolean epoll = Transport.epollAvailable();
        IoHandlerFactory ioFactory = epoll ? Transport.epollFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? Transport.epollServerChannel() : NioServerSocketChannel.class;
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("redis-inside-" + requestedPort, true) {
            @Override
            protected Thread newThread(Runnable r, String name) {
                Thread thread = super.newThread(r, name);
                threads.add(thread);
                return thread;
            }
        }, ioFactory);
        channels = new DefaultChannelGroup(group.next());
        engine.attach(group.next());
        try {
            bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 511)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            channels.add(ch);
                            ch.pipeline().addLast(new ClientHandler(engine));
                        }
                    });
            serverChannel = bootstrap.bind(new InetSocketAddress(host, requestedPort)).syncUninterruptibly().channel();
            port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
            engine.config().port = port;
            int requestedTlsPort = Integer.parseInt(engine.config().parameter("tls-port").getter().get());
            if (tls != null && (requestedTlsPort > 0 || tls.inProcess())) {
                io.netty.handler.ssl.SslContext context = tls.build(engine.config());
                ServerBootstrap tlsBootstrap = bootstrap.clone().childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        ch.pipeline().addLast(context.newHandler(ch.alloc()));
                        ch.pipeline().addLast(new ClientHandler(engine));
                    }
                });
                tlsChannel = tlsBootstrap.bind(new InetSocketAddress(host, requestedTlsPort)).syncUninterruptibly().channel();
                tlsPort = ((InetSocketAddress) tlsChannel.localAddress()).getPort();
                // CONFIG GET tls-port tells the port in use when a free one was picked
                engine.config().parameter("tls-port").setter().accept(Integer.toString(tlsPort));
            }
            engine.onShutdown(this::closeFromEngine);
            engine.onListenPortChange(this::changeListenPort);
            long period = Math.max(1, 1000 / Math.max(1, engine.config().hz));
            cron = group.next().scheduleAtFixedRate(engine::cron, period, period, TimeUnit.MILLISECONDS);
        } catch (Exception e) {   // Netty rethrows the checked BindException undeclared
            if (serverChannel != null) {
                serverChannel.close().syncUninterruptibly();
            }
            if (tlsChannel != null) {
                tlsChannel.close().syncUninterruptibly();
            }
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
            joinThreads();
            Throwable cause = e;
            if (!(e instanceof java.net.BindException) && String.valueOf(e.getMessage()).contains("Address already in use")) {
                // the epoll transport reports a port in use as its own IOException; callers look for BindException
                cause = new java.net.BindException(e.getMessage());
                cause.initCause(e);
            }
            throw new IllegalStateException("Cannot listen on " + host + ":" + requestedPort + ": " + e.getMessage(), cause);
        }
    }

    /**
     * CONFIG SET port, on the engine thread (Redis's changeListenPort): the new listener is bound before
     * the old one closes, so a port that cannot be bound leaves everything as it was; connections stay.
     * Port 0 stops listening, as in Redis. Registering and binding from the loop itself complete at once.
     */
    private boolean changeListenPort(int newPort) {
        Channel listener = null;
        if (newPort != 0) {
            ChannelFuture registered = bootstrap.register();
            ChannelFuture bound = registered.isSuccess()
                    ? registered.channel().bind(new InetSocketAddress(host, newPort)) : registered;
            if (!bound.isSuccess()) {
                registered.channel().close();
                return false;
            }
            listener = bound.channel();
        }
        if (serverChannel != null) {
            serverChannel.close();
        }
        serverChannel = listener;
        port = newPort;
        return true;
    }

    /**
     * SHUTDOWN: closes the port and every connection and lets the event loop wind down, without waiting
     * (this runs on the loop itself). The JVM and the application around the server keep running.
     */
    private void closeFromEngine() {
        if (cron != null) {
            cron.cancel(false);
        }
        engine.flushPending();
        if (serverChannel != null) {
            serverChannel.close();
        }
        if (tlsChannel != null) {
            tlsChannel.close();
        }
        channels.close();
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        if (group != null && group.isShuttingDown()) {
            group.terminationFuture().syncUninterruptibly();
            joinThreads();
            return;
        }
        if (cron != null) {
            cron.cancel(false);
        }
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (tlsChannel != null) {
            tlsChannel.close().syncUninterruptibly();
        }
        if (channels != null) {
            channels.close().syncUninterruptibly();
        }
        if (group != null) {
            Future<?> terminated = group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            terminated.syncUninterruptibly();
            joinThreads();
        }
    }

    private void joinThreads() {
        for (Thread thread : threads) {
            if (thread == Thread.currentThread()) {
                continue;
            }
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** False once stopped, including by a client's SHUTDOWN. */
    public boolean isRunning() {
        return group != null && !group.isShuttingDown();
    }

    /** Runs the task on the engine thread and waits for its result. */
    public <T> T onEngine(Callable<T> task) {
        if (group == null) {
            throw new IllegalStateException("The server is not running");
        }
        if (engine.loop().inEventLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return engine.loop().submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the engine", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Runs a command through the dispatcher as an in-process RESP3 client; returns the parsed reply. */
    public Object execute(int database, String... command) {
        return onEngine(() -> {
            Client client = engine.internalClient();
            client.protocol(3);
            client.db = database;
            byte[][] argv = new byte[command.length][];
            for (int i = 0; i < command.length; i++) {
                argv[i] = command[i].getBytes(StandardCharsets.UTF_8);
            }
            engine.dispatcher().execute(client, argv);
            ByteBuf out = client.out().target();
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            out.release();
            return RespValues.parseAll(bytes).get(0);
        });
    }
}
