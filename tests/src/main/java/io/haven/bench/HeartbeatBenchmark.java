package io.haven.bench;

import io.haven.client.ClientOptions;
import io.haven.client.HavenClient;
import io.haven.daemon.HavenNode;
import io.haven.daemon.HavendConfig;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * HEARTBEAT round trips per second over one connection from {@link HavenClient} to a real in-process havend
 * ({@link HavenNode} on 127.0.0.1, its own Netty server and dispatcher, no stubs): {@code pipelined} keeps
 * {@value #WINDOW} pings in flight and waits for them all, so each operation is one ping; {@code oneAtATime} waits
 * for each pong before the next ping, the latency-bound baseline. Client and node share the JVM and its cores, so
 * the numbers are a floor for what one connection carries. Run with {@code bin/haven-jmh HeartbeatBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HeartbeatBenchmark {
    /** Pings in flight per batch: below havend's default max-pending (1024), which would answer LIMIT. */
    static final int WINDOW = 512;

    private static final Request PING = Request.Ping.of(0);

    private Path data;
    private HavenNode node;
    private HavenClient client;

    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        data = Files.createTempDirectory("haven-heartbeat-bench");
        node = HavenNode.start(HavendConfig.from(
                Map.of(HavendConfig.LISTEN_KEY, "127.0.0.1:0", HavendConfig.DATA_KEY, data.toString())));
        client = HavenClient.connect(
                        ClientOptions.of("127.0.0.1:" + node.address().getPort()))
                .join();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        client.close();
        node.close();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(WINDOW)
    public void pipelined() {
        CompletableFuture<?>[] pongs = new CompletableFuture<?>[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            pongs[i] = client.send(PING);
        }
        CompletableFuture.allOf(pongs).join();
    }

    @Benchmark
    public Response oneAtATime() {
        return client.send(PING).join();
    }
}
