package io.haven.quorum.internal;

import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Linearizable reads served in groups. A read waits for the next <em>barrier</em>: one ReadIndex round that
 * completes once this replica has applied everything committed when the round began. Every read that arrived
 * before a barrier began is then answered from the local replica, which is linearizable: the replica holds at least
 * every write that completed before the read arrived. Reads that arrive while a barrier is in flight wait for the
 * next one, which starts as soon as the current one ends. So a lone read pays one round, and a thousand concurrent
 * reads share two at most, instead of a Raft read request each.
 *
 * <p>When a barrier fails (no leader known, leadership moving) the reads it held go the slow way, one Raft read
 * request each, which waits for a leader and retries within the request's budget.
 *
 * <p>Thread-safe; {@link #read} never blocks.
 */
public final class ReadBarrier {
    private final Supplier<CompletableFuture<Void>> barrier;
    private final Function<DataRequest, DataResponse> local;
    private final Function<DataRequest, CompletableFuture<DataResponse>> slow;
    private final Executor executor;

    /** Reads waiting for the next barrier; guarded by {@code this}. */
    private List<Pending> waiting = new ArrayList<>();

    private boolean inFlight;

    private final java.util.concurrent.atomic.AtomicLong rounds = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong slowReads = new java.util.concurrent.atomic.AtomicLong();

    /** Barriers begun so far. */
    public long rounds() {
        return rounds.get();
    }

    /** Reads answered the slow way (their barrier failed). */
    public long slowReads() {
        return slowReads.get();
    }

    private record Pending(DataRequest request, CompletableFuture<DataResponse> answer) {}

    /**
     * @param barrier starts a ReadIndex round; completes when the local replica caught up with it
     * @param local answers a read from the local replica
     * @param slow answers one read through its own Raft read request
     * @param executor where reads are answered (never Ratis' threads nor the caller's)
     */
    ReadBarrier(
            Supplier<CompletableFuture<Void>> barrier,
            Function<DataRequest, DataResponse> local,
            Function<DataRequest, CompletableFuture<DataResponse>> slow,
            Executor executor) {
        this.barrier = barrier;
        this.local = local;
        this.slow = slow;
        this.executor = executor;
    }

    CompletableFuture<DataResponse> read(DataRequest request) {
        CompletableFuture<DataResponse> answer = new CompletableFuture<>();
        boolean start;
        synchronized (this) {
            waiting.add(new Pending(request, answer));
            start = !inFlight;
            inFlight = true;
        }
        if (start) {
            next();
        }
        return answer;
    }

    /** Starts a barrier for the reads waiting now; when it ends, answers them and starts the next if any wait. */
    private void next() {
        List<Pending> group;
        synchronized (this) {
            if (waiting.isEmpty()) {
                inFlight = false;
                return;
            }
            group = waiting;
            waiting = new ArrayList<>();
        }
        CompletableFuture<Void> round;
        rounds.incrementAndGet();
        try {
            round = barrier.get();
        } catch (RuntimeException e) {
            round = CompletableFuture.failedFuture(e);
        }
        round.whenCompleteAsync(
                (ok, error) -> {
                    try {
                        for (Pending p : group) {
                            if (error == null) {
                                answerLocally(p);
                            } else {
                                answerSlowly(p);
                            }
                        }
                    } finally {
                        next();
                    }
                },
                executor);
    }

    private void answerSlowly(Pending p) {
        slowReads.incrementAndGet();
        CompletableFuture<DataResponse> r;
        try {
            r = slow.apply(p.request());
        } catch (RuntimeException e) {
            r = CompletableFuture.failedFuture(e);
        }
        r.whenComplete((response, e) -> {
            if (e != null) {
                p.answer().completeExceptionally(e);
            } else {
                p.answer().complete(response);
            }
        });
    }

    private void answerLocally(Pending p) {
        try {
            p.answer().complete(local.apply(p.request()));
        } catch (RuntimeException e) {
            p.answer().completeExceptionally(e);
        }
    }
}
