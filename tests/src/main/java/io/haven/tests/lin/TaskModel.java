package io.haven.tests.lin;

import io.haven.protocol.data.TaskState;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One task id as Haven serves it (DESIGN section 4, protocol-docs/data.md "Tasks"): {@code (id, version)} is the
 * holder's fencing token, and of two acquires of one version exactly one wins.
 *
 * <pre>
 * input              task                          output
 * Enqueue()          absent                        Created(201)   promise.create tagged haven:invoke: PENDING v0
 * Create(pid)        absent                        Created(201)   task.create: ACQUIRED v0 by pid
 * Enqueue/Create     present                       Created(200)   unchanged
 * Acquire(v, pid)    PENDING at v                  Acquired()     ACQUIRED at v by pid
 * Release(v)         ACQUIRED at v                 Released()     PENDING at v + 1
 * Complete(v)        ACQUIRED at v                 Completed(201) FULFILLED at v
 *                    FULFILLED at v                Completed(200) a retried complete
 * Acquire/Release/   any other present task        Conflict()     409, nothing changes
 *   Complete
 * Get()              present                       Seen(state, version)
 * any                absent                        NotFound()     404 (Enqueue and Create excepted)
 * </pre>
 *
 * Lease loss (ACQUIRED at v becomes PENDING at v + 1 when the leader's clock passes the lease) happens without any
 * call. With {@code leasesMayExpire} the model allows it between any two calls: a state is then the set of tasks the
 * object may be, closed under lease loss, which keeps the model deterministic for the checker. Without it the
 * workload must use leases longer than the run.
 */
public final class TaskModel implements Model<TaskModel.State> {
    /** One possible task, or its absence. */
    public record Task(boolean present, TaskState state, long version, String pid) {
        public static final Task ABSENT = new Task(false, TaskState.PENDING, 0, "");

        public Task {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(pid, "pid");
        }

        @Override
        public String toString() {
            return present ? state + " v" + version + (pid.isEmpty() ? "" : " by " + pid) : "absent";
        }
    }

    /** The tasks the object may be (one, unless leases may expire). */
    public record State(Set<Task> possible) {
        public State {
            possible = Set.copyOf(possible);
        }

        @Override
        public String toString() {
            return possible.size() == 1 ? possible.iterator().next().toString() : possible.toString();
        }
    }

    /** A call on a task id. */
    public sealed interface Input permits Enqueue, Create, Acquire, Release, Complete, Get {}

    /** promise.create tagged {@code haven:invoke}: enqueues the task PENDING at version 0 if it is absent. */
    public record Enqueue() implements Input {}

    /** task.create by {@code pid}: the task starts ACQUIRED at version 0. */
    public record Create(String pid) implements Input {
        public Create {
            Objects.requireNonNull(pid, "pid");
        }
    }

    /** task.acquire at {@code version} by {@code pid}. */
    public record Acquire(long version, String pid) implements Input {
        public Acquire {
            Objects.requireNonNull(pid, "pid");
        }
    }

    /** task.release at {@code version}. */
    public record Release(long version) implements Input {}

    /** task.complete at {@code version} (settling the task's own promise). */
    public record Complete(long version) implements Input {}

    /** task.get. */
    public record Get() implements Input {}

    /** An answer about a task id. */
    public sealed interface Output permits Created, Acquired, Released, Completed, Seen, Conflict, NotFound {}

    /** Enqueue or Create answered 201 (created) or 200 (it existed). */
    public record Created(int status) implements Output {}

    /** task.acquire answered 201 (invoke or resume). */
    public record Acquired() implements Output {}

    /** task.release answered 201. */
    public record Released() implements Output {}

    /** task.complete answered 201, or 200 for a retried complete. */
    public record Completed(int status) implements Output {}

    /** task.get answered this state and version. */
    public record Seen(TaskState state, long version) implements Output {
        public Seen {
            Objects.requireNonNull(state, "state");
        }
    }

    /** 409 CONFLICT: a stale version or a task not in the state the call needs. */
    public record Conflict() implements Output {}

    /** 404: no such task. */
    public record NotFound() implements Output {}

    private final boolean leasesMayExpire;

    /** A model where leases never expire during the run. */
    public TaskModel() {
        this(false);
    }

    public TaskModel(boolean leasesMayExpire) {
        this.leasesMayExpire = leasesMayExpire;
    }

    @Override
    public String name() {
        return "task";
    }

    @Override
    public State initial() {
        return new State(Set.of(Task.ABSENT));
    }

    @Override
    public boolean accepts(Object input) {
        return input instanceof Input;
    }

    @Override
    public Optional<State> step(State s, Object input, Object output) {
        Set<Task> next = new HashSet<>();
        for (Task t : s.possible()) {
            Transition tr = transition(t, input);
            if (tr.output().equals(output)) {
                next.add(tr.next());
            }
        }
        return next.isEmpty() ? Optional.empty() : Optional.of(closed(next));
    }

    @Override
    public State effect(State s, Object input) {
        Set<Task> next = new HashSet<>();
        for (Task t : s.possible()) {
            next.add(transition(t, input).next());
        }
        return closed(next);
    }

    private State closed(Set<Task> tasks) {
        if (leasesMayExpire) {
            for (Task t : Set.copyOf(tasks)) {
                if (t.present() && t.state() == TaskState.ACQUIRED) {
                    tasks.add(new Task(true, TaskState.PENDING, t.version() + 1, ""));
                }
            }
        }
        return new State(tasks);
    }

    private record Transition(Task next, Output output) {}

    private static Transition transition(Task t, Object input) {
        if (input instanceof Enqueue) {
            return t.present()
                    ? new Transition(t, new Created(200))
                    : new Transition(new Task(true, TaskState.PENDING, 0, ""), new Created(201));
        } else if (input instanceof Create c) {
            return t.present()
                    ? new Transition(t, new Created(200))
                    : new Transition(new Task(true, TaskState.ACQUIRED, 0, c.pid()), new Created(201));
        } else if (!t.present()) {
            if (!(input instanceof Input)) {
                throw new IllegalArgumentException("not a task call: " + input);
            }
            return new Transition(t, new NotFound());
        } else if (input instanceof Acquire a) {
            return at(t, TaskState.PENDING, a.version())
                    ? new Transition(new Task(true, TaskState.ACQUIRED, t.version(), a.pid()), new Acquired())
                    : new Transition(t, new Conflict());
        } else if (input instanceof Release r) {
            return at(t, TaskState.ACQUIRED, r.version())
                    ? new Transition(new Task(true, TaskState.PENDING, t.version() + 1, ""), new Released())
                    : new Transition(t, new Conflict());
        } else if (input instanceof Complete c) {
            if (at(t, TaskState.ACQUIRED, c.version())) {
                return new Transition(new Task(true, TaskState.FULFILLED, t.version(), ""), new Completed(201));
            }
            return at(t, TaskState.FULFILLED, c.version())
                    ? new Transition(t, new Completed(200))
                    : new Transition(t, new Conflict());
        } else if (input instanceof Get) {
            return new Transition(t, new Seen(t.state(), t.version()));
        }
        throw new IllegalArgumentException("not a task call: " + input);
    }

    private static boolean at(Task t, TaskState state, long version) {
        return t.state() == state && t.version() == version;
    }

    @Override
    public boolean readOnly(Object input, Object output) {
        // A Get may narrow the set of possible tasks, but the task itself is left as it was.
        return input instanceof Get
                || output instanceof Conflict
                || output instanceof NotFound
                || output instanceof Created c && c.status() == 200
                || output instanceof Completed d && d.status() == 200;
    }
}
