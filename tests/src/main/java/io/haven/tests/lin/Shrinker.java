package io.haven.tests.lin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Shrinks a failing history of one object to a small one that still fails, using only changes after which a failure
 * is still a real one: if the smaller history is not linearizable, neither was the original. Removing any call
 * whose removal makes the check fail would not do: dropping a write makes a read of its value "a read of a value
 * never written", and greedy removal would end at one such read, a failure that says nothing. The sound changes:
 *
 * <ol>
 *   <li>Cutting at a time t: calls invoked after t are dropped, and calls still open at t lose their answer (become
 *       indeterminate). Linearizability is closed under prefixes, so a failing cut is a real failure; the earliest
 *       failing cut is found by bisection, since every later cut of a failing one fails too.
 *   <li>Removing calls that leave the object as it was ({@link Model#readOnly}: reads, conflicts, 200 answers): a
 *       linearization of the original minus such a call is one of the smaller history.
 * </ol>
 *
 * Removals are tried as in delta debugging: halves of the removable calls first, then quarters, down to single
 * calls. Candidates whose check runs out of budget count as not failing, so the result is always a history the
 * checker proved not linearizable. Confined to the calling thread.
 */
final class Shrinker<S> {
    private final Model<S> model;
    private final long stepsPerCheck;
    private final long deadlineNanos;

    Shrinker(Model<S> model, long stepsPerCheck, long deadlineNanos) {
        this.model = model;
        this.stepsPerCheck = stepsPerCheck;
        this.deadlineNanos = deadlineNanos;
    }

    /** {@code failing} (no FAIL calls) must be not linearizable from {@code initial}. */
    List<Op> shrink(List<Op> failing, S initial) {
        List<Op> current = byInvocation(withoutIdleCalls(failing));
        if (!fails(current, initial)) {
            current = byInvocation(failing);
        }
        current = earliestFailingCut(current, initial);
        current = removeReadOnly(current, initial);
        return current;
    }

    boolean fails(List<Op> ops, S initial) {
        return new Search<>(model, ops, deadlineNanos, stepsPerCheck).run(initial) == Search.Result.NOT_LINEARIZABLE;
    }

    private boolean outOfTime() {
        return System.nanoTime() - deadlineNanos > 0;
    }

    /** Indeterminate calls that change nothing (an unanswered read) constrain nothing. */
    private List<Op> withoutIdleCalls(List<Op> ops) {
        return ops.stream()
                .filter(o -> o.outcome() == Outcome.OK || !model.readOnly(o.input(), o.output()))
                .toList();
    }

    private static List<Op> byInvocation(List<Op> ops) {
        return ops.stream().sorted(Comparator.comparingLong(Op::invokeNanos)).toList();
    }

    static List<Op> cut(List<Op> ops, long t) {
        List<Op> kept = new ArrayList<>();
        for (Op op : ops) {
            if (op.invokeNanos() > t) {
                continue;
            }
            kept.add(op.completeNanos() > t && op.outcome() == Outcome.OK ? op.indeterminate() : op);
        }
        return kept;
    }

    private List<Op> earliestFailingCut(List<Op> ops, S initial) {
        TreeSet<Long> times = new TreeSet<>();
        for (Op op : ops) {
            if (op.outcome() == Outcome.OK) {
                times.add(op.completeNanos());
            }
        }
        List<Long> cuts = new ArrayList<>(times);
        // Invariant: the cut at cuts[hi] fails (the last one keeps every answer, so it fails like the whole).
        int lo = 0;
        int hi = cuts.size() - 1;
        if (hi < 0 || !fails(withoutIdleCalls(cut(ops, cuts.get(hi))), initial)) {
            return ops;
        }
        while (lo < hi && !outOfTime()) {
            int mid = (lo + hi) >>> 1;
            if (fails(withoutIdleCalls(cut(ops, cuts.get(mid))), initial)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return withoutIdleCalls(cut(ops, cuts.get(hi)));
    }

    private List<Op> removeReadOnly(List<Op> ops, S initial) {
        List<Op> current = ops;
        int chunk = Math.max(1, countReadOnly(current) / 2);
        while (!outOfTime()) {
            boolean removedAny = false;
            int i = 0; // index among the read-only calls of current
            while (!outOfTime()) {
                List<Op> candidate = withoutReadOnly(current, i, chunk);
                if (candidate.size() == current.size()) {
                    break; // no read-only calls from i on
                }
                if (fails(candidate, initial)) {
                    current = candidate;
                    removedAny = true;
                } else {
                    i += chunk;
                }
            }
            if (chunk == 1 && !removedAny) {
                break;
            }
            chunk = Math.max(1, chunk / 2);
        }
        return current;
    }

    private int countReadOnly(List<Op> ops) {
        return (int)
                ops.stream().filter(o -> model.readOnly(o.input(), o.output())).count();
    }

    /** {@code ops} without its read-only calls number {@code from} to {@code from + count - 1}. */
    private List<Op> withoutReadOnly(List<Op> ops, int from, int count) {
        List<Op> kept = new ArrayList<>(ops.size());
        int seen = 0;
        for (Op op : ops) {
            if (model.readOnly(op.input(), op.output())) {
                boolean drop = seen >= from && seen < from + count;
                seen++;
                if (drop) {
                    continue;
                }
            }
            kept.add(op);
        }
        return kept;
    }
}
