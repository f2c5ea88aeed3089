package io.haven.tests.faults;

import io.haven.protocol.message.Response;
import io.haven.tests.cluster.ClusterNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * Runs the steps of a {@link Schedule} against a {@link FaultCluster}, one at a time: find the leader, pick the
 * target, apply the fault, hold it, undo it, wait until the members agree on a leader again, then let the cluster
 * run healed for the step's gap. Every action is logged with the time since the cluster started and kept in {@link
 * #timeline()}.
 *
 * <p>{@link #healAll()} undoes whatever a failed step left: routes, paused and killed processes, a member out of
 * the quorum. It runs at the end of every run, also after a failure.
 *
 * <p>Not thread-safe: one thread runs the schedule.
 */
final class Nemesis {
    private final FaultCluster fc;
    private final List<String> timeline = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    Nemesis(FaultCluster fc) {
        this.fc = fc;
    }

    /** Runs every step, or until {@link #stop()}; the cluster is healed after each. */
    void run(Schedule schedule) throws Exception {
        note(schedule.describe().strip());
        for (int i = 0; i < schedule.steps().size() && !stopped; i++) {
            Schedule.Step s = schedule.steps().get(i);
            note("step " + (i + 1) + "/" + schedule.steps().size() + ": " + s);
            apply(s);
            ClusterNode leader = fc.awaitLeader();
            note("healed; leader " + leader.index());
            pause(s.gap());
        }
    }

    void stop() {
        stopped = true;
    }

    List<String> timeline() {
        return List.copyOf(timeline);
    }

    /** What went wrong in the steps that is a finding of its own (a CONTROL that failed), not a harness error. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    private void apply(Schedule.Step s) throws Exception {
        ClusterNode leader = fc.awaitLeader();
        Random pick = new Random(s.pick());
        List<ClusterNode> others = new ArrayList<>(fc.members());
        others.remove(leader);
        ClusterNode target = s.atLeader() ? leader : others.get(pick.nextInt(others.size()));
        String who = "node " + target.index() + (target == leader ? " (the leader)" : "");
        switch (s.fault()) {
            case KILL -> {
                note("kill -9 " + who);
                target.kill();
                pause(s.hold());
                note("restarting node " + target.index());
                target.start();
            }
            case PAUSE -> {
                note("kill -STOP " + who);
                target.pause();
                pause(s.hold());
                note("kill -CONT node " + target.index());
                target.resume();
            }
            case ISOLATE -> partition(
                    Set.of(target.index()), indexes(fc.nodes(), target), s.hold(), "isolating " + who);
            case SPLIT -> {
                List<ClusterNode> rest = new ArrayList<>(fc.nodes());
                rest.remove(target);
                ClusterNode second = rest.get(pick.nextInt(rest.size()));
                rest.remove(second);
                Set<Integer> minority = Set.of(target.index(), second.index());
                partition(
                        minority,
                        indexes(rest, null),
                        s.hold(),
                        "splitting minority " + minority + " (with " + who + ") from majority " + indexes(rest, null));
            }
            case BRIDGE -> {
                List<ClusterNode> rest = new ArrayList<>(fc.nodes());
                rest.remove(target);
                java.util.Collections.shuffle(rest, pick);
                Set<Integer> a = indexes(rest.subList(0, 2), null);
                Set<Integer> b = indexes(rest.subList(2, 4), null);
                partition(a, b, s.hold(), "cutting " + a + " from " + b + "; " + who + " bridges both");
            }
            case MEMBERSHIP -> membership(target, who, s.hold());
            case ONE_WAY -> {
                Set<Integer> rest = indexes(fc.nodes(), target);
                boolean out = pick.nextBoolean();
                note("dropping the packets " + (out ? "from " + who + " to" : "to " + who + " from") + " " + rest
                        + " (one way)");
                if (out) {
                    fc.network().cutOneWay(Set.of(target.index()), rest);
                } else {
                    fc.network().cutOneWay(rest, Set.of(target.index()));
                }
                pause(s.hold());
                note("healing the network");
                fc.network().heal();
            }
            case PAUSE_IN_PARTITION -> pauseInPartition(target, who, others, pick, s.hold());
            case KILL_IN_MEMBERSHIP -> killInMembership(target, who, leader, pick, s.hold());
            case KILL_IN_INSTALL -> killInInstall(target, who, s.hold());
            case SLOW_DISK -> {
                long delay = 200 + pick.nextInt(400);
                note("slowing the disk of " + who + ": every Raft log flush +" + delay + " ms");
                java.nio.file.Files.writeString(target.faultPoints(), "flush-delay-ms=" + delay + "\n");
                pause(s.hold());
                note("the disk of node " + target.index() + " is fast again");
                java.nio.file.Files.deleteIfExists(target.faultPoints());
            }
        }
    }

    /** Isolates the target; while it is cut off, pauses one node of the majority past an election timeout. */
    private void pauseInPartition(ClusterNode target, String who, List<ClusterNode> others, Random pick, Duration hold)
            throws Exception {
        List<ClusterNode> majority = new ArrayList<>(fc.nodes());
        majority.remove(target);
        ClusterNode paused = majority.get(pick.nextInt(majority.size()));
        note("isolating " + who);
        fc.network().cut(Set.of(target.index()), indexes(fc.nodes(), target));
        Duration before = Duration.ofMillis(500 + pick.nextInt(1500));
        pause(before);
        note("kill -STOP node " + paused.index() + " while " + who + " is cut off");
        paused.pause();
        pause(Schedule.ELECTION_MAX.plusSeconds(1));
        note("kill -CONT node " + paused.index());
        paused.resume();
        pause(hold.minus(before).minus(Schedule.ELECTION_MAX.plusSeconds(1)));
        note("healing the network");
        fc.network().heal();
    }

    /**
     * CONTROL leave on the target, and kill -9 of another member while the change is in flight: the leader, unless
     * the target is the leader (then a follower). The leave may answer either way; the membership is read back from
     * the cluster, and a target that left is joined again after the hold.
     */
    private void killInMembership(ClusterNode target, String who, ClusterNode leader, Random pick, Duration hold)
            throws Exception {
        List<ClusterNode> candidates = new ArrayList<>(fc.members());
        candidates.remove(target);
        ClusterNode victim = target == leader ? candidates.get(pick.nextInt(candidates.size())) : leader;
        note("leave quorum: " + who + ", and kill -9 node " + victim.index() + (victim == leader ? " (the leader)" : "")
                + " while it is in flight");
        java.util.concurrent.CompletableFuture<Response.ControlReply> left =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return fc.leave(target);
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
        pause(Duration.ofMillis(pick.nextInt(300)));
        victim.kill();
        try {
            note("leave answered "
                    + left.get(60, java.util.concurrent.TimeUnit.SECONDS).status());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Expected sometimes: the change met the kill. The cluster's own membership says what happened.
            note("leave failed (its leader was killed under it): " + e.getMessage());
        }
        pause(hold);
        note("restarting node " + victim.index());
        victim.start();
        fc.syncMembers();
        note("voters now " + indexes(fc.members(), null));
        if (!fc.members().contains(target)) {
            fc.removed(target);
            note("become quorum (join through the others): node " + target.index());
            Response.ControlReply joined = fc.join(target);
            note("join answered " + joined.status());
            fc.added(target);
        }
    }

    /**
     * Kills the target, keeps it down while the log is purged past it, restarts it, and kills it again as soon as
     * it starts installing the leader's checkpoint (its log says so), then restarts it for good. With the default
     * snapshot threshold the log is rarely purged that fast and no install starts: then it is a double kill.
     */
    private void killInInstall(ClusterNode target, String who, Duration hold) throws Exception {
        note("kill -9 " + who + " (to kill it again mid-install)");
        target.kill();
        pause(hold);
        int before = count(target.logText(), INSTALL_STARTED);
        note("restarting node " + target.index() + " and waiting for its checkpoint install to start");
        target.start();
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < end && count(target.logText(), INSTALL_STARTED) == before) {
            Thread.sleep(20);
        }
        boolean installing = count(target.logText(), INSTALL_STARTED) > before;
        note((installing ? "it is installing the leader's checkpoint: " : "no install started within 15 s: ")
                + "kill -9 node " + target.index());
        target.kill();
        pause(Duration.ofSeconds(2));
        note("restarting node " + target.index());
        target.start();
    }

    /** What a member logs when Ratis tells it to install the leader's checkpoint (QuorumStateMachine). */
    static final String INSTALL_STARTED = "installing the leader's checkpoint";

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private void partition(Set<Integer> a, Set<Integer> b, Duration hold, String what) throws Exception {
        note(what);
        fc.network().cut(a, b);
        pause(hold);
        note("healing the network");
        fc.network().heal();
    }

    private void membership(ClusterNode target, String who, Duration hold) throws Exception {
        note("leave quorum: " + who);
        try {
            Response.ControlReply left = fc.leave(target);
            note("leave answered " + left.status());
        } catch (Exception e) {
            // A refused or failed leave may still have taken the node out (FAULTS.md, finding 3): a problem of the
            // run, and the membership is read back from the cluster before going on.
            problems.add("CONTROL leave quorum sent to " + who + " failed: " + e.getMessage());
            note("leave failed: " + e.getMessage());
            fc.syncMembers();
            note("voters now " + indexes(fc.members(), null));
            if (fc.members().contains(target)) {
                return;
            }
        }
        fc.removed(target);
        ClusterNode leader = fc.awaitLeader();
        await("the leader to report 4 voters without node " + target.index(), () -> {
            try {
                return !fc.reportedMembers(leader).contains(target);
            } catch (Exception e) {
                return false;
            }
        });
        pause(hold);
        note("become quorum (join through the others): node " + target.index());
        Response.ControlReply joined = fc.join(target);
        note("join answered " + joined.status());
        fc.added(target);
    }

    /** Undoes everything: routes, paused and dead processes, members out of the quorum. Logs and goes on past errors. */
    void healAll() throws Exception {
        note("healing everything");
        try {
            fc.network().heal();
        } catch (IOException e) {
            note("healing the network failed: " + e.getMessage());
        }
        for (ClusterNode n : fc.nodes()) {
            java.nio.file.Files.deleteIfExists(n.faultPoints());
        }
        for (ClusterNode n : fc.nodes()) {
            if (n.isRunning() && !n.isServing()) {
                note("kill -CONT node " + n.index());
                n.resume();
            } else if (!n.isRunning()) {
                note("starting node " + n.index());
                n.start();
            }
        }
        fc.syncMembers();
        for (ClusterNode n : fc.nodes()) {
            if (!fc.members().contains(n)) {
                note("node " + n.index() + " is not a voter: joining it");
                fc.join(n);
                fc.added(n);
            }
        }
        ClusterNode after = fc.awaitLeader();
        await("the leader to report all " + fc.nodes().size() + " nodes as voters", () -> {
            try {
                return fc.reportedMembers(after).size() == fc.nodes().size();
            } catch (Exception e) {
                return false;
            }
        });
        note("healed; leader " + after.index() + ", voters " + indexes(fc.nodes(), null));
    }

    private static Set<Integer> indexes(List<ClusterNode> nodes, ClusterNode except) {
        Set<Integer> out = new HashSet<>();
        for (ClusterNode n : nodes) {
            if (n != except) {
                out.add(n.index());
            }
        }
        return out;
    }

    private void note(String line) {
        timeline.add(fc.clock() + " " + line);
        fc.log(line);
    }

    /** A fault's hold: the one place this harness waits on time rather than a condition, because time is the fault. */
    private void pause(Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (!stopped && System.nanoTime() < end) {
            Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + FaultCluster.READY.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("waited " + FaultCluster.READY + " for " + what);
            }
            Thread.sleep(200);
        }
    }
}
