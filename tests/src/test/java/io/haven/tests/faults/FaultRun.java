package io.haven.tests.faults;

import io.haven.tests.cluster.ClusterNode;
import io.haven.tests.lin.Budget;
import io.haven.tests.lin.CheckResult;
import io.haven.tests.lin.Checker;
import io.haven.tests.lin.History;
import io.haven.tests.lin.HistoryFile;
import io.haven.tests.lin.KvModel;
import io.haven.tests.lin.Op;
import io.haven.tests.lin.PromiseModel;
import io.haven.tests.lin.TaskModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One fault-injection run: five nodes in namespaces, the three workloads recording one history, the nemesis
 * schedule, then (healed, clients stopped) the checks:
 *
 * <ol>
 *   <li>a fence write that every member applies, final linearizable reads of every object, and the members'
 *       revisions converging;
 *   <li>serializable reads of every object on every member equal to the final reads (no acknowledged write
 *       missing anywhere);
 *   <li>the history linearizable (the {@code io.haven.tests.lin} checker; any anomaly prints the smallest failing
 *       history);
 *   <li>no task token {@code (id, version)} held by two pids, straight from the history;
 *   <li>every node stops cleanly on SIGTERM, and the members' stores have one digest;
 *   <li>two watch streams on {@code /faults/}, kept through the run across reconnects, delivered every
 *       acknowledged register write after they began, once per revision, in order;
 *   <li>no node's safety detector fired: no truncation of the Raft log below an applied index, no hash chain
 *       that differed from the leader's ({@code SAFETY:} lines in the node logs).
 * </ol>
 *
 * The run's directory (node data, logs, the history as JSON lines) is removed when every check passed (unless
 * {@code -Dhaven.faults.keep=true}) and kept otherwise, and its path printed.
 */
final class FaultRun {
    /**
     * havend settings of both schedules: a low snapshot threshold and small log segments, so that the log is purged
     * every few seconds and restarted, paused, cut-off and rejoining members catch up by installing the leader's
     * checkpoint.
     */
    static final List<String> SMALL_LOG = List.of("raft-snapshot-threshold=300", "raft-log-segment-bytes=32768");

    /** What the watch streams watch: every object the workloads and the fence touch. */
    static final String WATCHED = "/faults/";

    /** Fewer answered calls than this per workload means the cluster served almost nothing during the run. */
    static final int MIN_ANSWERED = 50;

    private final Path dir;
    private final Schedule schedule;
    private final Budget budget;
    private final List<String> settings;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param budget how long the checker may search before it answers UNKNOWN (which fails the run too)
     * @param settings havend settings ({@code key=value}) of every node
     */
    FaultRun(Path dir, Schedule schedule, Budget budget, List<String> settings) {
        this.dir = dir;
        this.schedule = schedule;
        this.budget = budget;
        this.settings = List.copyOf(settings);
    }

