package io.haven.tests.lin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A thread-safe recorder of calls. A client calls {@link #invoke} just before it sends a request and then exactly one
 * of {@link Call#ok}, {@link Call#fail} or {@link Call#info} once it knows how the call ended:
 *
 * <pre>{@code
 * History.Call call = history.invoke(process, key, new KvModel.Cas(3, "x"));
 * try {
 *     Kv kv = client.put(key, "x", 3);
 *     call.ok(new KvModel.Written(kv.version()));
 * } catch (HavenException e) when CONFLICT {
 *     call.ok(new KvModel.Conflict());            // a definite answer
 * } catch (timeout, connection lost, UNAVAILABLE after sending) {
 *     call.info();                                // may have been applied
 * }
 * }</pre>
 *
 * Calls still open when {@link #ops()} is read are taken as {@link Outcome#INFO}. After an INFO a client should go on
 * under a new process number (as Jepsen does), so that no process has two calls open in the rendering.
 */
public final class History {
    private final LongSupplier clock;
    // Guarded by itself: calls are appended by many client threads.
    private final List<Call> calls = new ArrayList<>();

    public History() {
        this(System::nanoTime);
    }

    /** A history reading time from {@code clock} (nanoseconds, monotonic), for tests. */
    public History(LongSupplier clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records that {@code process} is about to send {@code input} about {@code key}. */
    public Call invoke(int process, String key, Object input) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(input, "input");
        Call call = new Call(process, key, input, clock.getAsLong());
        synchronized (calls) {
            calls.add(call);
        }
        return call;
    }

    /** Every call so far, in invocation order; open calls appear as {@link Outcome#INFO}. */
    public List<Op> ops() {
        List<Call> snapshot;
        synchronized (calls) {
            snapshot = new ArrayList<>(calls);
        }
        List<Op> ops = new ArrayList<>(snapshot.size());
        for (Call c : snapshot) {
            ops.add(c.op());
        }
        ops.sort(Comparator.comparingLong(Op::invokeNanos));
        return List.copyOf(ops);
    }

    /** One call in flight; completed once, by the thread that made it or any other. */
    public final class Call {
        private final int process;
        private final String key;
        private final Object input;
        private final long invokeNanos;
        // Guarded by this: null while the call is open.
        private Op completed;

        private Call(int process, String key, Object input, long invokeNanos) {
            this.process = process;
            this.key = key;
            this.input = input;
            this.invokeNanos = invokeNanos;
        }

        /** The call was answered with {@code output} (a model output record). */
        public void ok(Object output) {
            Objects.requireNonNull(output, "output");
            complete(Op.ok(process, key, input, output, invokeNanos, clock.getAsLong()));
        }

        /** The call certainly had no effect. */
        public void fail() {
            complete(Op.fail(process, key, input, invokeNanos, clock.getAsLong()));
        }

        /** The call may or may not have had an effect (timeout, connection lost, UNAVAILABLE after sending). */
        public void info() {
            complete(Op.info(process, key, input, invokeNanos));
        }

        private synchronized void complete(Op op) {
            if (completed != null) {
                throw new IllegalStateException("call already completed as " + completed);
            }
            completed = op;
        }

        private synchronized Op op() {
            return completed != null ? completed : Op.info(process, key, input, invokeNanos);
        }
    }
}
