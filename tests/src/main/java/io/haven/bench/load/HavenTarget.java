package io.haven.bench.load;

import io.haven.client.ClientOptions;
import io.haven.client.HavenClient;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Haven through its Java client: one pipelined {@link HavenClient} per connection, connection i to target i mod
 * targets, each request a linearizable DATA query with the run's deadline.
 */
final class HavenTarget implements Target {
    private final List<HavenClient> connections;

    private HavenTarget(List<HavenClient> connections) {
        this.connections = List.copyOf(connections);
    }

    static HavenTarget connect(LoadOptions options) {
        List<CompletableFuture<HavenClient>> pending = new ArrayList<>();
        List<String> targets = options.targets();
        for (int i = 0; i < options.connections(); i++) {
            ClientOptions co = ClientOptions.of(targets.get(i % targets.size()))
                    .withClientName("haven-bench")
                    .withDefaultDeadline(options.deadline())
                    .withRouting(options.routing());
            pending.add(HavenClient.connect(co));
        }
        List<HavenClient> out = new ArrayList<>();
        try {
            for (CompletableFuture<HavenClient> f : pending) {
                out.add(f.join());
            }
        } catch (RuntimeException e) {
            out.forEach(HavenClient::close);
            pending.forEach(f -> f.thenAccept(HavenClient::close));
            throw e;
        }
        return new HavenTarget(out);
    }

    @Override
    public CompletableFuture<?> send(int connection, DataRequest request) {
        return connections.get(connection).query(request);
    }

    @Override
    public String errorCode(Throwable failure) {
        Throwable t = Target.unwrap(failure);
        return t instanceof HavenException h
                ? h.code().wireName()
                : t.getClass().getSimpleName();
    }

    @Override
    public void close() {
        connections.forEach(HavenClient::close);
    }
}
