package io.haven.quorum.internal;

import io.haven.protocol.HavenException;
import io.haven.storage.AppliedIndex;
import io.haven.storage.Chain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Divergence detection beyond a corruption check: the leader's ticks carry its hash chain at an index it applied,
 * and this replica compares it with its own at that index. Unequal means this replica's store holds something the
 * leader's does not (or the other way round; the leader's is the reference, as its log is): the replica stops
 * serving the quorum (fail-stop: reads, watches and the change log answer UNAVAILABLE naming why), logs a SAFETY
 * error, and repairs itself from the leader's checkpoint, which is fetched in the background here and swapped in by
 * the apply thread ({@link QuorumStateMachine}).
 *
 * <p>Threads: {@link #record} and {@link #compare} run on the apply thread; the rest may be called from any thread.
 */
final class DivergenceCheck {
    private static final Logger LOG = LoggerFactory.getLogger(DivergenceCheck.class);
    private static final ExecutorService REPAIRS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "haven-repair");
        t.setDaemon(true);
        return t;
    });

    /**
     * When this replica found that it diverged, at which index, its applied index then (what it reports as its
     * snapshot until repaired, so Ratis keeps the log a repair may replay) and the ticks applied by then.
     */
    private record Divergence(long index, long appliedThen, long ticksThen, String why) {}

    /** A fetched checkpoint of the leader and the applied index it holds. */
    record Repair(Path dir, AppliedIndex at) {}

    private final Supplier<String> quorum;
    private final Safety safety;
    private final CheckpointFetcher fetcher;
    private final Path repairDir;
    private final RecentChains recent = new RecentChains();
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicReference<Repair> fetched = new AtomicReference<>();
    private volatile Divergence diverged;
    /**
     * When {@link #diverged} was last set ({@link System#nanoTime()}), read after it was: a read of the store that
     * begins after this time sees the divergence and refuses.
     */
    private volatile long detectedNanos;

    DivergenceCheck(Supplier<String> quorum, Safety safety, CheckpointFetcher fetcher, Path repairDir) {
        this.quorum = quorum;
        this.safety = safety;
        this.fetcher = fetcher;
        this.repairDir = repairDir;
    }

    /** The chain as of an entry just applied (and, for a tick, one tick more). Apply thread. */
    void record(Chain chain, boolean tick) {
        recent.record(chain);
        if (tick) {
            ticks.incrementAndGet();
        }
    }

    /** Forgets the chains recorded so far (the store was replaced). Apply thread. */
    void clear() {
        recent.clear();
    }

    /** Compares the leader's chain with this replica's own at its index; see the class comment. Apply thread. */
    void compare(Chain leaders, long appliedNow) {
        if (diverged != null) {
            return;
        }
        Optional<Chain> mine = recent.at(leaders.index());
        if (mine.isEmpty()
                || mine.get().origin() != leaders.origin()
                || mine.get().agreesWith(leaders)) {
            return;
        }
        String why = "quorum " + quorum.get() + " on this node diverged from its leader at index " + leaders.index()
                + " (this replica " + mine.get() + ", the leader " + leaders + ")";
        diverged = new Divergence(leaders.index(), appliedNow, ticks.get(), why);
        detectedNanos = System.nanoTime();
        safety.diverged(why);
        LOG.error("SAFETY: {}; it stops serving the quorum and repairs itself from the leader's checkpoint", why);
        fetchRepair();
    }

    /** Fetches the leader's checkpoint in the background, again until one arrives while this replica is diverged. */
    void fetchRepair() {
        Divergence d = diverged;
        if (d == null) {
            return;
        }
        CompletableFuture.runAsync(
                () -> {
                    try {
                        AppliedIndex at = fetcher.fetch(d.appliedThen(), repairDir);
                        fetched.set(new Repair(repairDir, at));
                    } catch (IOException | RuntimeException e) {
                        LOG.warn(
                                "quorum {}: fetching a checkpoint to repair this replica failed: {}",
                                quorum.get(),
                                e.toString());
                        if (diverged == d) {
                            CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS, REPAIRS)
                                    .execute(this::fetchRepair);
                        }
                    }
                },
                REPAIRS);
    }

    /** The fetched checkpoint waiting to be swapped in, taken (at most once). */
    Optional<Repair> takeRepair() {
        return Optional.ofNullable(fetched.getAndSet(null));
    }

    /** The replica serves again: the divergence is over. */
    void repaired() {
        diverged = null;
    }

    /** The fail-stop check of every read of this replica's store. */
    void checkServing() {
        Divergence d = diverged;
        if (d != null) {
            throw HavenException.unavailable(
                    d.why() + "; it is repairing itself from the leader's checkpoint", quorum.get());
        }
    }

    boolean diverged() {
        return diverged != null;
    }

    /** What the replica may report as its snapshot: while diverged, no more than its applied index back then. */
    long snapshotIndex(long applied) {
        Divergence d = diverged;
        return d == null ? applied : Math.min(d.appliedThen(), applied);
    }

    /** When the divergence now being repaired was found ({@link System#nanoTime()}), or empty. */
    OptionalLong since() {
        Divergence d = diverged;
        return d == null ? OptionalLong.empty() : OptionalLong.of(detectedNanos);
    }

    long ticks() {
        return ticks.get();
    }

    /** The number of ticks applied when the divergence now being repaired was found, or -1. */
    long ticksAtDivergence() {
        Divergence d = diverged;
        return d == null ? -1 : d.ticksThen();
    }

    /** This replica's chain at a recently applied index. */
    Optional<Chain> at(long index) {
        return recent.at(index);
    }
}
