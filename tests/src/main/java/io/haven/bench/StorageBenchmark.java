package io.haven.bench;

import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.Payload;
import io.haven.storage.ApplyResult;
import io.haven.storage.Command;
import io.haven.storage.Store;
import io.haven.storage.StoreException;
import io.haven.storage.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Apply throughput of the store on disk (default options: sync off, as under Raft): {@code promise.create} with a
 * 256-byte param and {@code kv.put} of a 256-byte value, each to a new id or key, one command per batch and 64 per
 * batch. Scores are applies (commands) per second. Run with {@code bin/haven-jmh StorageBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class StorageBenchmark {
    private static final int BATCH = 64;
    private static final int LARGE_BATCH = 256;
    private static final long T0 = 1_767_225_600_000L;

    private Path dir;
    private Store store;
    private long index;
    private long next;
    private byte[] value;

    @Setup
    public void open() throws IOException, StoreException {
        dir = Files.createTempDirectory("haven-storage-bench");
        store = Store.open(dir, StoreOptions.defaults());
        value = new byte[256];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i * 31);
        }
    }

    @TearDown
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Command promiseCreate() {
        long n = next++;
        return Command.of(
                new DataRequest.PromiseCreate("bench/p" + n, new Payload(Map.of(), value), T0 + 3_600_000, Map.of()));
    }

    private Command kvPut() {
        long n = next++;
        return Command.of(new DataRequest.KvPut("/bench/k" + n, value, "", DataRequest.NO_VERSION));
    }

    private ApplyResult apply(List<Command> commands) throws StoreException {
        index++;
        return store.applyBatch(1, index, T0 + index, commands);
    }

    @Benchmark
    public ApplyResult promiseCreateOnePerBatch() throws StoreException {
        return apply(List.of(promiseCreate()));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public ApplyResult promiseCreate64PerBatch() throws StoreException {
        return apply(promiseCreates(BATCH));
    }

    /** As large as the batches a leader forms at 256 clients (up to 256 commands per Raft entry). */
    @Benchmark
    @OperationsPerInvocation(LARGE_BATCH)
    public ApplyResult promiseCreate256PerBatch() throws StoreException {
        return apply(promiseCreates(LARGE_BATCH));
    }

    private List<Command> promiseCreates(int n) {
        List<Command> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(promiseCreate());
        }
        return batch;
    }

    @Benchmark
    public ApplyResult kvPutOnePerBatch() throws StoreException {
        return apply(List.of(kvPut()));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public ApplyResult kvPut64PerBatch() throws StoreException {
        List<Command> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            batch.add(kvPut());
        }
        return apply(batch);
    }
}
