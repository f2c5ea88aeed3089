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
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.Task;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node for havenctl's tests on 127.0.0.1, speaking the real codec over real sockets: it answers CONNECT,
 * HEARTBEAT and DISCOVER about itself (status: the quorums a test makes it report), keeps a small key/value map,
 * searches the promises and gets the tasks a test gave it, answers the DATA kinds a test scripted, records every
 * DATA request, and refuses everything else with the UNAVAILABLE error a node without the role gives.
 */
final class FakeNode implements AutoCloseable {
    static final String UUID = "11111111-2222-4333-8444-555555555555";

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;
    /** Owned by the event loop thread. */
    private final TreeMap<String, Kv> kvs = new TreeMap<>();

    /** Seeded by tests before they run a command; read on the event loop thread. */
    private final Map<String, Promise> promises = new ConcurrentSkipListMap<>();

    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final Map<DataKind, DataResponse> scripted = new ConcurrentHashMap<>();
    private final List<DataRequest> received = new CopyOnWriteArrayList<>();
    private volatile boolean ready = true;
    private volatile List<Response.QuorumState> quorums = List.of();

    private long rev;
    private final AtomicInteger connects = new AtomicInteger();
    /** Whether DISCOVER quorum names this node (as a dev node's does) rather than failing as a node without any. */
    private volatile boolean servesQuorum;

    private final String uuid;

    FakeNode() {
        this(UUID);
    }

    /** A node with its own uuid, for tests with several. */
    FakeNode(String uuid) {
        this.uuid = uuid;
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

    /** Makes DISCOVER status report these quorums and this readiness. */
    FakeNode reporting(boolean ready, Response.QuorumState... quorums) {
        this.ready = ready;
        this.quorums = List.of(quorums);
        return this;
    }

    /** Answers every DATA request of {@code kind} with {@code result} and {@code status}. */
    FakeNode answering(DataKind kind, int status, DataResult result) {
        scripted.put(kind, DataResponse.of(kind, status, result));
        return this;
    }

    /** The DATA requests received, in order. */
    List<DataRequest> received() {
        return List.copyOf(received);
    }

    /** The received DATA requests of one kind. */
    <T extends DataRequest> List<T> received(Class<T> type) {
        return received.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Stores a promise, as a promise.create with this id would. */
    FakeNode holding(Promise p) {
        promises.put(p.id(), p);
        return this;
    }

    /** Stores a task, as if a task.create or an invoke had made it. */
    FakeNode holding(Task t) {
        tasks.put(t.id(), t);
        return this;
    }

    int connects() {
        return connects.get();
    }

    private ServerMessage answer(Request request, long id) {
        if (request instanceof Request.Connect) {
            int n = connects.incrementAndGet();
            return new Response.ConnectReply(
                    id, "1", "session-" + n, new Response.NodeInfo(uuid, List.of("idle")), 5000, 30000);
        }
        if (request instanceof Request.Ping) {
            return new Response.Pong(id, List.of());
        }
        if (request instanceof Request.Discover d) {
            if (d.type() == io.haven.protocol.message.DiscoverType.STATUS) {
                return new Response.StatusReply(id, uuid, address(), "0.1.0-test", List.of("idle"), ready, quorums);
            }
            if (d.type() == io.haven.protocol.message.DiscoverType.UUID
                    && !d.uuid().equals(uuid)) {
                return new Response.Failure(
                        id,
                        Action.DISCOVER,
                        404,
                        HavenError.of(ErrorCode.UNAVAILABLE, "no node " + d.uuid(), d.uuid()));
            }
            Response.Location self = new Response.Location(uuid, address(), List.of("idle"), true);
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
        received.add(data);
        DataResponse script = scripted.get(data.kind());
        if (script != null) {
            return new Response.QueryReply(id, script);
        }
        if (data instanceof DataRequest.PromiseSearch search) {
            List<Promise> page = promises.values().stream()
                    .filter(p -> p.id().startsWith(search.prefix()))
                    .toList();
            return reply(id, DataKind.PROMISE_SEARCH, 200, new DataResult.PromisePage(page, ""));
        }
        if (data instanceof DataRequest.TaskGet get) {
            Task t = tasks.get(get.id());
            if (t == null) {
                return new Response.Failure(
                        id, Action.QUERY, 404, HavenError.of(ErrorCode.UNAVAILABLE, "no task " + get.id(), get.id()));
            }
            return reply(id, DataKind.TASK_GET, 200, new DataResult.TaskResult(t));
        }
        if (data instanceof DataRequest.KvPut put) {
            Kv old = kvs.get(put.key());
            long current = old == null ? 0 : old.version();
            if (put.expectedVersion() != DataRequest.NO_VERSION && put.expectedVersion() != current) {
                return new Response.Failure(
                        id,
                        Action.QUERY,
                        409,
                        HavenError.of(ErrorCode.CONFLICT, put.key() + " is at version " + current, put.key()));
            }
            long version = current + 1;
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
            String cursor = "";
            String from = list.cursor().isEmpty() ? list.prefix() : list.cursor();
            for (Kv kv : kvs.tailMap(from, list.cursor().isEmpty()).values()) {
                if (!kv.key().startsWith(list.prefix())) {
                    break;
                }
                if (page.size() == list.limit()) {
                    cursor = page.get(page.size() - 1).key();
                    break;
                }
                page.add(kv);
            }
            return reply(id, DataKind.KV_LIST, 200, new DataResult.KvPage(page, cursor));
        }
        if (data instanceof DataRequest.KvDelete del) {
            boolean deleted = kvs.remove(del.key()) != null;
            return reply(
                    id,
                    DataKind.KV_DELETE,
                    deleted ? 201 : 200,
                    new DataResult.KvDeleted(del.key(), deleted, deleted ? ++rev : rev));
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