    /** Runs everything and returns what went wrong (empty when every check passed). */
    List<String> run() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(dir);
        System.err.println(
                "[faults] seed " + schedule.seed() + ", run directory " + dir + ", havend settings " + settings);
        History history = new History();
        try (FaultCluster fc = FaultCluster.start(dir.resolve("nodes"), settings)) {
            List<Workload> workloads = List.of(
                    new RegisterWorkload(fc.cluster(), history, 4, 4, schedule.seed()),
                    new PromiseWorkload(fc.cluster(), history, 3, schedule.seed()),
                    new TaskWorkload(fc.cluster(), history, 3, schedule.seed()));
            RegisterWorkload registers = (RegisterWorkload) workloads.get(0);
            List<WatchStream> watches = List.of(
                    new WatchStream("watch-a", WATCHED, fc.nodes(), (int) Math.floorMod(schedule.seed(), 5L)),
                    new WatchStream("watch-b", WATCHED, fc.nodes(), (int) Math.floorMod(schedule.seed() + 2, 5L)));
            Nemesis nemesis = new Nemesis(fc);
            Schedule effective = fc.network().canPartition() ? schedule : withoutPartitions(schedule);
            watches.forEach(WatchStream::start);
            workloads.forEach(Workload::start);
            try {
                runAndHeal(nemesis, effective);
            } finally {
                for (Workload w : workloads) {
                    w.stop();
                }
            }
            problems.addAll(nemesis.problems());
            fc.log("clients stopped: "
                    + workloads.stream().map(Workload::summary).toList());

            ClusterNode leader = fc.awaitLeader();
            long fenceRev = FinalState.fence(fc, leader);
            for (WatchStream w : watches) {
                w.awaitRevision(fenceRev, FaultCluster.READY);
                w.stop();
                problems.addAll(w.problems(registers.acked()));
            }
            fc.log("watch streams: "
                    + watches.stream().map(WatchStream::summary).toList() + "; "
                    + registers.acked().size() + " register writes acknowledged");
            for (Workload w : workloads) {
                w.finish(leader);
            }
            Map<Integer, Long> revisions = FinalState.awaitSameRevision(fc);
            fc.log("fence applied everywhere, final reads done; revisions " + revisions);
            for (Workload w : workloads) {
                problems.addAll(w.compareMembers(fc.nodes()));
                w.unexpected.forEach(u -> problems.add("unexpected answer: " + u));
            }
            fc.log("serializable reads on every member compared");

            List<Op> ops = history.ops();
            checkHistory(ops, fc);
            TaskWorkload.doubleHolders(ops).forEach(d -> problems.add("two holders of one task token: " + d));

            Map<Integer, StoreDigest> digests = FinalState.stopAndDigest(fc, problems);
            fc.log("store digests " + digests);
            fc.log("checkpoint installs (\"fetched the leader's checkpoint\" in the node logs): " + installs(fc));
            fc.log("members whose division was restarted (FAULTS.md finding 2): " + FinalState.restarted(fc));
            problems.addAll(FinalState.compareDigests(digests));
            fc.log("safety detectors (SAFETY: lines in the node logs): "
                    + FinalState.describeSafety(FinalState.safety(fc, problems)));
            fc.log(String.format(
                    "run done in %.1f s: %d calls (%s), %d problems",
                    (System.nanoTime() - started) / 1e9, ops.size(), outcomes(ops), problems.size()));
            System.err.println("[faults] timeline:\n  " + String.join("\n  ", nemesis.timeline()));
        } catch (Exception | AssertionError e) {
            problems.add("the run failed: " + e);
            // What was recorded up to the failure is a history like any other: a stuck member must not hide an
            // anomaly before it.
            try {
                checkHistory(history.ops(), null);
            } catch (IOException | RuntimeException c) {
                e.addSuppressed(c);
            }
            System.err.println("[faults] problems: " + problems);
            throw e;
        } finally {
            if (problems.isEmpty() && !Boolean.getBoolean("haven.faults.keep")) {
                deleteTree(dir);
            } else {
                System.err.println("[faults] seed " + schedule.seed() + ": " + problems.size()
                        + " problems; run directory kept: " + dir);
            }
        }
        return List.copyOf(problems);
    }

    /**
     * Runs the schedule and heals whatever happened; a failure of the healing does not hide the failure of the
     * schedule that caused it (it is attached as suppressed).
     */
    private static void runAndHeal(Nemesis nemesis, Schedule schedule) throws Exception {
        try {
            nemesis.run(schedule);
        } catch (Exception | AssertionError e) {
            try {
                nemesis.healAll();
            } catch (Exception | AssertionError h) {
                e.addSuppressed(h);
            }
            throw e;
        }
        nemesis.healAll();
    }

    /** Writes the history to the run directory and checks it; an anomaly or an exhausted budget is a problem. */
    private void checkHistory(List<Op> ops, FaultCluster fc) throws IOException {
        HistoryFile.write(ops, dir.resolve("history.jsonl"));
        long checkStart = System.nanoTime();
        CheckResult result = new Checker(List.of(new KvModel(), new PromiseModel(), new TaskModel(true)))
                .withBudget(budget)
                .check(ops);
        String line = "checked " + ops.size() + " calls in " + (System.nanoTime() - checkStart) / 1_000_000 + " ms: "
                + result.verdict() + " (" + result.keys() + " keys)";
        if (fc != null) {
            fc.log(line);
        } else {
            System.err.println("[faults] " + line);
        }
        if (!result.linearizable()) {
            problems.add("history " + result.report());
        }
    }

    /** How often each node installed the leader's checkpoint, from its log: evidence the run exercised it. */
    private static Map<Integer, Integer> installs(FaultCluster fc) throws IOException {
        Map<Integer, Integer> out = new java.util.TreeMap<>();
        for (ClusterNode n : fc.nodes()) {
            String log = n.logText();
            int count = 0;
            for (int i = log.indexOf("fetched the leader's checkpoint");
                    i >= 0;
                    i = log.indexOf("fetched the leader's checkpoint", i + 1)) {
                count++;
            }
            out.put(n.index(), count);
        }
        return out;
    }

    private static String outcomes(List<Op> ops) {
        Map<Object, Long> byOutcome = new java.util.TreeMap<>();
        for (Op op : ops) {
            byOutcome.merge(op.outcome(), 1L, Long::sum);
        }
        return byOutcome.toString();
    }

    private static Schedule withoutPartitions(Schedule s) {
        return new Schedule(
                s.seed(),
                s.steps().stream().filter(st -> !st.fault().isPartition()).toList());
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
