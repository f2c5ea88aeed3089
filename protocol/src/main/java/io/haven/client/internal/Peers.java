package io.haven.client.internal;

import io.haven.client.ConnectionException;
import io.haven.client.HostPort;
import io.haven.protocol.HavenException;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client's connections to nodes other than the one it connected to, by address: the nodes NOT_MINE answers and
 * routes send it to. Each is a {@linkplain ClientRuntime#peer peer runtime} on the client's own threads, made on first
 * use, replaced on the next use after its connection is lost (it never reconnects by itself, so that a request for a
 * node that went away fails at once, unsent, and can go to another member), and closed with the client.
 * Thread-safe.
 */
public final class Peers implements AutoCloseable {
    private final ClientRuntime home;
    private final Map<String, CompletableFuture<ClientRuntime>> byAddress = new ConcurrentHashMap<>();

    public Peers(ClientRuntime home) {
        this.home = home;
    }

    /**
     * Sends {@code request} to the node at {@code address}; fails with a {@link ConnectionException} that was not sent
     * when the node cannot be reached, and with INVALID when {@code address} is not {@code host:port}.
     */
    public CompletableFuture<Response> send(String address, Request request, Duration deadline) {
        return runtime(address).thenCompose(r -> r.send(request, deadline));
    }

    private CompletableFuture<ClientRuntime> runtime(String address) {
        HostPort hp;
        try {
            hp = HostPort.parse(address);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(
                    HavenException.invalid("a node sent this client to '" + address + "': " + e.getMessage()));
        }
        CompletableFuture<ClientRuntime> f = byAddress.get(address);
        if (f != null
                && f.isDone()
                && (f.isCompletedExceptionally() || !f.join().isConnected())) {
            byAddress.remove(address, f);
            f.thenAccept(ClientRuntime::close);
            f = null;
        }
        if (f == null) {
            CompletableFuture<ClientRuntime> made = home.peer(hp);
            CompletableFuture<ClientRuntime> raced = byAddress.putIfAbsent(address, made);
            if (raced != null) {
                made.thenAccept(ClientRuntime::close);
                f = raced;
            } else {
                f = made;
            }
        }
        return f;
    }

    /** Closes every peer connection; calls in flight on them fail with UNAVAILABLE. */
    @Override
    public void close() {
        for (CompletableFuture<ClientRuntime> f : byAddress.values()) {
            f.thenAccept(ClientRuntime::close);
        }
        byAddress.clear();
    }
}
