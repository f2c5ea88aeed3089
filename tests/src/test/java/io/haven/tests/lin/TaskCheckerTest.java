package io.haven.tests.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.haven.protocol.data.TaskState;
import io.haven.tests.lin.TaskModel.Acquire;
import io.haven.tests.lin.TaskModel.Acquired;
import io.haven.tests.lin.TaskModel.Complete;
import io.haven.tests.lin.TaskModel.Completed;
import io.haven.tests.lin.TaskModel.Conflict;
import io.haven.tests.lin.TaskModel.Created;
import io.haven.tests.lin.TaskModel.Enqueue;
import io.haven.tests.lin.TaskModel.Release;
import io.haven.tests.lin.TaskModel.Released;
import io.haven.tests.lin.TaskModel.Seen;
import org.junit.jupiter.api.Test;

class TaskCheckerTest {
    private static CheckResult check(TaskModel model, Calls calls) {
        return new Checker(model).check(calls.ops());
    }

    @Test
    void ofTwoConcurrentAcquiresOfOneVersionOneWins() {
        CheckResult r = check(
                new TaskModel(),
                new Calls("t")
                        .ok(1, 0, 1, new Enqueue(), new Created(201))
                        .ok(2, 2, 10, new Acquire(0, "a"), new Conflict())
                        .ok(3, 2, 10, new Acquire(0, "b"), new Acquired())
                        .ok(3, 11, 12, new Complete(0), new Completed(201))
                        .ok(3, 13, 14, new Complete(0), new Completed(200)));
        assertEquals(CheckResult.Verdict.LINEARIZABLE, r.verdict(), r.report());
    }

    @Test
    void twoHoldersOfOneTaskVersionAreRejected() {
        CheckResult r = check(
                new TaskModel(),
                new Calls("t")
                        .ok(1, 0, 1, new Enqueue(), new Created(201))
                        .ok(2, 2, 10, new Acquire(0, "a"), new Acquired())
                        .ok(3, 2, 10, new Acquire(0, "b"), new Acquired()));
        assertEquals(CheckResult.Verdict.NOT_LINEARIZABLE, r.verdict(), r.report());
    }

    @Test
    void twoHoldersOfOneVersionAreRejectedEvenWhenLeasesMayExpire() {
        CheckResult r = check(
                new TaskModel(true),
                new Calls("t")
                        .ok(1, 0, 1, new Enqueue(), new Created(201))
                        .ok(2, 2, 3, new Acquire(0, "a"), new Acquired())
                        .ok(3, 4, 5, new Acquire(0, "b"), new Acquired()));
        assertEquals(CheckResult.Verdict.NOT_LINEARIZABLE, r.verdict(), r.report());
    }

    @Test
    void aReleasedTaskIsAcquiredAtTheNextVersion() {
        CheckResult r = check(
                new TaskModel(),
                new Calls("t")
                        .ok(1, 0, 1, new Enqueue(), new Created(201))
                        .ok(2, 2, 3, new Acquire(0, "a"), new Acquired())
                        .ok(2, 4, 5, new Release(0), new Released())
                        .ok(3, 6, 7, new Acquire(0, "b"), new Conflict())
                        .ok(3, 8, 9, new Acquire(1, "b"), new Acquired())
                        .ok(2, 10, 11, new Complete(0), new Conflict())
                        .ok(3, 12, 13, new TaskModel.Get(), new Seen(TaskState.ACQUIRED, 1)));
        assertEquals(CheckResult.Verdict.LINEARIZABLE, r.verdict(), r.report());
    }

    @Test
    void aLostLeaseIsAllowedOnlyWhenLeasesMayExpire() {
        Calls calls = new Calls("t")
                .ok(1, 0, 1, new Enqueue(), new Created(201))
                .ok(2, 2, 3, new Acquire(0, "a"), new Acquired())
                .ok(3, 4, 5, new Acquire(1, "b"), new Acquired())
                .ok(2, 6, 7, new Complete(0), new Conflict());
        assertEquals(
                CheckResult.Verdict.NOT_LINEARIZABLE,
                check(new TaskModel(), calls).verdict());
        assertEquals(
                CheckResult.Verdict.LINEARIZABLE,
                check(new TaskModel(true), calls).verdict());
    }

    @Test
    void aCompleteByAStaleHolderAfterTheTaskMovedOnIsRejectedIfItSucceeds() {
        CheckResult r = check(
                new TaskModel(),
                new Calls("t")
                        .ok(1, 0, 1, new Enqueue(), new Created(201))
                        .ok(2, 2, 3, new Acquire(0, "a"), new Acquired())
                        .ok(2, 4, 5, new Release(0), new Released())
                        .ok(2, 6, 7, new Complete(0), new Completed(201)));
        assertEquals(CheckResult.Verdict.NOT_LINEARIZABLE, r.verdict(), r.report());
    }
}
