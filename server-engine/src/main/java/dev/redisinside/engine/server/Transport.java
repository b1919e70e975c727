package dev.redisinside.engine.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;

/** Picks the epoll transport when its native library is on the class path and loads; NIO otherwise. */
final class Transport {

    private static final boolean EPOLL = detectEpoll();

    private Transport() {
    }

    static boolean epollAvailable() {
        return EPOLL && !Boolean.getBoolean("redisinside.nio");
    }

    static IoHandlerFactory epollFactory() {
        return io.netty.channel.epoll.EpollIoHandler.newFactory();
    }

    static Class<? extends ServerChannel> epollServerChannel() {
        return io.netty.channel.epoll.EpollServerSocketChannel.class;
    }

    private static boolean detectEpoll() {
        try {
            Class.forName("io.netty.channel.epoll.Epoll");
            return io.netty.channel.epoll.Epoll.isAvailable();
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
