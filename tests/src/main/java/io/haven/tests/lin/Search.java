package io.haven.tests.lin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Wing and Gong search with Lowe's improvements, for the calls on one object.
 *
 * <p>Every call becomes two entries, its invocation and its completion, in one doubly linked list ordered by time
 * (at equal times invocations first, so that touching calls count as concurrent). The search walks the list: at an
 * invocation it tries to linearize that call next (the model accepts it from the current state), and if so removes
 * ("lifts") both its entries and starts again from the head; at a completion it has met a call that had to be
 * linearized already, so it backtracks: it pops the last call linearized, puts its entries back ("unlifts") and tries
 * the invocation after it. Lowe's memo cache of (set of calls linearized, state) pairs prunes every configuration
 * already explored, which is what makes long histories with little concurrency take linear time.
 *
 * <p>Indeterminate calls complete at +infinity and change the state by {@link Model#effect}. The history is
 * linearizable as soon as every OK call is linearized: the indeterminate calls left over are the ones that never
 * took effect.
 *
 * <p>Confined to the thread that runs it.
 */
final class Search<S> {
    enum Result {
        LINEARIZABLE,
        NOT_LINEARIZABLE,
        UNKNOWN
    }

    /** An invocation or completion; the head sentinel has no op. */
    private static final class Entry {
        final int id;
        final Op op;
        final boolean invocation;
        final long time;
        Entry match;
        Entry prev;
        Entry next;

        Entry(int id, Op op, boolean invocation, long time) {
            this.id = id;
            this.op = op;
            this.invocation = invocation;
            this.time = time;
        }
    }

    private record Memo(BitSet linearized, Object state) {}

    private record Frame<S>(Entry call, S before) {}

    private final Model<S> model;
    private final List<Op> ops;
    private final long deadlineNanos;
    private final long maxSteps;
    private long steps;

    /** {@code ops} are the OK and INFO calls on one object (FAIL calls must be left out). */
    Search(Model<S> model, List<Op> ops, long deadlineNanos, long maxSteps) {
        this.model = model;
        this.ops = List.copyOf(ops);
        this.deadlineNanos = deadlineNanos;
        this.maxSteps = maxSteps;
        for (Op op : ops) {
            if (op.outcome() == Outcome.FAIL) {
                throw new IllegalArgumentException("FAIL calls are not searched: " + op);
            }
        }
    }

    long steps() {
        return steps;
    }

    Result run(S initial) {
        return explore(initial, Optional.empty());
    }

    /**
     * Every state some linearization of all the calls ends in, or empty if the budget ran out first. The calls must all
     * be OK ones (an indeterminate call may end up applied or not, which this does not enumerate).
     */
    Optional<Set<S>> endStates(S initial) {
        if (ops.stream().anyMatch(o -> o.outcome() != Outcome.OK)) {
            throw new IllegalArgumentException("end states of OK calls only");
        }
        Set<S> ends = new HashSet<>();
        return explore(initial, Optional.of(ends)) == Result.UNKNOWN ? Optional.empty() : Optional.of(ends);
    }

    /**
     * The search. With {@code ends} present it does not stop at the first linearization: it records its final state,
     * backtracks and goes on until every configuration is explored (and then answers NOT_LINEARIZABLE).
     */
    private Result explore(S initial, Optional<Set<S>> ends) {
        Entry head = link();
        int remainingOk =
                (int) ops.stream().filter(o -> o.outcome() == Outcome.OK).count();
        BitSet linearized = new BitSet(ops.size());
        Set<Memo> cache = new HashSet<>();
        Deque<Frame<S>> stack = new ArrayDeque<>();
        S state = initial;
        Entry entry = head.next;
        while (true) {
            if (++steps > maxSteps || ((steps & 1023) == 0 && System.nanoTime() - deadlineNanos > 0)) {
                return Result.UNKNOWN;
            }
            boolean backtrack;
            if (remainingOk == 0) {
                if (ends.isEmpty()) {
                    return Result.LINEARIZABLE;
                }
                ends.get().add(state);
                backtrack = true;
            } else if (entry.invocation) {
                backtrack = false;
                Optional<S> next = apply(state, entry.op);
                boolean lifted = false;
                // An indeterminate call that would change nothing (a CAS that would not match) is better left
                // unapplied: this configuration, which is explored anyway, allows all that applying it would.
                if (next.isPresent()
                        && (entry.op.outcome() == Outcome.OK || !next.get().equals(state))) {
                    linearized.set(entry.id);
                    Memo probe = new Memo(linearized, next.get());
                    if (!cache.contains(probe)) {
                        cache.add(new Memo((BitSet) linearized.clone(), next.get()));
                        stack.push(new Frame<>(entry, state));
                        state = next.get();
                        if (entry.op.outcome() == Outcome.OK) {
                            remainingOk--;
                        }
                        lift(entry);
                        entry = head.next;
                        lifted = true;
                    } else {
                        linearized.clear(entry.id);
                    }
                }
                if (!lifted) {
                    entry = entry.next;
                }
            } else {
                backtrack = true; // a call that had to be linearized before this completion was not
            }
            if (backtrack) {
                if (stack.isEmpty()) {
                    return Result.NOT_LINEARIZABLE;
                }
                Frame<S> top = stack.pop();
                state = top.before();
                linearized.clear(top.call().id);
                if (top.call().op.outcome() == Outcome.OK) {
                    remainingOk++;
                }
                unlift(top.call());
                entry = top.call().next;
            }
        }
    }

    private Optional<S> apply(S state, Op op) {
        return op.outcome() == Outcome.OK
                ? model.step(state, op.input(), op.output())
                : Optional.of(model.effect(state, op.input()));
    }

    private Entry link() {
        List<Entry> entries = new ArrayList<>(ops.size() * 2);
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            Entry call = new Entry(i, op, true, op.invokeNanos());
            Entry ret = new Entry(i, op, false, op.completeNanos());
            call.match = ret;
            entries.add(call);
            entries.add(ret);
        }
        entries.sort(Comparator.<Entry>comparingLong(e -> e.time).thenComparing(e -> !e.invocation));
        Entry head = new Entry(-1, Op.info(0, "", "", 0), false, Long.MIN_VALUE);
        Entry prev = head;
        for (Entry e : entries) {
            prev.next = e;
            e.prev = prev;
            prev = e;
        }
        return head;
    }

    /** Takes a call and its completion out of the list. */
    private static void lift(Entry call) {
        unlink(call);
        unlink(call.match);
    }

    private static void unlink(Entry e) {
        e.prev.next = e.next;
        if (e.next != null) {
            e.next.prev = e.prev;
        }
    }

    /** Puts back what {@link #lift} took out; lifts are undone in reverse order, so the neighbours are as they were. */
    private static void unlift(Entry call) {
        relink(call.match);
        relink(call);
    }

    private static void relink(Entry e) {
        e.prev.next = e;
        if (e.next != null) {
            e.next.prev = e;
        }
    }
}
