package io.haven.client;

import io.haven.protocol.codec.MessageCodec;
import io.haven.protocol.message.Push;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.ServerMessage;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scriptable stand-in for a node on 127.0.0.1: real sockets, real frames, the real codec. It answers CONNECT and
 * HEARTBEAT itself unless the test's {@link Script} handles them; every request it reads is recorded.
 */
final class TestNode implements AutoCloseable {
    static final String UUID = "00000000-0000-4000-8000-000000000001";

    /** What the node does with a request; return false to fall back to the built-in CONNECT/HEARTBEAT answers. */
    interface Script {
        boolean handle(Exchange exchange);
    }

    /** One request as the node read it, and the means to answer it. */
    record Exchange(Request request, Channel channel) {
        long reqId() {
            return request.envelope().reqId();
        }

        void reply(ServerMessage message) {
            send(channel, message);
        }
    }

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;
    private final BlockingQueue<Exchange> received = new LinkedBlockingQueue<>();
    private final List<Request> all = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger connects = new AtomicInteger();
    private volatile Script script = exchange -> false;
    private volatile long heartbeatMs;

    TestNode() {
        this(0);
    }

    TestNode(int port) {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        ch.pipeline()
                                .addLast(new LengthFieldBasedFrameDecoder(1 << 22, 0, 4, 0, 4))
                                .addLast(new LengthFieldPrepender(4))
                                .addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                        Request request = MessageCodec.decodeRequest(ByteBufUtil.getBytes(frame));
                                        onRequest(new Exchange(request, ctx.channel()));
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", port)
                .syncUninterruptibly()
                .channel();
    }

    private void onRequest(Exchange exchange) {
        received.add(exchange);
        all.add(exchange.request());
        if (exchange.request() instanceof Request.Connect) {
            connects.incrementAndGet();
        }
        if (script.handle(exchange)) {
            return;
        }
        if (exchange.request() instanceof Request.Connect) {
            exchange.reply(new Response.ConnectReply(
                    exchange.reqId(),
                    "1",
                    "session-" + connects.get(),
                    new Response.NodeInfo(UUID, List.of("locator", "quorum")),
                    heartbeatMs,
                    30_000));
        } else if (exchange.request() instanceof Request.Ping) {
            exchange.reply(new Response.Pong(exchange.reqId(), List.of()));
        }
    }

    static void send(Channel channel, ServerMessage message) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(MessageCodec.encode(message)));
    }

    TestNode script(Script s) {
        this.script = s;
        return this;
    }

    TestNode heartbeatMs(long ms) {
        this.heartbeatMs = ms;
        return this;
    }

    void push(Channel channel, Push push) {
        send(channel, push);
    }

    String address() {
        return "127.0.0.1:" + port();
    }

    int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    ClientOptions options() {
        return ClientOptions.of(address()).withAutoHeartbeat(false);
    }

    /** The next request the node read that is of the given type, waiting up to five seconds. */
    <T extends Request> Exchange next(Class<T> type) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            Exchange e = received.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("the node read no " + type.getSimpleName() + " within 5 s");
            }
            if (type.isInstance(e.request())) {
                return e;
            }
        }
    }

    /** Every request of the given type the node has read so far, in order. */
    <T extends Request> List<T> seen(Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    int connections() {
        return connections.get();
    }

    int connects() {
        return connects.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
