package io.haven.tests.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.haven.protocol.data.PromiseState;
import io.haven.protocol.data.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Laws the checker and the shrinker rely on, checked over small domains of states, inputs and outputs: exactly one
 * output is possible for a call from a concrete state (Haven is deterministic); {@code effect} is the state that
 * answer leads to (so an INFO call that took effect behaves like the OK call it was); and a call {@code readOnly}
 * says leaves the state alone never changes it (so removing it while shrinking is sound).
 */
class ModelLawsTest {
    private static <S> void assertLaws(Model<S> model, List<S> states, List<Object> inputs, List<Object> outputs) {
        for (S s : states) {
            for (Object in : inputs) {
                List<Object> possible = new ArrayList<>();
                for (Object out : outputs) {
                    Optional<S> next = model.step(s, in, out);
                    if (next.isEmpty()) {
                        continue;
                    }
                    possible.add(out);
                    assertEquals(model.effect(s, in), next.get(), model.name() + " " + s + " " + in + " -> " + out);
                    if (model.readOnly(in, out)) {
                        assertEquals(s, next.get(), model.name() + " read-only " + in + " -> " + out + " from " + s);
                    }
                }
                assertEquals(1, possible.size(), model.name() + " from " + s + ", " + in + " answers " + possible);
            }
        }
    }

    @Test
    void theKvModelIsDeterministicAndItsReadOnlyCallsChangeNothing() {
        List<KvModel.State> states =
                List.of(KvModel.State.ABSENT, new KvModel.State(true, "a", 1), new KvModel.State(true, "b", 2));
        List<Object> inputs = List.of(
                new KvModel.Read(),
                new KvModel.Write("c"),
                new KvModel.Cas(0, "c"),
                new KvModel.Cas(1, "c"),
                new KvModel.Cas(2, "c"),
                new KvModel.Delete(),
                new KvModel.CasDelete(0),
                new KvModel.CasDelete(1));
        List<Object> outputs = new ArrayList<>(List.of(
                new KvModel.Missing(),
                new KvModel.Conflict(),
                new KvModel.Deleted(true),
                new KvModel.Deleted(false),
                new KvModel.Found("a", 1),
                new KvModel.Found("b", 2)));
        for (long v = 1; v <= 3; v++) {
            outputs.add(new KvModel.Written(v));
        }
        assertLaws(new KvModel(), states, inputs, outputs);
    }

    @Test
    void thePromiseModelIsDeterministicAndItsReadOnlyCallsChangeNothing() {
        List<PromiseModel.State> states = List.of(
                PromiseModel.State.ABSENT,
                new PromiseModel.State(true, PromiseState.PENDING, "p", ""),
                new PromiseModel.State(true, PromiseState.RESOLVED, "p", "v"));
        List<Object> inputs = List.of(
                new PromiseModel.Get(),
                new PromiseModel.Create("q"),
                new PromiseModel.Settle(PromiseState.REJECTED, "w"),
                new PromiseModel.Settle(PromiseState.RESOLVED, "v"));
        List<Object> outputs = new ArrayList<>(List.of(new PromiseModel.NotFound()));
        for (int status : new int[] {200, 201}) {
            for (PromiseState st : List.of(PromiseState.PENDING, PromiseState.RESOLVED, PromiseState.REJECTED)) {
                for (String param : List.of("p", "q")) {
                    for (String value : List.of("", "v", "w")) {
                        outputs.add(new PromiseModel.Seen(status, st, param, value));
                    }
                }
            }
        }
        assertLaws(new PromiseModel(), states, inputs, outputs);
    }

    @Test
    void theTaskModelIsDeterministicAndItsReadOnlyCallsChangeNothing() {
        List<TaskModel.State> states = new ArrayList<>();
        states.add(new TaskModel.State(Set.of(TaskModel.Task.ABSENT)));
        for (TaskState st : List.of(TaskState.PENDING, TaskState.ACQUIRED, TaskState.FULFILLED)) {
            for (long v = 0; v <= 1; v++) {
                states.add(new TaskModel.State(
                        Set.of(new TaskModel.Task(true, st, v, st == TaskState.ACQUIRED ? "a" : ""))));
            }
        }
        List<Object> inputs = List.of(
                new TaskModel.Get(),
                new TaskModel.Enqueue(),
                new TaskModel.Create("a"),
                new TaskModel.Acquire(0, "a"),
                new TaskModel.Acquire(1, "b"),
                new TaskModel.Release(0),
                new TaskModel.Release(1),
                new TaskModel.Complete(0),
                new TaskModel.Complete(1));
        List<Object> outputs = new ArrayList<>(List.of(
                new TaskModel.Created(200),
                new TaskModel.Created(201),
                new TaskModel.Acquired(),
                new TaskModel.Released(),
                new TaskModel.Completed(200),
                new TaskModel.Completed(201),
                new TaskModel.Conflict(),
                new TaskModel.NotFound()));
        for (TaskState st : List.of(TaskState.PENDING, TaskState.ACQUIRED, TaskState.FULFILLED)) {
            for (long v = 0; v <= 1; v++) {
                outputs.add(new TaskModel.Seen(st, v));
            }
        }
        assertLaws(new TaskModel(), states, inputs, outputs);
    }
}
