package io.haven.bench.load;

import com.google.common.util.concurrent.MoreExecutors;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.haven.protocol.data.DataRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * etcd (v3 API) through its Java client jetcd: one {@link Client} per connection (each its own gRPC channel, so one
 * HTTP/2 connection), connection i to target i mod targets. A {@link DataRequest.KvPut} becomes a put of the same key
 * and value, a {@link DataRequest.KvGet} a range read of the key with etcd's default, linearizable consistency (the
 * member confirms its leadership through a ReadIndex round before answering). Other requests are refused: etcd has
 * no promises or tasks ({@link TargetSystem#runs}).
 *
 * <p>jetcd's automatic retries are off, so that a failure is counted as one, as on the Haven side; each request
 * fails with a {@link java.util.concurrent.TimeoutException} after the run's deadline, the deadline a Haven request
 * carries.
 */
final class EtcdTarget implements Target {
    private final List<Client> clients;
    private final List<KV> kvs;
    private final Duration deadline;

    private EtcdTarget(List<Client> clients, Duration deadline) {
        this.clients = List.copyOf(clients);
        this.kvs = clients.stream().map(Client::getKVClient).toList();
        this.deadline = deadline;
    }

    static EtcdTarget connect(LoadOptions options) {
        List<Client> clients = new ArrayList<>();
        List<String> targets = options.targets();
        for (int i = 0; i < options.connections(); i++) {
            clients.add(Client.builder()
                    .endpoints("http://" + targets.get(i % targets.size()))
                    .retryMaxAttempts(0)
                    .executorService(MoreExecutors.newDirectExecutorService())
                    .build());
        }
        EtcdTarget target = new EtcdTarget(clients, options.deadline());
        // jetcd connects lazily: one read per connection, so that a wrong address fails here and not as errors.
        try {
            List<CompletableFuture<?>> probes = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                probes.add(target.send(i, new DataRequest.KvGet("/bench/connect")));
            }
            CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            target.close();
            throw new IllegalStateException(
                    "cannot reach etcd at " + targets + ": " + Target.unwrap(e).getMessage(), e);
        }
        return target;
    }

    @Override
    public CompletableFuture<?> send(int connection, DataRequest request) {
        KV kv = kvs.get(connection);
        CompletableFuture<?> answer;
        if (request instanceof DataRequest.KvPut put) {
            answer = kv.put(bytes(put.key()), ByteSequence.from(put.value()));
        } else if (request instanceof DataRequest.KvGet get) {
            answer = kv.get(bytes(get.key()));
        } else {
            return CompletableFuture.failedFuture(new UnsupportedOperationException(
                    "etcd has no " + request.kind().wireName()));
        }
        return answer.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public String errorCode(Throwable failure) {
        Throwable t = Target.unwrap(failure);
        if (t instanceof EtcdException e) {
            return "ETCD_" + e.getErrorCode();
        }
        // jetcd passes some failures on as gRPC's own exception: its status code says more than the class.
        Status.Code grpc = Status.fromThrowable(t).getCode();
        return grpc == Status.Code.UNKNOWN ? t.getClass().getSimpleName() : "GRPC_" + grpc;
    }

    @Override
    public void close() {
        clients.forEach(Client::close);
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
