package io.haven.quorum;

import static io.haven.quorum.MiniQuorumCluster.await;
import static io.haven.quorum.MiniQuorumCluster.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.message.Consistency;
import io.haven.quorum.internal.QuorumHandle;
import io.haven.quorum.internal.QuorumStateMachine;
import io.haven.storage.Chain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica whose store diverges (a fault point makes one follower store another value) finds it from the leader's
 * hash chain on a tick, stops serving, and repairs itself from the leader's checkpoint.
 */
class DivergenceTest {
    @TempDir
    Path dir;

    /** One read of the diverging follower: when it started and what it saw ("" for UNAVAILABLE). */
    private record Read(long startNanos, String value) {}

    @Test
    void aDivergedFollowerIsFoundWithinTwoTicksStopsServingAndRepairsItselfFromTheLeader() throws Exception {
        try (MiniQuorumCluster c = MiniQuorumCluster.start(dir, 3, "q1")) {
            Quorum leader = c.leader().quorum("q1").orElseThrow();
            RaftNode followerNode = c.follower();
            Quorum follower = followerNode.quorum("q1").orElseThrow();
            QuorumStateMachine sm = ((QuorumHandle) follower).stateMachine();
            await(leader.query(put("/d/k", "v0"), Consistency.LINEARIZABLE));
            c.awaitApplied();

            List<Read> reads = new CopyOnWriteArrayList<>();
            AtomicBoolean reading = new AtomicBoolean(true);
            Thread reader = new Thread(() -> {
                while (reading.get()) {
                    long start = System.nanoTime();
                    reads.add(new Read(start, read(follower)));
                    Thread.onSpinWait();
                }
            });
            reader.start();

            followerNode.faults().corruptApplies(1);
            await(leader.query(put("/d/k", "good"), Consistency.LINEARIZABLE));
            c.awaitApplied();
            long ticksBefore = sm.ticksApplied();

            waitFor(() -> sm.safety().status().divergences() == 1, "the follower to find its divergence");
            long detected = sm.divergedSince().orElse(Long.MAX_VALUE);
            long ticksToFind = sm.ticksAtDivergence() - ticksBefore;
            waitFor(
                    () -> sm.safety().status().repairs() == 1 && !sm.diverged(),
                    "the follower to repair itself from the leader's checkpoint");
            waitFor(() -> "good".equals(read(follower)), "the repaired follower to serve the leader's value");
            reading.set(false);
            reader.join();

            assertTrue(ticksToFind <= 2, "found " + ticksToFind + " ticks after applying the corrupted write");
            assertTrue(detected != Long.MAX_VALUE, "the divergence time was recorded while diverged");
            assertTrue(reads.stream().anyMatch(r -> r.value().equals("good!")), "the corruption was readable first");
            List<Read> bad = reads.stream()
                    .filter(r -> r.startNanos() > detected && r.value().equals("good!"))
                    .toList();
            assertEquals(List.of(), bad, "no read begun after the divergence was found saw the corrupted value");
            assertTrue(sm.installedSnapshots() >= 1, "the repair installed the leader's checkpoint");

            // Afterwards the follower's chain agrees with the leader's again.
            await(leader.query(put("/d/k", "after"), Consistency.LINEARIZABLE));
            c.awaitApplied();
            Chain mine = sm.chain().orElseThrow();
            QuorumStateMachine leaderSm = ((QuorumHandle) leader).stateMachine();
            waitFor(() -> leaderSm.chainAt(mine.index()).isPresent(), "the leader's chain at " + mine.index());
            Chain leaders = leaderSm.chainAt(mine.index()).orElseThrow();
            assertTrue(mine.agreesWith(leaders), mine + " vs " + leaders);
            assertEquals(0, sm.safety().status().truncatedApplied());
            assertFalse(
                    ((QuorumHandle) leader).stateMachine().safety().status().violated(),
                    "the leader saw nothing wrong");
        }
    }

    private static DataRequest put(String key, String value) {
        return new DataRequest.KvPut(key, value.getBytes(StandardCharsets.UTF_8), "", DataRequest.NO_VERSION);
    }

    /** A serializable read of /d/k on {@code q}: its value, or "" when the replica refuses (UNAVAILABLE). */
    private static String read(Quorum q) {
        try {
            DataResponse r = q.query(new DataRequest.KvGet("/d/k"), Consistency.SERIALIZABLE)
                    .get();
            return new String(((DataResult.KvResult) r.data()).kv().value(), StandardCharsets.UTF_8);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof HavenException h && h.status() == 503) {
                return "";
            }
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
