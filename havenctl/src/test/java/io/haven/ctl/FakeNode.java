package io.haven.ctl;

import io.haven.protocol.Action;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenError;
import io.haven.protocol.codec.MessageCodec;
import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Kv;
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
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node for havenctl's tests on 127.0.0.1, speaking the real codec over real sockets: it answers CONNECT,
 * HEARTBEAT and DISCOVER about itself, keeps a small key/value map, and refuses everything else with the
 * UNAVAILABLE error a node without the role gives.
 */
final class FakeNode implements AutoCloseable {
    static final String UUID = "11111111-2222-4333-8444-555555555555";

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;
    /** Owned by the event loop thread. */
    private final TreeMap<String, Kv> kvs = new TreeMap<>();

    private long rev;
    private final AtomicInteger connects = new AtomicInteger();
    /** Whether DISCOVER quorum names this node (as a dev node's does) rather than failing as a node without any. */
    private volatile boolean servesQuorum;

    FakeNode() {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new LengthFieldBasedFrameDecoder(1 << 22, 0, 4, 0, 4))
                                .addLast(new LengthFieldPrepender(4))
                                .addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                        Request r = MessageCodec.decodeRequest(ByteBufUtil.getBytes(frame));
                                        ServerMessage answer =
                                                answer(r, r.envelope().reqId());
                                        ctx.writeAndFlush(Unpooled.wrappedBuffer(MessageCodec.encode(answer)));
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", 0)
                .syncUninterruptibly()
                .channel();
    }

    String address() {
        return "127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    FakeNode servingQuorum() {
        servesQuorum = true;
        return this;
    }

    int connects() {
        return connects.get();
    }

    private ServerMessage answer(Request request, long id) {
        if (request instanceof Request.Connect) {
            int n = connects.incrementAndGet();
            return new Response.ConnectReply(
                    id, "1", "session-" + n, new Response.NodeInfo(UUID, List.of("idle")), 5000, 30000);
        }
        if (request instanceof Request.Ping) {
            return new Response.Pong(id, List.of());
        }
        if (request instanceof Request.Discover d) {
            if (d.type() == io.haven.protocol.message.DiscoverType.UUID
                    && !d.uuid().equals(UUID)) {
                return new Response.Failure(
                        id,
                        Action.DISCOVER,
                        404,
                        HavenError.of(ErrorCode.UNAVAILABLE, "no node " + d.uuid(), d.uuid()));
            }
            Response.Location self = new Response.Location(UUID, address(), List.of("idle"), true);
            if (d.type() == io.haven.protocol.message.DiscoverType.QUORUM) {
                if (!servesQuorum) {
                    // What a node without location service or quorum answers: havenctl then sends it everything.
                    return new Response.Failure(
                            id, Action.DISCOVER, 503, HavenError.of(ErrorCode.UNAVAILABLE, "no location service"));
                }
                return new Response.DiscoverReply(id, address(), List.of(self), "dev", "/");
            }
            return new Response.DiscoverReply(id, address(), List.of(self), "");
        }
        if (request instanceof Request.Query q) {
            return query(id, q.data());
        }
        return new Response.Failure(
                id,
                request.action(),
                503,
                HavenError.of(ErrorCode.UNAVAILABLE, "role changes are not available on this node yet"));
    }

    private Response query(long id, DataRequest data) {
        if (data instanceof DataRequest.KvPut put) {
            Kv old = kvs.get(put.key());
            long version = old == null ? 1 : old.version() + 1;
            Kv kv = new Kv(put.key(), put.value(), put.contentType(), version, ++rev);
            kvs.put(put.key(), kv);
            return reply(id, DataKind.KV_PUT, 201, new DataResult.KvResult(kv));
        }
        if (data instanceof DataRequest.KvGet get) {
            Kv kv = kvs.get(get.key());
            if (kv == null) {
                return new Response.Failure(
                        id, Action.QUERY, 404, HavenError.of(ErrorCode.UNAVAILABLE, "no key " + get.key(), get.key()));
            }
            return reply(id, DataKind.KV_GET, 200, new DataResult.KvResult(kv));
        }
        if (data instanceof DataRequest.KvList list) {
            List<Kv> page = new ArrayList<>();
            for (Kv kv : kvs.tailMap(list.prefix()).values()) {
                if (!kv.key().startsWith(list.prefix()) || page.size() == list.limit()) {
                    break;
                }
                page.add(kv);
            }
            return reply(id, DataKind.KV_LIST, 200, new DataResult.KvPage(page, ""));
        }
        return new Response.Failure(
                id,
                Action.QUERY,
                503,
                HavenError.of(ErrorCode.UNAVAILABLE, "no quorum on this node yet", data.routingKey()));
    }

    private static Response reply(long id, DataKind kind, int status, DataResult result) {
        return new Response.QueryReply(id, DataResponse.of(kind, status, result));
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
