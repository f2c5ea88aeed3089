package io.haven.quorum.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The places where tests and the fault harness make one node's quorums fail on purpose, in one class (as Ratis'
 * {@code CodeInjectionForTesting} keeps its injection points together). Every point is off until something sets it,
 * and costs one atomic read when off. One instance per {@link RaftNode}, shared by the state machines it makes.
 *
 * <table>
 *   <caption>fault points</caption>
 *   <tr><th>point</th><th>effect</th><th>used by</th></tr>
 *   <tr><td>{@link #failAppends}</td><td>the next n follower log appends of Haven entries throw, which poisons
 *       Ratis' append chain (FAULTS.md finding 2)</td><td>QuorumTest</td></tr>
 *   <tr><td>{@link #failStoreOpens}</td><td>the next n store opens fail, as a store still locked would</td>
 *       <td>QuorumTest</td></tr>
 *   <tr><td>{@link #corruptApplies}</td><td>the next n applied kv writes store another value on this member only
 *       (a replica that diverged)</td><td>DivergenceTest</td></tr>
 *   <tr><td>{@link #delayFlushes}</td><td>every Raft log flush takes this much longer (a slow disk)</td><td>the
 *       fault harness' slow-disk nemesis</td></tr>
 *   <tr><td>{@link #gateFlushes}</td><td>Raft log flushes wait until the returned future completes</td>
 *       <td>FollowerAppendSafetyTest</td></tr>
 * </table>
 *
 * <p>Thread-safe: every field is atomic.
 */
public final class FaultPoints {
    private final AtomicInteger appendFailures = new AtomicInteger();
    private final AtomicInteger storeOpenFailures = new AtomicInteger();
    private final AtomicInteger applyCorruptions = new AtomicInteger();
    private final AtomicLong flushDelayMs = new AtomicLong();
    private final AtomicReference<CompletableFuture<Void>> flushGate = new AtomicReference<>();

    /** Makes the next {@code n} follower log appends of Haven entries on this node fail. */
    public void failAppends(int n) {
        appendFailures.set(n);
    }

    /** Makes the next {@code n} quorum store opens on this node fail. */
    public void failStoreOpens(int n) {
        storeOpenFailures.set(n);
    }

    /** Makes the next {@code n} kv writes this node applies store a different value than every other member. */
    public void corruptApplies(int n) {
        applyCorruptions.set(n);
    }

    /** Slows every Raft log flush on this node by {@code ms} (0 turns it off). */
    public void delayFlushes(long ms) {
        flushDelayMs.set(Math.max(0, ms));
    }

    public long flushDelayMs() {
        return flushDelayMs.get();
    }

    /**
     * Holds every Raft log flush on this node from now until the returned future is completed (which the caller
     * must do; completing it opens the gate for good).
     */
    public CompletableFuture<Void> gateFlushes() {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        flushGate.set(gate);
        gate.whenComplete((v, e) -> flushGate.compareAndSet(gate, null));
        return gate;
    }

    public int appendFailuresLeft() {
        return appendFailures.get();
    }

    public int storeOpenFailuresLeft() {
        return storeOpenFailures.get();
    }

    boolean takeAppendFailure() {
        return takeOne(appendFailures);
    }

    boolean takeStoreOpenFailure() {
        return takeOne(storeOpenFailures);
    }

    boolean takeApplyCorruption() {
        return takeOne(applyCorruptions);
    }

    /** What a Raft log flush waits for: nothing, the gate, or the disk's extra delay. */
    CompletableFuture<Void> beforeFlush() {
        CompletableFuture<Void> gate = flushGate.get();
        if (gate != null) {
            return gate;
        }
        long delay = flushDelayMs.get();
        if (delay > 0) {
            return CompletableFuture.runAsync(
                    () -> {}, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Sets the points a properties file names (only {@code flush-delay-ms} so far), if the file changed since the
     * last call: how the fault harness slows one node's disk from outside its process. A missing file turns the
     * points it sets off.
     */
    void reload(java.nio.file.Path file) {
        long modified;
        try {
            modified = java.nio.file.Files.exists(file)
                    ? java.nio.file.Files.getLastModifiedTime(file).toMillis()
                    : 0;
        } catch (java.io.IOException e) {
            return;
        }
        if (modified == fileModified) {
            return;
        }
        fileModified = modified;
        java.util.Properties p = new java.util.Properties();
        if (modified != 0) {
            try (java.io.Reader in = java.nio.file.Files.newBufferedReader(file)) {
                p.load(in);
            } catch (java.io.IOException | IllegalArgumentException e) {
                return;
            }
        }
        delayFlushes(Long.parseLong(p.getProperty("flush-delay-ms", "0").trim()));
    }

    /** When {@link #reload} last read its file (its modification time, 0 for none); the node's ticker only. */
    private long fileModified = -1;

    private static boolean takeOne(AtomicInteger counter) {
        return counter.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }
}
