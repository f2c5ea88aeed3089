package io.haven.daemon.server;

import io.haven.daemon.HavendConfig;
import io.haven.daemon.service.LocalNode;
import io.haven.daemon.service.Services;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.netty.FrameDecoder;
import io.haven.protocol.netty.FrameEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client-facing server of one node: binds the listen address, runs one pipeline per connection and, on close,
 * stops accepting, closes every connection, stops the event loops and then closes the services.
 *
 * <pre>
 *   socket -> [connection limit] -> [idle: session ttl] -> [FrameDecoder] -> [ConnectionHandler]
 *   socket <- [FrameEncoder] <------------------------------------------------ answers (byte[])
 * </pre>
 *
 * Thread-safe: {@link #start} and {@link #close} may be called from any thread; close is idempotent.
 */
public final class HavenServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HavenServer.class);

    private final HavendConfig config;
    private final Services services;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup channels = new DefaultChannelGroup("haven-clients", GlobalEventExecutor.INSTANCE);
    private final AtomicInteger open = new AtomicInteger();
    private final Channel serverChannel;
    private final InetSocketAddress address;
    private final Object closeLock = new Object();
    /** Guarded by {@link #closeLock}. */
    private boolean closed;

    private HavenServer(HavendConfig config, LocalNode node, Services services)
            throws IOException, InterruptedException {
        this.config = config;
        this.services = services;
        this.boss = new NioEventLoopGroup(1, new DefaultThreadFactory("haven-accept"));
        this.workers = new NioEventLoopGroup(config.eventLoopThreads(), new DefaultThreadFactory("haven-io"));
        Dispatcher dispatcher = new Dispatcher(node, services, config.heartbeatMs(), config.sessionTtlMs());
        FrameEncoder encoder = new FrameEncoder();
        ConnectionLimit limit = new ConnectionLimit();
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(
                            ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast("limit", limit)
                                    .addLast(
                                            "idle",
                                            new IdleStateHandler(config.sessionTtlMs(), 0, 0, TimeUnit.MILLISECONDS))
                                    .addLast("frame-encoder", encoder)
                                    .addLast(
                                            "frame-decoder",
                                            new FrameDecoder(config.maxFrame(), config.frameTimeoutMs()))
                                    .addLast(
                                            "connection",
                                            new ConnectionHandler(
                                                    dispatcher, config.maxPending(), config.sessionTtlMs()));
                        }
                    });
            this.serverChannel =
                    bootstrap.bind(config.listen().socketAddress()).sync().channel();
        } catch (Exception e) {
            // Netty rethrows a bind failure (a checked BindException) without declaring it, so catch everything.
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            if (e instanceof IOException io) {
                throw new IOException("cannot listen on " + config.listen() + ": " + io.getMessage(), io);
            }
            throw e;
        }
        this.address = (InetSocketAddress) serverChannel.localAddress();
        node.address(HavendConfig.HostPort.of(address).toString());
    }

    /**
     * Binds and starts serving. The services become the server's: {@link #close()} closes them.
     *
     * @throws IOException when the listen address cannot be bound (in use, not local)
     * @throws InterruptedException if interrupted while binding
     */
    public static HavenServer start(HavendConfig config, LocalNode node, Services services)
            throws IOException, InterruptedException {
        return new HavenServer(config, node, services);
    }

    /** The address actually bound (the port is the real one when the config asked for port 0). */
    public InetSocketAddress address() {
        return address;
    }

    /** The protocol versions CONNECT accepts. */
    public static List<String> protocolVersions() {
        return Dispatcher.VERSIONS;
    }

    /** Open client connections right now. */
    public int connections() {
        return open.get();
    }

    /**
     * Stops accepting, closes every connection, waits up to the shutdown grace for the event loops to stop, then
     * closes the services. Idempotent.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long grace = config.shutdownGraceMs();
        serverChannel.close().awaitUninterruptibly(grace);
        channels.close().awaitUninterruptibly(grace);
        var bossDone = boss.shutdownGracefully(0, grace, TimeUnit.MILLISECONDS);
        var workersDone = workers.shutdownGracefully(0, grace, TimeUnit.MILLISECONDS);
        bossDone.awaitUninterruptibly(grace + 1_000);
        workersDone.awaitUninterruptibly(grace + 1_000);
        services.close();
        LOG.debug("server on {} closed", address);
    }

    /** Counts connections, refuses those over the limit with LIMIT, and tracks them for shutdown. */
    @ChannelHandler.Sharable
    private final class ConnectionLimit extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            channels.add(ctx.channel());
            int now = open.incrementAndGet();
            if (now > config.maxConnections()) {
                LOG.warn(
                        "refusing {}: {} connections open (limit {})",
                        ctx.channel().remoteAddress(),
                        now - 1,
                        config.maxConnections());
                ctx.channel().config().setAutoRead(false);
                ctx.channel()
                        .writeAndFlush(Wire.failure(
                                Envelope.NO_REQID,
                                Optional.empty(),
                                new HavenException(
                                        HavenError.of(
                                                ErrorCode.LIMIT,
                                                "too many connections to this node (limit " + config.maxConnections()
                                                        + ")"),
                                        429)))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            open.decrementAndGet();
            super.channelInactive(ctx);
        }
    }
}
