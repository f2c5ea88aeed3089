package io.haven.client.internal;

import io.haven.client.ClientOptions;
import io.haven.client.ConnectionException;
import io.haven.client.HostPort;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Push;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The client's moving parts: the event loop, the deadline timer, the current {@link Connection} and the reconnect
 * loop.
 *
 * <pre>
 *  start() --connected--> CONNECTED --connection lost--> RECONNECTING --connected--> CONNECTED
 *     |                       |                              |   ^ attempt failed: wait (doubling), next address
 *     +-- no node answers: start fails                       +---+
 *  close() from any state --> CLOSED (in flight and waiting calls fail with UNAVAILABLE)
 * </pre>
 *
 * Calls made while RECONNECTING wait for the next connection until their deadline.
 *
 * <p>A {@linkplain #peer peer} runtime (a connection to one other node, made for routing) shares its parent's
 * threads and never reconnects: once its connection is lost every call fails at once with a {@link
 * ConnectionException} that was not sent, and its owner replaces it on next use.
 */
public final class ClientRuntime {
    /** The protocol version this client speaks. */
    public static final String VERSION = "1";

    private final ClientOptions options;
    private final List<HostPort> addresses;
    private final EventLoopGroup group;
    private final HashedWheelTimer timer;
    /** False for a peer: the parent owns the event loop and the timer. */
    private final boolean ownsThreads;
    /** False for a peer: a lost connection is final. */
    private final boolean reconnects;

    /** Guarded by this: the connection in use (null while reconnecting) and the future of the next one. */
    private Connection current;

    private CompletableFuture<Connection> ready = new CompletableFuture<>();
    private boolean closed;
    /** Index into addresses of the next node to try; guarded by this. */
    private int nextAddress;
    /** The highest event revision delivered by automatic heartbeats; the next ping acks it. Timer/I/O thread. */
    private volatile long ackedRev;

    private ClientRuntime(
            ClientOptions options,
            EventLoopGroup group,
            HashedWheelTimer timer,
            boolean ownsThreads,
            boolean reconnects) {
        this.options = options;
        List<HostPort> parsed = new ArrayList<>();
        for (String a : options.addresses()) {
            parsed.add(HostPort.parse(a));
        }
        this.addresses = List.copyOf(parsed);
        this.group = group;
        this.timer = timer;
        this.ownsThreads = ownsThreads;
        this.reconnects = reconnects;
    }

    /** Connects to the first address that answers CONNECT, trying each once in order. */
    public static CompletableFuture<ClientRuntime> start(ClientOptions options) {
        ClientRuntime runtime = new ClientRuntime(
                options,
                new NioEventLoopGroup(options.ioThreads(), new DefaultThreadFactory("haven-client", true)),
                new HashedWheelTimer(
                        new DefaultThreadFactory("haven-client-timer", true), 10, TimeUnit.MILLISECONDS, 512),
                true,
                true);
        CompletableFuture<ClientRuntime> started = new CompletableFuture<>();
        runtime.firstConnect(0, new ArrayList<>(), started);
        return started;
    }

    /**
     * A runtime for one other node, on this runtime's threads, that does not reconnect; fails with a {@link
     * ConnectionException} (not sent) when the node cannot be reached. Close it before this runtime.
     */
    public CompletableFuture<ClientRuntime> peer(HostPort address) {
        ClientRuntime runtime =
                new ClientRuntime(options.withAddresses(List.of(address.toString())), group, timer, false, false);
        CompletableFuture<ClientRuntime> started = new CompletableFuture<>();
        if (isClosed()) {
            started.completeExceptionally(new ConnectionException("the client is closed", false));
            return started;
        }
        runtime.firstConnect(0, new ArrayList<>(), started);
        return started;
    }

    /** Runs {@code task} on the timer's thread after {@code delayNanos}; it must not block. */
    public void schedule(Runnable task, long delayNanos) {
        timer.newTimeout(t -> task.run(), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void firstConnect(int index, List<String> problems, CompletableFuture<ClientRuntime> started) {
        if (index == addresses.size()) {
            shutdownThreads();
            started.completeExceptionally(
                    new ConnectionException("no node answered: " + String.join("; ", problems), false));
            return;
        }
        open(addresses.get(index)).whenComplete((conn, e) -> {
            if (e == null) {
                synchronized (this) {
                    nextAddress = (index + 1) % addresses.size();
                    adopt(conn);
                }
                started.complete(this);
                return;
            }
            HavenException he = unwrap(e);
            if (he.code() != ErrorCode.UNAVAILABLE) {
                // The node answered and refused us (credentials, version): another node would say the same.
                shutdownThreads();
                started.completeExceptionally(he);
                return;
            }
            problems.add(he.error().message());
            firstConnect(index + 1, problems, started);
        });
    }

    public ClientOptions options() {
        return options;
    }

    /** The current connection's CONNECT answer, or the last one while reconnecting. */
    public synchronized Connection connection() {
        return current;
    }

    public synchronized boolean isConnected() {
        return current != null && current.isOpen();
    }

    /** Sends a request, waiting for a connection first if there is none, and completes when it is answered. */
    public CompletableFuture<Response> send(Request request, Duration deadline) {
        long nanos = deadline.toNanos();
        Call call = new Call(request, System.nanoTime() + nanos);
        if (isClosed()) {
            call.fail(new ConnectionException("the client is closed", false));
            return call.result();
        }
        call.timeout(timer.newTimeout(t -> expire(call, deadline), nanos, TimeUnit.NANOSECONDS));
        route(call);
        return call.result();
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Hands a call to the current connection, or has it wait for the next one. Also where a lost connection sends
     * the calls it never wrote, which are safe to send again.
     */
    private void route(Call call) {
        Connection conn;
        CompletableFuture<Connection> next;
        synchronized (this) {
            if (closed) {
                call.fail(new ConnectionException("the client is closed", false));
                return;
            }
            conn = current;
            next = ready;
        }
        if (conn != null) {
            conn.dispatch(call);
        } else {
            next.whenComplete((c, e) -> {
                if (e != null) {
                    call.fail(unwrap(e));
                } else {
                    c.dispatch(call);
                }
            });
        }
    }

    private void expire(Call call, Duration deadline) {
        HavenException e = call.written()
                ? new HavenException(
                        HavenError.of(ErrorCode.TIMEOUT, "no answer within " + deadline.toMillis() + " ms"), 504)
                : new ConnectionException(
                        "not sent within " + deadline.toMillis() + " ms: no connection to a node", false);
        if (call.fail(e)) {
            Connection conn = call.connection();
            if (conn != null) {
                conn.forget(call);
            }
        }
    }

    /** Opens a connection and completes it with CONNECT; fails with UNAVAILABLE when the node is unreachable. */
    private CompletableFuture<Connection> open(HostPort address) {
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        Connection[] holder = new Connection[1];
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Connection conn = new Connection(
                                ch, address, options.maxFrame(), options.maxInFlight(), options.pushListener());
                        holder[0] = conn;
                        ch.pipeline()
                                .addLast("frames", new LengthFieldBasedFrameDecoder(options.maxFrame(), 0, 4, 0, 4))
                                .addLast("length", new LengthFieldPrepender(4))
                                .addLast("client", new InboundHandler(conn));
                    }
                });
        ChannelFuture connecting;
        try {
            connecting = bootstrap.connect(address.host(), address.port());
        } catch (RuntimeException e) {
            opened.completeExceptionally(unavailable("cannot connect to " + address + ": " + e.getMessage()));
            return opened;
        }
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                Throwable cause = f.cause();
                opened.completeExceptionally(unavailable(
                        "cannot connect to " + address + ": " + (cause == null ? "cancelled" : cause.getMessage())));
                return;
            }
            handshake(holder[0], opened);
        });
        return opened;
    }

    private void handshake(Connection conn, CompletableFuture<Connection> opened) {
        Request.Connect connect =
                new Request.Connect(Envelope.NONE.withAuth(options.token()), VERSION, options.clientName(), "");
        Call call =
                new Call(connect, System.nanoTime() + options.connectTimeout().toNanos());
        call.timeout(timer.newTimeout(
                t -> {
                    if (call.fail(unavailable("no CONNECT answer from " + conn.address() + " within "
                            + options.connectTimeout().toMillis() + " ms"))) {
                        conn.close();
                    }
                },
                options.connectTimeout().toNanos(),
                TimeUnit.NANOSECONDS));
        conn.dispatch(call);
        call.result().whenComplete((response, e) -> {
            if (e != null) {
                conn.close();
                opened.completeExceptionally(unwrap(e));
            } else if (response instanceof Response.ConnectReply reply) {
                conn.established(reply);
                opened.complete(conn);
            } else {
                conn.close();
                opened.completeExceptionally(HavenException.invalid(
                        "CONNECT was answered with " + response.action().wireName()));
            }
        });
    }

    /** Makes a fresh connection the current one; called with the lock held. */
    private void adopt(Connection conn) {
        if (closed) {
            conn.close();
            return;
        }
        current = conn;
        ready.complete(conn);
        conn.onClose(this::lost, this::route);
        if (!conn.isOpen()) {
            // It closed between the handshake and now; onClosed ran before our listener was set.
            lost(conn);
            return;
        }
        long period = conn.session().heartbeatMs();
        if (options.autoHeartbeat() && period > 0) {
            conn.heartbeatEvery(period, this::heartbeat);
        }
    }

    private void lost(Connection conn) {
        synchronized (this) {
            if (closed || current != conn) {
                return;
            }
            current = null;
            ready = new CompletableFuture<>();
            if (!reconnects) {
                // Calls not yet written, and any sent from now on, fail at once: the owner goes elsewhere.
                ready.completeExceptionally(new ConnectionException(
                        "the connection to " + conn.address() + " was lost and is not reopened", false));
                return;
            }
        }
        reconnect(0);
    }

    private void reconnect(int attempt) {
        HostPort address;
        synchronized (this) {
            if (closed) {
                return;
            }
            address = addresses.get(nextAddress);
            nextAddress = (nextAddress + 1) % addresses.size();
        }
        open(address).whenComplete((conn, e) -> {
            if (e == null) {
                synchronized (this) {
                    adopt(conn);
                }
                return;
            }
            long delay = backoffMillis(attempt);
            try {
                group.schedule(() -> reconnect(attempt + 1), delay, TimeUnit.MILLISECONDS);
            } catch (RuntimeException rejected) {
                // The event loop is shutting down: the client was closed meanwhile.
            }
        });
    }

    /** Doubling pauses between reconnect attempts, capped, with jitter so many clients do not return together. */
    private long backoffMillis(int attempt) {
        long min = options.reconnectMin().toMillis();
        long max = options.reconnectMax().toMillis();
        long base = attempt >= 30 ? max : Math.min(max, min << attempt);
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Math.max(1, (long) (base * jitter));
    }

    private void heartbeat() {
        Duration deadline = options.defaultDeadline();
        send(Request.Ping.of(ackedRev), deadline).whenComplete((response, e) -> {
            if (response instanceof Response.Pong pong && !pong.events().isEmpty()) {
                long max = ackedRev;
                for (Response.WatchNotice n : pong.events()) {
                    if (n instanceof Response.WatchEvent ev) {
                        max = Math.max(max, ev.change().rev());
                    }
                }
                ackedRev = max;
                try {
                    options.pushListener().accept(new Push.WatchPush(pong.events()));
                } catch (RuntimeException ignored) {
                    // The listener is the application's; its bugs must not stop the heartbeats.
                }
            }
        });
    }

    /** Closes the connection, fails what is in flight or waiting, and stops the client's threads. */
    public void close() {
        Connection conn;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            conn = current;
            current = null;
            ready.completeExceptionally(new ConnectionException("the client is closed", false));
        }
        boolean onOwnThread = false;
        for (EventExecutor e : group) {
            onOwnThread |= e.inEventLoop();
        }
        if (conn != null) {
            ChannelFuture closing = conn.channel().close();
            if (!onOwnThread) {
                closing.awaitUninterruptibly(options.connectTimeout().toMillis());
            }
        }
        shutdownThreads();
        if (!onOwnThread && ownsThreads) {
            group.terminationFuture()
                    .awaitUninterruptibly(options.connectTimeout().toMillis());
        }
    }

    private void shutdownThreads() {
        if (!ownsThreads) {
            return;
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        try {
            timer.stop();
        } catch (IllegalStateException onTimerThread) {
            // A deadline's callback is closing the client, and the timer cannot stop itself from its own thread.
            Thread stopper = new Thread(timer::stop, "haven-client-timer-stop");
            stopper.setDaemon(true);
            stopper.start();
        }
    }

    static HavenException unavailable(String message) {
        return new HavenException(HavenError.of(ErrorCode.UNAVAILABLE, message), 503);
    }

    /** The HavenException behind a future's failure; anything else is a bug reported as GENERIC. */
    public static HavenException unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException
                        || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof HavenException he) {
            return he;
        }
        return new HavenException(HavenError.of(ErrorCode.GENERIC, String.valueOf(t)), 500);
    }
}
