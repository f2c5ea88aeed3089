package io.haven.tests.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.haven.client.ClientOptions;
import io.haven.client.HavenClient;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Task;
import io.haven.protocol.data.TaskState;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A processor's ping ({@code pid}) extends the leases of its tasks; without pings the lease is lost. */
class ProcessorHeartbeatTest {
    private static final long TTL_MS = 1_500;

    @TempDir
    Path dir;

    @Test
    void pingsWithAPidKeepItsTaskAcquiredAndTheirAbsenceLosesTheLease() throws Exception {
        try (DevNode node = DevNode.start(dir);
                HavenClient client = HavenClient.connect(
                                ClientOptions.of(node.address()).withAutoHeartbeat(false))
                        .get(30, TimeUnit.SECONDS)) {
            DataRequest.PromiseCreate promise = new DataRequest.PromiseCreate(
                    "/jobs/1", Payload.EMPTY, System.currentTimeMillis() + 600_000, Map.of());
            DataResponse created = client.query(new DataRequest.TaskCreate("worker-7", TTL_MS, promise))
                    .get(30, TimeUnit.SECONDS);
            Task held = assertInstanceOf(DataResult.TaskPromiseResult.class, created.data())
                    .task();
            assertEquals(TaskState.ACQUIRED, held.state());

            // Ping as the processor for three lease lengths: the lease never runs out.
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3 * TTL_MS);
            while (System.nanoTime() < end) {
                client.send(new Request.Ping(Envelope.NONE, 0, 0, "worker-7", Map.of("/jobs/1", "started")))
                        .get(30, TimeUnit.SECONDS);
                Thread.sleep(TTL_MS / 5);
            }
            Task kept = task(client);
            assertEquals(TaskState.ACQUIRED, kept.state(), "the pings kept the lease");
            assertEquals(held.version(), kept.version());

            // Stop pinging: within a lease and a few ticks the task is PENDING again at the next version.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Task now = kept;
            while (now.state() == TaskState.ACQUIRED && System.nanoTime() < deadline) {
                Thread.sleep(100);
                now = task(client);
            }
            assertEquals(TaskState.PENDING, now.state(), "the lease ran out without pings");
            assertEquals(held.version() + 1, now.version());
        }
    }

    private static Task task(HavenClient client) throws Exception {
        DataResponse got = client.query(new DataRequest.TaskGet("/jobs/1")).get(30, TimeUnit.SECONDS);
        return assertInstanceOf(DataResult.TaskResult.class, got.data()).task();
    }
}
