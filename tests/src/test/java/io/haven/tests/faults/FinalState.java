package io.haven.tests.faults;

import io.haven.client.HavenClient;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.message.Consistency;
import io.haven.quorum.RaftNode;
import io.haven.tests.cluster.ClusterNode;
import io.haven.tests.cluster.HavenCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The checks of the members' state after a run, once the cluster is healed and the clients have stopped: a fence
 * write every member must apply, the members' revisions converging, and, with the nodes stopped, their store
 * digests.
 */
final class FinalState {
    static final String FENCE = "/faults/fence";
    private static final Duration CONVERGE = Duration.ofSeconds(90);

    private FinalState() {}

    /**
     * Writes a unique value to {@link #FENCE} through {@code leader} (retrying until it is acknowledged) and waits
     * until every node reads it back serializably: each member has then applied every write acknowledged before.
     *
     * @return the revision of the fence write
     */
    static long fence(FaultCluster fc, ClusterNode leader) throws InterruptedException {
        String value = UUID.randomUUID().toString();
        HavenClient c = fc.cluster().client(leader);
        DataRequest put = new DataRequest.KvPut(
                FENCE, value.getBytes(StandardCharsets.UTF_8), "text/plain", DataRequest.NO_VERSION);
        long end = System.nanoTime() + CONVERGE.toNanos();
        Answer a;
        do {
            a = Answer.send(c, put, Consistency.LINEARIZABLE, Workload.DEADLINE);
            if (System.nanoTime() > end) {
                throw new AssertionError("the fence write was never acknowledged: " + a);
            }
        } while (!(a instanceof Answer.Ok));
        long rev = ((Answer.Ok) a).response().data() instanceof DataResult.KvResult kv
                ? kv.kv().rev()
                : 0;
        for (ClusterNode n : fc.nodes()) {
            HavenClient nc = fc.cluster().client(n);
            while (!fenceSeen(nc, value)) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("node " + n.index() + " never applied the fence write");
                }
                Thread.sleep(200);
            }
        }
        return rev;
    }

    private static boolean fenceSeen(HavenClient c, String value) throws InterruptedException {
        Answer a = Answer.send(c, new DataRequest.KvGet(FENCE), Consistency.SERIALIZABLE, Workload.DEADLINE);
        return a instanceof Answer.Ok ok
                && ok.response().data() instanceof DataResult.KvResult kv
                && new String(kv.kv().value(), StandardCharsets.UTF_8).equals(value);
    }

    /**
     * Waits until every node reports the same revision in two rounds a second apart (nothing is changing any more).
     *
     * @return the revision, by node index
     */
    /**
     * The signatures of FAULTS.md finding 2 in a node's log: Ratis refused a follower append past a gap, and the node
     * restarted the member's division (closed, or with its appends failing for good) from its log.
     */
    static final String FINDING_2 = "Difference between entry index and RaftLog's last index";

    static final String RESTARTED = "restarted this member's division";

    /** Nodes whose log shows finding 2, and how many division restarts each logged. */
    static Map<Integer, String> restarted(FaultCluster fc) {
        Map<Integer, String> out = new java.util.TreeMap<>();
        for (ClusterNode n : fc.nodes()) {
            try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(n.logFile())) {
                long[] counts = new long[2];
                lines.forEach(l -> {
                    if (l.contains(FINDING_2)) {
                        counts[0]++;
                    }
                    if (l.contains(RESTARTED)) {
                        counts[1]++;
                    }
                });
                if (counts[0] > 0 || counts[1] > 0) {
                    out.put(n.index(), counts[0] + " gap refusals, " + counts[1] + " restarts");
                }
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                // No log, nothing to report.
            }
        }
        return out;
    }

    /** What a node logs when its safety detector fires (QuorumStateMachine): every run must end with none. */
    static final String SAFETY = "SAFETY:";

    static final String SAFETY_TRUNCATED = "the Raft log is truncated from index";
    static final String SAFETY_DIVERGED = "diverged from its leader";

    /**
     * Each node's safety detector counts, from its log: truncations of the Raft log below the applied index (an
     * uncommitted entry applied, FAULTS.md finding 5) and divergences of its hash chain from the leader's; each is
     * a problem of the run.
     */
    static Map<Integer, long[]> safety(FaultCluster fc, List<String> problems) {
        Map<Integer, long[]> out = new java.util.TreeMap<>();
        for (ClusterNode n : fc.nodes()) {
            long[] counts = new long[2];
            try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(n.logFile())) {
                lines.filter(l -> l.contains(SAFETY)).forEach(l -> {
                    if (l.contains(SAFETY_TRUNCATED)) {
                        counts[0]++;
                    } else if (l.contains(SAFETY_DIVERGED)) {
                        counts[1]++;
                    }
                    problems.add("node " + n.index() + " logged a safety violation: " + l.strip());
                });
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                problems.add("node " + n.index() + ": its log could not be read for safety events: " + e);
            }
            out.put(n.index(), counts);
        }
        return out;
    }

    static String describeSafety(Map<Integer, long[]> counts) {
        StringBuilder b = new StringBuilder();
        counts.forEach((node, c) -> b.append(b.length() == 0 ? "" : ", ")
                .append("node ")
                .append(node)
                .append(": ")
                .append(c[0])
                .append(" truncated-applied, ")
                .append(c[1])
                .append(" diverged"));
        return b.toString();
    }

    static Map<Integer, Long> awaitSameRevision(FaultCluster fc) throws InterruptedException {
        long end = System.nanoTime() + CONVERGE.toNanos();
        Map<Integer, Long> last = Map.of();
        while (true) {
            Map<Integer, Long> now = new LinkedHashMap<>();
            for (ClusterNode n : fc.nodes()) {
                now.put(n.index(), revision(fc.cluster().client(n)).orElse(-1L));
            }
            boolean same = now.values().stream().distinct().count() == 1 && !now.containsValue(-1L);
            if (same && now.equals(last)) {
                return now;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("the members' revisions did not converge within " + CONVERGE + ": " + now);
            }
            last = now;
            Thread.sleep(1000);
        }
    }

    /** The revision a member has applied, as watch.add reports it (the watch is removed at once). */
    static Optional<Long> revision(HavenClient c) throws InterruptedException {
        Answer a = Answer.send(c, new DataRequest.WatchAdd("/", 0, false), Consistency.SERIALIZABLE, Workload.DEADLINE);
        if (a instanceof Answer.Ok ok && ok.response().data() instanceof DataResult.WatchAdded w) {
            Answer.send(c, new DataRequest.WatchRemove(w.watch()), Consistency.SERIALIZABLE, Workload.DEADLINE);
            return Optional.of(w.rev());
        }
        return Optional.empty();
    }

    /**
     * Stops every node with SIGTERM (they close their stores) and digests each one's store offline.
     *
     * @return the digests by node index, and lines for any node that did not stop cleanly
     */
    static Map<Integer, StoreDigest> stopAndDigest(FaultCluster fc, List<String> problems) throws Exception {
        for (ClusterNode n : fc.nodes()) {
            int exit = n.stop(Duration.ofSeconds(60));
            if (exit != 0) {
                problems.add("node " + n.index() + " exited " + exit + " on SIGTERM");
            }
        }
        String group = RaftNode.groupId(HavenCluster.QUORUM).getUuid().toString();
        Map<Integer, StoreDigest> digests = new LinkedHashMap<>();
        for (ClusterNode n : fc.nodes()) {
            digests.put(n.index(), StoreDigest.of(StoreDigest.storeDir(n.data(), group)));
        }
        return digests;
    }

    /** Lines naming the members whose digest differs from node 0's (empty when all are the same). */
    static List<String> compareDigests(Map<Integer, StoreDigest> digests) {
        List<String> out = new ArrayList<>();
        if (digests.values().stream().map(StoreDigest::sha256).distinct().count() > 1) {
            digests.forEach((i, d) -> out.add("node " + i + " store: " + d));
        }
        return out;
    }
}
