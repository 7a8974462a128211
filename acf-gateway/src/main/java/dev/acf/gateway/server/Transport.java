package dev.acf.gateway.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty transport in use: native epoll when it is on the class path and loads (Linux),
 * NIO otherwise. Epoll is looked up by name because its classes are a runtime-only
 * dependency, so the gateway also runs where the native library is absent.
 */
record Transport(String name, IoHandlerFactory handlers, Class<? extends ServerChannel> serverChannel,
        Class<? extends SocketChannel> socketChannel) {
    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);

    static Transport best() {
        try {
            Class<?> epoll = Class.forName("io.netty.channel.epoll.Epoll");
            if ((Boolean) epoll.getMethod("isAvailable").invoke(null)) {
                IoHandlerFactory factory = (IoHandlerFactory) Class.forName("io.netty.channel.epoll.EpollIoHandler")
                        .getMethod("newFactory").invoke(null);
                return new Transport("epoll", factory,
                        Class.forName("io.netty.channel.epoll.EpollServerSocketChannel").asSubclass(ServerChannel.class),
                        Class.forName("io.netty.channel.epoll.EpollSocketChannel").asSubclass(SocketChannel.class));
            }
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            LOG.debug("native epoll transport not usable, using NIO: {}", e.toString());
        }
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
    }

    EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, handlers);
    }
}
