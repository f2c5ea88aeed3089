package io.haven.daemon.http;

import io.haven.daemon.HavendConfig;
import io.haven.daemon.metrics.HavenMetrics;
import io.haven.daemon.status.NodeView;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
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
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoint of a node ({@code http} setting): {@code /metrics}, {@code /health}, {@code /ready}, the
 * status page and the JSON API it uses (see {@link HttpHandler} for the paths). It reads the node only through a
 * {@link NodeView} and the metrics only through {@link HavenMetrics#scrape}.
 *
 * <pre>
 *   socket -> [connection limit] -> [idle] -> [HttpServerCodec] -> [HttpObjectAggregator] -> [HttpHandler]
 * </pre>
 *
 * Netty rather than the JDK's {@code com.sun.net.httpserver}: a watch stream is a connection held open for as long
 * as the page is, and on Netty it costs a channel, not a blocked thread. One event loop thread serves everything;
 * the node's answers arrive on its own threads and are handed to that loop. Requests are bounded (line, headers and
 * body sizes below; GET only), and so are connections ({@value #MAX_CONNECTIONS}) and watch streams ({@value
 * #MAX_STREAMS}).
 *
 * <p>Thread-safe: {@link #start} and {@link #close} may be called from any thread; close is idempotent.
 */
public final class HavenHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HavenHttpServer.class);

    /** Open connections at most; one more is closed at once. */
    public static final int MAX_CONNECTIONS = 64;

    /** Open watch streams at most; one more is answered 429. */
    public static final int MAX_STREAMS = 16;

    /** A connection with nothing read or written for this long is closed. Watch streams write keepalives. */
    public static final long IDLE_SECONDS = 60;

    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADERS = 8192;
    private static final int MAX_BODY = 8192;
    private static final long CLOSE_GRACE_MS = 2_000;

    private final EventLoopGroup group;
    private final ChannelGroup channels = new DefaultChannelGroup("haven-http", GlobalEventExecutor.INSTANCE);
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger streams = new AtomicInteger();
    private final Channel serverChannel;
    private final InetSocketAddress address;
    private final Object closeLock = new Object();
    /** Guarded by {@link #closeLock}. */
    private boolean closed;

    private HavenHttpServer(HavendConfig.HostPort bind, NodeView view, HavenMetrics metrics)
            throws IOException, InterruptedException {
        StaticAssets assets = StaticAssets.load();
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("haven-http"));
        ConnectionLimit limit = new ConnectionLimit();
        HttpHandler.StreamSlots slots = new HttpHandler.StreamSlots() {
            @Override
            public boolean acquire() {
                if (streams.incrementAndGet() > MAX_STREAMS) {
                    streams.decrementAndGet();
                    return false;
                }
                return true;
            }

            @Override
            public void release() {
                streams.decrementAndGet();
            }
        };
        InetSocketAddress socket = bind.socketAddress();
        boolean loopbackOnly =
                socket.getAddress() != null && socket.getAddress().isLoopbackAddress();
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 128)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast("limit", limit)
                                    .addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                                    .addLast("codec", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_BODY))
                                    .addLast("aggregate", new HttpObjectAggregator(MAX_BODY))
                                    .addLast("http", new HttpHandler(view, metrics, assets, loopbackOnly, slots));
                        }
                    });
            this.serverChannel = bootstrap.bind(socket).sync().channel();
        } catch (Exception e) {
            // Netty rethrows a bind failure (a checked BindException) without declaring it, so catch everything.
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            if (e instanceof IOException io) {
                throw new IOException("cannot serve HTTP on " + bind + ": " + io.getMessage(), io);
            }
            throw e;
        }
        this.address = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("HTTP on http://{}/ (status page, /metrics, /health, /ready)", HavendConfig.HostPort.of(address));
    }

    /**
     * Starts the endpoint on the config's {@code http} address, or nothing when it is {@code off}.
     *
     * @throws IOException when the address cannot be bound
     * @throws InterruptedException if interrupted while binding
     */
    public static Optional<HavenHttpServer> start(HavendConfig config, NodeView view, HavenMetrics metrics)
            throws IOException, InterruptedException {
        if (config.http().isEmpty()) {
            LOG.info("HTTP endpoint off ({}={})", HavendConfig.HTTP_KEY, HavendConfig.HTTP_OFF);
            return Optional.empty();
        }
        return Optional.of(start(config.http().get(), view, metrics));
    }

    /** Starts the endpoint on {@code address} (port 0: a free port; see {@link #address()}). */
    public static HavenHttpServer start(HavendConfig.HostPort address, NodeView view, HavenMetrics metrics)
            throws IOException, InterruptedException {
        return new HavenHttpServer(
                Objects.requireNonNull(address, "address"),
                Objects.requireNonNull(view, "view"),
                Objects.requireNonNull(metrics, "metrics"));
    }

    /** The address actually bound. */
    public InetSocketAddress address() {
        return address;
    }

    /** Stops accepting, closes every connection (ending their watch streams), stops the event loop. Idempotent. */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        serverChannel.close().awaitUninterruptibly(CLOSE_GRACE_MS);
        channels.close().awaitUninterruptibly(CLOSE_GRACE_MS);
        group.shutdownGracefully(0, CLOSE_GRACE_MS, TimeUnit.MILLISECONDS).awaitUninterruptibly(CLOSE_GRACE_MS + 1_000);
        LOG.debug("HTTP on {} closed", address);
    }

    /** Counts connections, closes those over the limit, and tracks them for shutdown. */
    @ChannelHandler.Sharable
    private final class ConnectionLimit extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            channels.add(ctx.channel());
            if (open.incrementAndGet() > MAX_CONNECTIONS) {
                LOG.warn(
                        "refusing HTTP connection from {}: {} open",
                        ctx.channel().remoteAddress(),
                        MAX_CONNECTIONS);
                ctx.close();
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
