package io.haven.client;

import io.haven.protocol.codec.Frames;
import io.haven.protocol.message.Push;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link HavenClient} connects and behaves. Start from {@link #of(String...)} and change what you need with
 * the {@code with...} methods; every option has a default that works against {@code havend --dev}.
 *
 * @param addresses the nodes to try, as {@code host:port}, in order; the client moves to the next one when a
 *     connection fails or is lost
 * @param token the credentials sent with CONNECT; empty for none
 * @param clientName free text the node may log to name this client (CONNECT's {@code client})
 * @param defaultDeadline how long a request waits for its answer unless it says otherwise; also sent as the
 *     request's {@code deadline}
 * @param connectTimeout how long one TCP connect plus CONNECT exchange may take
 * @param maxFrame the largest frame, in bytes, this client sends or accepts (the node has its own limit)
 * @param reconnectMin the first pause before reconnecting after a connection is lost
 * @param reconnectMax the longest pause between reconnect attempts; pauses double up to it
 * @param pushListener receives every push (and the watch events of automatic heartbeats) on the I/O thread
 * @param ioThreads the number of Netty event-loop threads
 * @param autoHeartbeat send HEARTBEAT pings every {@code heartbeat_ms} the node asked for, keeping the session
 * @param maxInFlight requests written and not yet answered on one connection; more wait in the client, so the node's
 *     own limit ({@code max-pending}, 1024 by default) is not hit
 * @param routing route DATA queries in the client (see {@link #withRouting}); off by default
 */
public record ClientOptions(
        List<String> addresses,
        String token,
        String clientName,
        Duration defaultDeadline,
        Duration connectTimeout,
        int maxFrame,
        Duration reconnectMin,
        Duration reconnectMax,
        Consumer<Push> pushListener,
        int ioThreads,
        boolean autoHeartbeat,
        int maxInFlight,
        boolean routing) {

    public static final String DEFAULT_ADDRESS = "127.0.0.1:7400";
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(100);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(5);
    /** havend's default {@code max-pending}. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1024;

    public ClientOptions {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("at least one address is needed");
        }
        for (String a : addresses) {
            HostPort.parse(a);
        }
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(clientName, "clientName");
        requirePositive(defaultDeadline, "defaultDeadline");
        requirePositive(connectTimeout, "connectTimeout");
        if (maxFrame < 64) {
            throw new IllegalArgumentException("maxFrame must be at least 64 bytes: " + maxFrame);
        }
        requirePositive(reconnectMin, "reconnectMin");
        requirePositive(reconnectMax, "reconnectMax");
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnectMax is below reconnectMin");
        }
        Objects.requireNonNull(pushListener, "pushListener");
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1: " + ioThreads);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
        }
    }

    /** Options with every default, connecting to the given {@code host:port} addresses (the dev node if none). */
    public static ClientOptions of(String... addresses) {
        List<String> list = addresses.length == 0 ? List.of(DEFAULT_ADDRESS) : List.of(addresses);
        return new ClientOptions(
                list,
                "",
                "haven-java",
                DEFAULT_DEADLINE,
                DEFAULT_CONNECT_TIMEOUT,
                Frames.DEFAULT_MAX_FRAME,
                DEFAULT_RECONNECT_MIN,
                DEFAULT_RECONNECT_MAX,
                push -> {},
                1,
                true,
                DEFAULT_MAX_IN_FLIGHT,
                false);
    }

    public ClientOptions withAddresses(List<String> list) {
        return new ClientOptions(
                list,
                token,
                clientName,
                defaultDeadline,
                connectTimeout,
                maxFrame,
                reconnectMin,
                reconnectMax,
                pushListener,
                ioThreads,
                autoHeartbeat,
                maxInFlight,
                routing);
    }

    public ClientOptions withToken(String t) {
        return new ClientOptions(
                addresses,
                t,
                clientName,
                defaultDeadline,
                connectTimeout,
                maxFrame,
                reconnectMin,
                reconnectMax,
                pushListener,
                ioThreads,
                autoHeartbeat,
                maxInFlight,
                routing);
    }

    public ClientOptions withClientName(String name) {
        return new ClientOptions(
                addresses,
                token,
                name,
                defaultDeadline,
                connectTimeout,
                maxFrame,
                reconnectMin,
                reconnectMax,
                pushListener,
                ioThreads,
                autoHeartbeat,
                maxInFlight,
                routing);
    }

    public ClientOptions withDefaultDeadline(Duration d) {
        return new ClientOptions(
                addresses,
                token,
                clientName,
                d,
                connectTimeout,
                maxFrame,
                reconnectMin,
                reconnectMax,
                pushListener,
                ioThreads,
                autoHeartbeat,
                maxInFlight,
                routing);
    }

    public ClientOptions withConnectTimeout(Duration d) {
        return new ClientOptions(
                addresses,
                token,
                clientName,
                defaultDeadline,
                d,
                maxFrame,
                reconnectMin,
                reconnectMax,
                pushListener,
                ioThreads,
                autoHeartbeat,
                maxInFlight,
                routing);
    }

    public ClientOptions withMaxFrame(int bytes) {
        return new ClientOptions(
                addresses,
                token,
                clientName,
                defaultDeadline,
                connectTimeout,
                bytes,
                reconnectMin,
                reconnectMax,
                pushListener,
                ioThreads,
                autoHeartbeat,
                maxInFlight,
                routing);
    }

    public ClientOptions withReconnectBackoff(Duration min, Duration max) {
        return new ClientOptions(
                addresses,
                token,
                clientName,
                defaultDeadline,
                connectTimeout,
                maxFrame,
                min,
                max,
                pushListener,
                ioThreads,
                autoHeartbeat,
                maxInFlight,
                routing);
    }

    public ClientOptions withPushListener(Consumer<Push> listener) {
        return new ClientOptions(
                addresses,
                token,
                clientName,
                defaultDeadline,
                connectTimeout,
                maxFrame,
                reconnectMin,
                reconnectMax,
                listener,
                ioThreads,
                autoHeartbeat,
                maxInFlight,
                routing);
    }

    public ClientOptions withIoThreads(int threads) {
        return new ClientOptions(
                addresses,
                token,
                clientName,
                defaultDeadline,
                connectTimeout,
                maxFrame,
                reconnectMin,
                reconnectMax,
                pushListener,
                threads,
                autoHeartbeat,
                maxInFlight,
                routing);
    }

    public ClientOptions withAutoHeartbeat(boolean on) {
        return new ClientOptions(
                addresses,
                token,
                clientName,
                defaultDeadline,
                connectTimeout,
                maxFrame,
                reconnectMin,
                reconnectMax,
                pushListener,
                ioThreads,
                on,
                maxInFlight,
                routing);
    }

    public ClientOptions withMaxInFlight(int requests) {
        return new ClientOptions(
                addresses,
                token,
                clientName,
                defaultDeadline,
                connectTimeout,
                maxFrame,
                reconnectMin,
                reconnectMax,
                pushListener,
                ioThreads,
                autoHeartbeat,
                requests,
                routing);
    }

    /**
     * Client-side routing of DATA queries: each goes straight to the leader of the quorum serving its path, found
     * with DISCOVER on the connected node and cached a few seconds, over a connection of its own per node; NOT_MINE
     * answers, leader changes and unreachable members are followed, and what is safe to retry is retried until the
     * deadline (the {@linkplain io.haven.client package documentation} has the rules). A node that cannot answer
     * DISCOVER (no location service and no quorum of its own for the path) gets the requests itself, as without
     * routing; a node without location service that serves the path ({@code havend --dev}) names itself.
     *
     * <p>Off by default: a client of a single node gains nothing from it but a DISCOVER per path prefix every few
     * seconds and, where the node's own address reads differently from what it advertises, a second connection; and
     * with it every query asks for {@code redirect}, so a client that wants to see what one node does with a request
     * (server-side forwarding included) must not have it. Turn it on for clusters of several quorums.
     */
    public ClientOptions withRouting(boolean on) {
        return new ClientOptions(
                addresses,
                token,
                clientName,
                defaultDeadline,
                connectTimeout,
                maxFrame,
                reconnectMin,
                reconnectMax,
                pushListener,
                ioThreads,
                autoHeartbeat,
                maxInFlight,
                on);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
