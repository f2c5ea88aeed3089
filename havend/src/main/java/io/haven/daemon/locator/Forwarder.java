package io.haven.daemon.locator;

import io.haven.client.ClientOptions;
import io.haven.client.HavenClient;
import io.haven.protocol.HavenException;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link HavenClient} per other node this node sends requests on to (forwarded DATA, relayed DISCOVER), made on
 * first use and dropped once its connection is lost, so a dead target is not waited on: the next request connects
 * afresh and fails fast if nothing listens. Thread-safe.
 */
final class Forwarder implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final String clientName;
    private final Map<String, CompletableFuture<HavenClient>> clients = new ConcurrentHashMap<>();

    /** @param clientName how this node names itself to the targets ({@code havend/<uuid>}) */
    Forwarder(String clientName) {
        this.clientName = clientName;
    }

    /** Sends {@code request} to the node at {@code address}; fails with UNAVAILABLE if it cannot be reached. */
    CompletableFuture<Response> send(String address, Request request, Duration deadline) {
        return client(address).thenCompose(c -> c.send(request, deadline));
    }

    private CompletableFuture<HavenClient> client(String address) {
        CompletableFuture<HavenClient> f = clients.get(address);
        if (f != null && f.isDone()) {
            HavenClient c = f.isCompletedExceptionally() ? null : f.join();
            if (c == null || !c.isConnected()) {
                clients.remove(address, f);
                if (c != null) {
                    c.close();
                }
                f = null;
            }
        }
        if (f == null) {
            CompletableFuture<HavenClient> made;
            try {
                made = HavenClient.connect(
                        ClientOptions.of(address).withClientName(clientName).withConnectTimeout(CONNECT_TIMEOUT));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(
                        HavenException.unavailable("cannot reach " + address + ": " + e.getMessage(), address));
            }
            CompletableFuture<HavenClient> raced = clients.putIfAbsent(address, made);
            if (raced != null) {
                made.thenAccept(HavenClient::close);
                f = raced;
            } else {
                f = made;
            }
        }
        return f;
    }

    @Override
    public void close() {
        for (CompletableFuture<HavenClient> f : clients.values()) {
            f.thenAccept(HavenClient::close);
        }
        clients.clear();
    }
}
