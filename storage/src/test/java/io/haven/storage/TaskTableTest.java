package io.haven.storage;

import static io.haven.storage.Fixture.complete;
import static io.haven.storage.Fixture.create;
import static io.haven.storage.Fixture.invoke;
import static io.haven.storage.Fixture.promiseOf;
import static io.haven.storage.Fixture.register;
import static io.haven.storage.Fixture.settle;
import static io.haven.storage.Fixture.suspend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.PromiseState;
import io.haven.protocol.data.Task;
import io.haven.protocol.data.TaskState;
import io.haven.protocol.message.Push;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task table of DESIGN section 4 and its three edge cases, row by row. Pending retry is 10 s here, leases 1 s.
 * Resonate's own table is {@link ResonateTransitionsTest}.
 */
class TaskTableTest {
    @TempDir
    Path dir;

    Fixture f;

    @BeforeEach
    void open() throws Exception {
        f = new Fixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private static DataRequest.TaskAcquire acquire(String id, long version, String pid) {
        return new DataRequest.TaskAcquire(id, version, pid, 1000);
    }

    private static TaskPush execute(String group, String kind, String id, long counter) {
        return new TaskPush.Execute(group, new Push.TaskMessage(kind, id, counter));
    }

    /** An invoke-tagged promise {@code id} (timeout 100 s) whose task pid w holds at version 0. */
    private void acquired(String id, long now) throws Exception {
        f.ok(now, invoke(id, 100_000, "g"));
        f.ok(now, acquire(id, 0, "w"));
    }

    @Test
    void createOfAnAbsentTaskCreatesThePromiseAndAcquiresItWith201() throws Exception {
        DataResponse r = f.ok(100, new DataRequest.TaskCreate("w", 500, create("t", 10_000)));
        assertEquals(201, r.status());
        DataResult.TaskPromiseResult tp = (DataResult.TaskPromiseResult) r.data();
        assertEquals(new Task("t", TaskState.ACQUIRED, 0, "w", 500, 600, Task.INVOKE, List.of()), tp.task());
        assertEquals(PromiseState.PENDING, tp.promise().state());
        assertTrue(f.pushes().isEmpty());
    }

    @Test
    void createOfAnExistingTaskIsUnchangedWith200() throws Exception {
        DataResponse first = f.ok(100, new DataRequest.TaskCreate("w", 500, create("t", 10_000)));
        DataResponse again = f.ok(200, new DataRequest.TaskCreate("other", 900, create("t", 10_000)));
        assertEquals(200, again.status());
        assertEquals(first.data(), again.data());
        assertTrue(f.last.changes().isEmpty());
    }

    @Test
    void anInvokeTaggedCreateEnqueuesAPendingTaskAndPushesInvokeToTheGroup() throws Exception {
        f.ok(100, invoke("t", 10_000, "billing"));
        assertEquals(List.of(execute("billing", "invoke", "t", 0)), f.pushes());
        Task t = f.task("t", 100);
        assertEquals(TaskState.PENDING, t.state());
        assertEquals(0, t.version());
        assertEquals(Task.INVOKE, t.current());
    }

    @Test
    void acquireOfAPendingTaskAtItsVersionAnswersInvokeWith201() throws Exception {
        f.ok(100, invoke("t", 10_000, "g"));
        DataResponse r = f.ok(200, acquire("t", 0, "w"));
        assertEquals(201, r.status());
        assertEquals(
                "t",
                assertInstanceOf(DataResult.Invoke.class, r.data()).invoked().id());
        Task t = f.task("t", 200);
        assertEquals(TaskState.ACQUIRED, t.state());
        assertEquals("w", t.pid());
        assertEquals(1200, t.expiresOn());
    }

    @Test
    void acquireAtAnotherVersionOrOfAnAcquiredTaskIsAConflict() throws Exception {
        f.ok(100, invoke("t", 10_000, "g"));
        f.assertFailure(f.fail(100, acquire("t", 1, "w")), ErrorCode.CONFLICT, 409, "t");
        f.ok(100, acquire("t", 0, "w"));
        f.assertFailure(f.fail(100, acquire("t", 0, "v")), ErrorCode.CONFLICT, 409, "t");
    }

    @Test
    void aLeaseOfZeroOrOfCenturiesIsRefused() throws Exception {
        f.ok(100, invoke("t", 10_000, "g"));
        f.assertFailure(f.fail(100, new DataRequest.TaskAcquire("t", 0, "w", 0)), ErrorCode.INVALID, 400, "data.ttl");
        f.assertFailure(
                f.fail(100, new DataRequest.TaskAcquire("t", 0, "w", Long.MAX_VALUE)),
                ErrorCode.INVALID,
                400,
                "data.ttl");
    }

    @Test
    void acquireOfAnUnknownTaskIs404() throws Exception {
        f.assertFailure(f.fail(100, acquire("nope", 0, "w")), ErrorCode.UNAVAILABLE, 404, "nope");
    }

    @Test
    void releaseMakesItPendingAtTheNextVersionAndPushesAgain() throws Exception {
        acquired("t", 100);
        DataResponse r = f.ok(200, new DataRequest.TaskRelease("t", 0));
        assertEquals(201, r.status());
        assertEquals(List.of(execute("g", "invoke", "t", 1)), f.pushes());
        Task t = f.task("t", 200);
        assertEquals(TaskState.PENDING, t.state());
        assertEquals(1, t.version());
        assertEquals("", t.pid());
    }

    @Test
    void aReleasedTaskIsPushedAgainOneTtlLaterNotAfterThePendingRetry() throws Exception {
        acquired("t", 100);
        f.ok(200, new DataRequest.TaskRelease("t", 0));
        Task t = f.task("t", 200);
        assertEquals(1000, t.ttl());
        assertEquals(1200, t.expiresOn());
    }

    @Test
    void aReleaseWithAnErrorCountsAFailedAttemptAndKeepsTheError() throws Exception {
        acquired("t", 100);
        f.ok(200, new DataRequest.TaskRelease("t", 0, 0, "exit 3"));
        Task t = f.task("t", 200);
        assertEquals(1, t.attempts());
        assertEquals("exit 3", t.lastError());
        f.ok(300, acquire("t", 1, "w"));
        f.ok(400, new DataRequest.TaskRelease("t", 1, 0, "exit 4"));
        assertEquals(2, f.task("t", 400).attempts(), "each failed attempt counts");
        assertEquals("exit 4", f.task("t", 400).lastError());
        f.ok(500, acquire("t", 2, "w"));
        f.ok(600, new DataRequest.TaskRelease("t", 2));
        assertEquals(2, f.task("t", 600).attempts(), "a release without an error is not a failed attempt");
    }

    @Test
    void aReleaseWithADelayPushesTheTaskOnlyWhenTheDelayIsDue() throws Exception {
        acquired("t", 100);
        f.ok(200, new DataRequest.TaskRelease("t", 0, 5_000, "exit 1"));
        assertTrue(f.pushes().isEmpty(), "nothing pushed at once: the retry waits for its backoff");
        Task t = f.task("t", 200);
        assertEquals(TaskState.PENDING, t.state());
        assertEquals(5_200, t.expiresOn());
        f.tick(5_300);
        assertEquals(List.of(execute("g", "invoke", "t", 1)), f.pushes());
    }

    @Test
    void releaseAtAStaleVersionIsAConflict() throws Exception {
        acquired("t", 100);
        f.ok(200, new DataRequest.TaskRelease("t", 0));
        f.assertFailure(f.fail(200, new DataRequest.TaskRelease("t", 0)), ErrorCode.CONFLICT, 409, "t");
    }

    @Test
    void suspendOnPendingPromisesSuspendsWith201() throws Exception {
        acquired("t", 100);
        f.ok(100, create("a", 100_000));
        f.ok(100, create("b", 100_000));
        DataResponse r = f.ok(200, suspend("t", 0, "a", "b"));
        assertEquals(201, r.status());
        Task t = f.task("t", 200);
        assertEquals(TaskState.SUSPENDED, t.state());
        assertEquals(0, t.version());
        assertEquals("", t.pid());
    }

    @Test
    void suspendWithAnAwaitedPromiseAlreadySettledContinuesWith300() throws Exception {
        acquired("t", 100);
        f.ok(100, create("a", 100_000));
        f.ok(100, create("b", 100_000));
        f.ok(100, settle("b", PromiseState.RESOLVED));
        assertEquals(300, f.ok(200, suspend("t", 0, "a", "b")).status());
        Task t = f.task("t", 200);
        assertEquals(TaskState.ACQUIRED, t.state());
        assertEquals(0, t.version());
        assertEquals(Task.RESUME, t.current());
    }

    @Test
    void aTaskThatWentOnAfter300AndLostItsLeaseIsAcquiredAsAResumeOfTheSettledPromise() throws Exception {
        acquired("t", 100);
        f.ok(100, create("b", 100_000));
        f.ok(100, settle("b", PromiseState.RESOLVED));
        f.ok(200, suspend("t", 0, "b"));
        f.ok(300, new DataRequest.TaskRelease("t", 0));
        assertEquals(List.of(execute("g", "resume", "t", 1)), f.pushes());
        DataResult.Resume resume = assertInstanceOf(
                DataResult.Resume.class, f.ok(400, acquire("t", 1, "w")).data());
        assertEquals("b", resume.awaited().id());
    }

    @Test
    void eachSuspendWithAResumeQueuedTakesOneAndContinuesWith300() throws Exception {
        acquired("t", 100);
        for (String id : List.of("a", "b", "c")) {
            f.ok(100, create(id, 100_000));
        }
        f.ok(100, register("t", "a"));
        f.ok(100, register("t", "b"));
        f.ok(150, settle("a", PromiseState.RESOLVED));
        f.ok(150, settle("b", PromiseState.RESOLVED));
        assertEquals(List.of("a", "b"), f.task("t", 150).resumes());
        assertEquals(300, f.ok(200, suspend("t", 0, "c")).status());
        Task t = f.task("t", 200);
        assertEquals(Task.RESUME, t.current());
        assertEquals(List.of("b"), t.resumes());
        assertEquals(300, f.ok(300, suspend("t", 0, "c")).status());
        assertEquals(List.of(), f.task("t", 300).resumes());
        assertEquals(201, f.ok(400, suspend("t", 0, "c")).status());
    }

    @Test
    void suspendOnNothingOrOnTooManyPromisesIsRefused() throws Exception {
        f.close();
        f = new Fixture(
                dir, StoreOptions.builder().maxPageSize(2).defaultPageSize(1).build());
        acquired("t", 100);
        f.assertFailure(f.fail(200, suspend("t", 0)), ErrorCode.INVALID, 400, "data.actions");
        f.assertFailure(f.fail(200, suspend("t", 0, "a", "b", "c")), ErrorCode.LIMIT, 413, "data.actions");
    }

    @Test
    void completeSettlesThePromiseAndFulfillsTheTaskWith201() throws Exception {
        acquired("t", 100);
        DataResponse r = f.ok(200, complete("t", 0));
        assertEquals(201, r.status());
        assertEquals(PromiseState.RESOLVED, promiseOf(r).state());
        assertEquals(TaskState.FULFILLED, f.task("t", 200).state());
        assertTrue(f.pushes().isEmpty());
    }

    @Test
    void completeAfterThePromiseTimedOutFulfillsWith200() throws Exception {
        f.ok(100, invoke("t", 1000, "g"));
        f.ok(100, acquire("t", 0, "w"));
        f.ok(900, new DataRequest.TaskHeartbeat("w"));
        DataResponse r = f.ok(1500, complete("t", 0));
        assertEquals(200, r.status());
        assertEquals(PromiseState.REJECTED_TIMEDOUT, promiseOf(r).state());
        assertEquals(TaskState.FULFILLED, f.task("t", 1500).state());
    }

    @Test
    void aRetriedCompleteIs200() throws Exception {
        acquired("t", 100);
        f.ok(200, complete("t", 0));
        assertEquals(200, f.ok(300, complete("t", 0)).status());
    }

    @Test
    void completeAtAStaleVersionIsAConflictAndSettlesNothing() throws Exception {
        acquired("t", 100);
        f.assertFailure(f.fail(200, complete("t", 1)), ErrorCode.CONFLICT, 409, "t");
        assertEquals(PromiseState.PENDING, f.promise("t", 200).state());
    }

    @Test
    void fenceAtTheHoldersVersionPerformsTheInnerActionWith200() throws Exception {
        acquired("t", 100);
        DataResponse r = f.ok(200, new DataRequest.TaskFence("t", 0, create("child", 100_000)));
        assertEquals(200, r.status());
        DataResponse inner = assertInstanceOf(DataResult.Fenced.class, r.data()).action();
        assertEquals(201, inner.status());
        assertEquals("child", promiseOf(inner).id());
    }

    @Test
    void fenceAtAStaleVersionIsAConflictAndDoesNothing() throws Exception {
        acquired("t", 100);
        f.ok(150, new DataRequest.TaskRelease("t", 0));
        f.assertFailure(
                f.fail(200, new DataRequest.TaskFence("t", 0, create("child", 100_000))), ErrorCode.CONFLICT, 409, "t");
        assertEquals(
                404, f.readFailure(new DataRequest.PromiseGet("child"), 200).status());
    }

    @Test
    void heartbeatExtendsEveryLeaseOfThePid() throws Exception {
        acquired("t1", 100);
        acquired("t2", 100);
        f.ok(100, invoke("t3", 100_000, "g"));
        f.ok(100, acquire("t3", 0, "other"));
        assertEquals(200, f.ok(700, new DataRequest.TaskHeartbeat("w")).status());
        assertEquals(1700, f.task("t1", 700).expiresOn());
        assertEquals(1700, f.task("t2", 700).expiresOn());
        assertEquals(1100, f.task("t3", 700).expiresOn());
    }

    @Test
    void anAwaitedPromiseSettlingResumesASuspendedTask() throws Exception {
        acquired("t", 100);
        f.ok(100, create("a", 100_000));
        f.ok(100, suspend("t", 0, "a"));
        f.ok(300, settle("a", PromiseState.RESOLVED));
        assertEquals(List.of(execute("g", "resume", "t", 1)), f.pushes());
        Task t = f.task("t", 300);
        assertEquals(TaskState.PENDING, t.state());
        assertEquals(1, t.version());
        assertEquals(Task.RESUME, t.current());
        DataResult.Resume resume = assertInstanceOf(
                DataResult.Resume.class, f.ok(400, acquire("t", 1, "w")).data());
        assertEquals("t", resume.invoked().id());
        assertEquals("a", resume.awaited().id());
        assertEquals(PromiseState.RESOLVED, resume.awaited().state());
    }

    @Test
    void theStateSavedWithASuspendComesBackWithTheResume() throws Exception {
        acquired("t", 100);
        f.ok(100, create("a", 100_000));
        byte[] state = "step 2".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        DataRequest.TaskSuspend plain = suspend("t", 0, "a");
        assertEquals(
                201,
                f.ok(100, new DataRequest.TaskSuspend("t", 0, plain.actions(), state))
                        .status());
        f.ok(300, settle("a", PromiseState.RESOLVED));
        DataResult.Resume resume = assertInstanceOf(
                DataResult.Resume.class, f.ok(400, acquire("t", 1, "w")).data());
        assertEquals("step 2", new String(resume.state(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void anAwaitedPromiseSettlingWhileTheTaskRunsQueuesAResume() throws Exception {
        acquired("t", 100);
        f.ok(100, create("a", 100_000));
        f.ok(100, register("t", "a"));
        f.ok(200, settle("a", PromiseState.RESOLVED));
        assertTrue(f.pushes().isEmpty());
        Task t = f.task("t", 200);
        assertEquals(TaskState.ACQUIRED, t.state());
        assertEquals(List.of("a"), t.resumes());
    }

    @Test
    void aLeasePastItsExpiryIsLostOnTick() throws Exception {
        acquired("t", 100);
        assertEquals(new Outcome.Ticked(0, false), f.tick(1099));
        assertEquals(new Outcome.Ticked(1, false), f.tick(1100));
        assertEquals(List.of(execute("g", "invoke", "t", 1)), f.pushes());
        Task t = f.task("t", 1100);
        assertEquals(TaskState.PENDING, t.state());
        assertEquals(1, t.version());
        assertEquals(2100, t.expiresOn());
        f.assertFailure(f.fail(1200, complete("t", 0)), ErrorCode.CONFLICT, 409, "t");
    }

    @Test
    void aPendingTaskPastItsExpiryIsPushedAgainOnTick() throws Exception {
        f.ok(100, invoke("t", 100_000, "g"));
        assertEquals(10_000, f.task("t", 100).ttl());
        assertEquals(10_100, f.task("t", 100).expiresOn());
        f.tick(10_100);
        assertEquals(List.of(execute("g", "invoke", "t", 0)), f.pushes());
        Task t = f.task("t", 10_100);
        assertEquals(TaskState.PENDING, t.state());
        assertEquals(0, t.version());
        assertEquals(20_100, t.expiresOn());
    }

    @Test
    void settlingTheTasksOwnPromiseFulfillsItAndAbortsTheHolder() throws Exception {
        acquired("t", 100);
        f.ok(200, settle("t", PromiseState.REJECTED_CANCELED));
        assertEquals(List.of(new TaskPush.Abort("g", "w", "t")), f.pushes());
        assertEquals(TaskState.FULFILLED, f.task("t", 200).state());
    }

    @Test
    void aTimedOutAwaiterIsNotResumedWhenItsAwaitedSettles() throws Exception {
        f.ok(100, invoke("t", 1000, "g"));
        f.ok(100, acquire("t", 0, "w"));
        f.ok(100, create("a", 100_000));
        f.ok(200, suspend("t", 0, "a"));
        // No tick ran: t's own timeout is found lazily when a's settlement looks at it.
        f.ok(2000, settle("a", PromiseState.RESOLVED));
        assertTrue(f.pushes().isEmpty());
        Task t = f.task("t", 2000);
        assertEquals(TaskState.FULFILLED, t.state());
        assertEquals(0, t.version());
        assertEquals(PromiseState.REJECTED_TIMEDOUT, f.promise("t", 2000).state());
    }

    @Test
    void callbacksOfAnEarlierSuspendDoNotWakeATaskSuspendedOnOthers() throws Exception {
        acquired("t", 100);
        for (String id : List.of("a", "b", "c")) {
            f.ok(100, create(id, 100_000));
        }
        f.ok(200, suspend("t", 0, "a", "b"));
        f.ok(300, settle("a", PromiseState.RESOLVED));
        f.ok(400, acquire("t", 1, "w"));
        assertEquals(201, f.ok(500, suspend("t", 1, "c")).status());
        f.ok(600, settle("b", PromiseState.RESOLVED));
        assertTrue(f.pushes().isEmpty());
        Task t = f.task("t", 600);
        assertEquals(TaskState.SUSPENDED, t.state());
        assertEquals(1, t.version());
        f.ok(700, settle("c", PromiseState.RESOLVED));
        assertEquals(List.of(execute("g", "resume", "t", 2)), f.pushes());
    }

    @Test
    void ofTwoAcquiresOfOneVersionExactlyOneWins() throws Exception {
        f.ok(100, invoke("t", 100_000, "g"));
        ApplyResult r = f.batch(200, Command.of(acquire("t", 0, "w1")), Command.of(acquire("t", 0, "w2")));
        assertInstanceOf(Outcome.Success.class, r.outcomes().get(0));
        Outcome.Failure lost =
                assertInstanceOf(Outcome.Failure.class, r.outcomes().get(1));
        assertEquals(ErrorCode.CONFLICT, lost.error().code());
        assertEquals("w1", f.task("t", 200).pid());
    }
}
