package io.haven.quorum.internal;

import io.haven.quorum.SafetyStatus;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.ratis.server.protocol.TermIndex;

/**
 * What one replica saw go against Raft's guarantees, counted since the process started. Each count should stay 0
 * forever; the fault schedules assert that it does on every node after every run, {@code havenctl status} shows it,
 * and the metrics export it.
 *
 * <ul>
 *   <li>{@code truncatedApplied}: the Raft log was truncated at or below the last applied index, so this replica
 *       had applied an entry that was never committed;
 *   <li>{@code divergences}: this replica's hash chain of applied changes differed from the leader's at the same
 *       index, so its store holds something the leader's does not;
 *   <li>{@code repairs}: a diverged replica replaced its store with the leader's checkpoint.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class Safety {
    private final AtomicLong truncatedApplied = new AtomicLong();
    private final AtomicLong divergences = new AtomicLong();
    private final AtomicLong repairs = new AtomicLong();
    private final AtomicReference<String> last = new AtomicReference<>("");

    void truncatedApplied(long index, TermIndex applied) {
        truncatedApplied.incrementAndGet();
        last.set("log truncated from " + index + " after applying " + applied);
    }

    void diverged(String why) {
        divergences.incrementAndGet();
        last.set(why);
    }

    void repaired(String how) {
        repairs.incrementAndGet();
        last.set(how);
    }

    public SafetyStatus status() {
        return new SafetyStatus(truncatedApplied.get(), divergences.get(), repairs.get(), last.get());
    }
}
