package io.haven.tests.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.client.ClientOptions;
import io.haven.client.HavenClient;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session watching on a follower that falls so far behind that it catches up by installing the leader's
 * checkpoint instead of applying the log: the watch must not deliver past the changes the follower skipped.
 */
class WatchAcrossCheckpointTest {
    private static final int CHANGES = 1_500;

    @TempDir
    Path dir;

    @Test
    void aSessionOnAFollowerThatInstallsACheckpointStillSeesEveryChangeOnceInOrder() throws Exception {
        // Eight entries in flight, so that the writes make several hundred entries and the log is purged under the
        // paused follower (with the default one, 64 concurrent writers would share a few dozen).
        List<String> settings =
                List.of("raft-snapshot-threshold=100", "raft-log-segment-bytes=16384", "batch-max-inflight=8");
        try (Members quorum = Members.start(3, dir, settings)) {
            Member leader = quorum.awaitLeader();
            Member follower =
                    quorum.all().stream().filter(m -> m != leader).findFirst().orElseThrow();
            List<String> others = quorum.all().stream()
                    .filter(m -> m != follower)
                    .map(Member::address)
                    .toList();
            WatchingSession session = new WatchingSession(0, "/s/", List.of(follower.address()), 0);
            session.start();
            awaitTrue(() -> session.startAfter() >= 0, "the session has its watch");

            follower.signal("STOP");
            long end;
            try (HavenClient client = HavenClient.connect(
                            ClientOptions.of(others.toArray(String[]::new)).withDefaultDeadline(Duration.ofSeconds(30)))
                    .join()) {
                Semaphore window = new Semaphore(64);
                for (int i = 0; i < CHANGES; i++) {
                    window.acquire();
                    client.query(new DataRequest.KvPut(
                                    "/s/" + (i % 100),
                                    Integer.toString(i).getBytes(StandardCharsets.UTF_8),
                                    "",
                                    DataRequest.NO_VERSION))
                            .whenComplete((r, e) -> window.release());
                }
                window.acquire(64);
            } finally {
                follower.signal("CONT");
            }
            try (HavenClient client =
                    HavenClient.connect(ClientOptions.of(leader.address())).join()) {
                DataResult.KvResult r = (DataResult.KvResult)
                        client.query(new DataRequest.KvPut("/end", new byte[] {1}, "", DataRequest.NO_VERSION))
                                .join()
                                .data();
                end = r.kv().rev();
            }
            List<Change> expected;
            try (HavenClient client = HavenClient.connect(
                            ClientOptions.of(leader.address()).withAutoHeartbeat(false))
                    .join()) {
                expected = WatchQuorumTest.replayLeaf(client, "/s/", end).stream()
                        .filter(c -> c.rev() > session.startAfter())
                        .toList();
            }
            long last = expected.get(expected.size() - 1).rev();
            try {
                awaitTrue(() -> session.lastAcked() >= last, "the session acknowledged revision " + last);
            } catch (AssertionError e) {
                String checkpoints = follower.log()
                        .lines()
                        .filter(l -> l.contains("checkpoint") || l.contains("ERROR") || l.contains("snapshot"))
                        .limit(40)
                        .reduce("", (a, b) -> a + "\n" + b);
                throw new AssertionError(e.getMessage() + "; the session acknowledged " + session.lastAcked()
                        + "; its notes:\n" + session.notes() + "\nthe follower's log:" + checkpoints);
            }
            List<Change> got = session.stop();
            assertTrue(
                    follower.log().contains("installed the leader's checkpoint"),
                    "the follower caught up without a checkpoint, so this test showed nothing");
            assertEquals(revs(expected), revs(got), session.notes());
        }
    }

    private static List<Long> revs(List<Change> changes) {
        return changes.stream().map(Change::rev).toList();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
