package io.haven.tests.lin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 *   <li>Folding a prefix into the starting state: at a time t that only read-only calls span, the calls completed
 *       before t come before every call invoked after it. If every linearization of those earlier calls ends in one
 *       and the same state s (found by exhaustive search), the history is kept from t on, without the calls spanning
 *       t, and starts from s. The latest such t whose remainder still fails is taken.
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

    /** A smaller failing history and the state it starts from. */
    record Shrunk<S>(S initial, List<Op> ops) {}

    /** How many cuts after the earliest failing one are also shrunk, keeping the smallest result. */
    private static final int LATER_CUTS = 4;

    /** {@code failing} (no FAIL calls) must be not linearizable from {@code initial}. */
    Shrunk<S> shrink(List<Op> failing, S initial) {
        List<Op> all = byInvocation(withoutIdleCalls(failing));
        if (!fails(all, initial)) {
            all = byInvocation(failing);
        }
        // The earliest cut turns the calls open at it into indeterminate ones, which cannot be removed and block
        // folding; a slightly later cut may keep their answers and shrink further, so a few are tried.
        List<Long> cuts = cutTimes(all);
        int earliest = earliestFailingCut(all, cuts, initial);
        Shrunk<S> best = shrinkFrom(earliest < 0 ? all : cutAt(all, cuts.get(earliest)), initial);
        for (int i = earliest + 1; i >= 1 && i < cuts.size() && i <= earliest + LATER_CUTS && !outOfTime(); i++) {
            List<Op> cut = cutAt(all, cuts.get(i));
            if (fails(cut, initial)) {
                Shrunk<S> candidate = shrinkFrom(cut, initial);
                if (candidate.ops().size() < best.ops().size()) {
                    best = candidate;
                }
            }
        }
        return best;
    }

    private Shrunk<S> shrinkFrom(List<Op> ops, S initial) {
        // Folding first: it is one exhaustive search of the prefix, where removing reads one chunk at a time from a
        // long history is many searches of it.
        Shrunk<S> folded = latestFold(ops, initial);
        return new Shrunk<>(folded.initial(), removeReadOnly(folded.ops(), folded.initial()));
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

    /** The completion times of the OK calls, ascending: the cuts worth trying. */
    private static List<Long> cutTimes(List<Op> ops) {
        TreeSet<Long> times = new TreeSet<>();
        for (Op op : ops) {
            if (op.outcome() == Outcome.OK) {
                times.add(op.completeNanos());
            }
        }
        return new ArrayList<>(times);
    }

    private List<Op> cutAt(List<Op> ops, long t) {
        return withoutIdleCalls(cut(ops, t));
    }

    /** The index in {@code cuts} of the earliest failing cut, or -1 if not even the last one fails. */
    private int earliestFailingCut(List<Op> ops, List<Long> cuts, S initial) {
        // Invariant: the cut at cuts[hi] fails (the last one keeps every answer, so it fails like the whole).
        int lo = 0;
        int hi = cuts.size() - 1;
        if (hi < 0 || !fails(cutAt(ops, cuts.get(hi)), initial)) {
            return -1;
        }
        while (lo < hi && !outOfTime()) {
            int mid = (lo + hi) >>> 1;
            if (fails(cutAt(ops, cuts.get(mid)), initial)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return hi;
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

    /** How many fold points are tried, latest first, before giving up on folding. */
    private static final int FOLD_ATTEMPTS = 6;

    /** The history from the latest fold point whose remainder still fails, or {@code ops} itself. */
    private Shrunk<S> latestFold(List<Op> ops, S initial) {
        int attempts = 0;
        for (int j = ops.size() - 1; j > 0 && attempts < FOLD_ATTEMPTS && !outOfTime(); j--) {
            long t = ops.get(j).invokeNanos();
            if (ops.get(j - 1).invokeNanos() == t) {
                continue; // fold before the first call invoked at t
            }
            List<Op> before = new ArrayList<>();
            List<Op> after = new ArrayList<>();
            boolean foldable = true;
            for (Op op : ops) {
                if (op.invokeNanos() >= t) {
                    after.add(op);
                } else if (op.completeNanos() < t) {
                    before.add(op);
                } else if (!model.readOnly(op.input(), op.output())) {
                    foldable = false; // a write spans t: it might take effect on either side
                    break;
                }
            }
            if (!foldable || before.isEmpty()) {
                continue;
            }
            attempts++;
            Optional<Set<S>> ends = new Search<>(model, before, deadlineNanos, stepsPerCheck).endStates(initial);
            if (ends.isPresent() && ends.get().size() == 1) {
                S s = ends.get().iterator().next();
                if (fails(after, s)) {
                    return new Shrunk<>(s, after);
                }
            }
        }
        return new Shrunk<>(initial, ops);
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
