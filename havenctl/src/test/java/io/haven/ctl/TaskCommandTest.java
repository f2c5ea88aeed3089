package io.haven.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.PromiseState;
import io.haven.protocol.data.Task;
import io.haven.protocol.data.TaskState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code task ...}: each command sends its one DATA kind with what the command line gave, and prints the answer. */
class TaskCommandTest {
    private static final Promise P1 =
            new Promise("job/1", PromiseState.PENDING, Payload.EMPTY, Payload.EMPTY, 9_000, Map.of(), 1_000, 0);

    private static Task task(String id, TaskState state, long version) {
        return new Task(id, state, version, "w1", 5_000, 6_000, Task.INVOKE, List.of());
    }

    @Test
    void getShowsTheTask() {
        try (FakeNode node = new FakeNode().holding(task("job/1", TaskState.ACQUIRED, 3))) {
            Run run = Run.on(node, "task", "get", "job/1");
            assertEquals(0, run.code(), run.err());
            assertEquals("200", run.field("status"));
            assertEquals("ACQUIRED", run.field("state"));
            assertEquals("3", run.field("version"));
        }
    }

    @Test
    void createSendsThePidTheLeaseAndAPromiseCreateForTheIdAndShowsBoth() {
        try (FakeNode node = new FakeNode()
                .answering(
                        DataKind.TASK_CREATE,
                        201,
                        new DataResult.TaskPromiseResult(task("job/1", TaskState.ACQUIRED, 0), P1))) {
            Run run = Run.on(node, "task", "create", "job/1", "--pid", "w1", "--ttl", "5000", "--data", "{}");
            assertEquals(0, run.code(), run.err());
            DataRequest.TaskCreate sent =
                    node.received(DataRequest.TaskCreate.class).get(0);
            assertEquals("w1", sent.pid());
            assertEquals(5_000, sent.ttl());
            assertEquals("job/1", sent.action().id());
            assertEquals("{}", new String(sent.action().param().data(), java.nio.charset.StandardCharsets.UTF_8));
            assertEquals("ACQUIRED", run.field("task.state"), run.out());
            assertEquals("PENDING", run.field("promise.state"), run.out());
        }
    }

    @Test
    void acquireSendsIdVersionPidAndTtlAndShowsTheInvocation() {
        try (FakeNode node = new FakeNode().answering(DataKind.TASK_ACQUIRE, 201, new DataResult.Invoke(P1))) {
            Run run = Run.on(
                    node, "-w", "json", "task", "acquire", "job/1", "--version", "2", "--pid", "w9", "--ttl", "7000");
            assertEquals(0, run.code(), run.err());
            assertEquals(List.of(new DataRequest.TaskAcquire("job/1", 2, "w9", 7_000)), node.received());
            assertTrue(
                    run.out().startsWith("{\"status\":201,\"kind\":\"invoke\",\"invoked\":{\"id\":\"job/1\""),
                    run.out());
        }
    }

    @Test
    void releaseSendsTheFencingToken() {
        try (FakeNode node = new FakeNode().answering(DataKind.TASK_RELEASE, 201, new DataResult.Empty())) {
            Run run = Run.on(node, "task", "release", "job/1", "--version", "4");
            assertEquals(List.of(new DataRequest.TaskRelease("job/1", 4)), node.received());
            assertEquals("status  201\n", run.out());
        }
    }

    @Test
    void completeSettlesTheTasksOwnPromiseWithTheStateAndValueGiven() {
        try (FakeNode node = new FakeNode().answering(DataKind.TASK_COMPLETE, 201, new DataResult.PromiseResult(P1))) {
            Run.on(node, "task", "complete", "job/1", "--version", "1", "--state", "rejected", "--data", "boom");
            DataRequest.TaskComplete sent =
                    node.received(DataRequest.TaskComplete.class).get(0);
            assertEquals(1, sent.version());
            assertEquals("job/1", sent.action().id());
            assertEquals(PromiseState.REJECTED, sent.action().state());
            assertEquals("boom", new String(sent.action().value().data(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void suspendRegistersTheTaskOnEveryAwaitedPromise() {
        try (FakeNode node = new FakeNode().answering(DataKind.TASK_SUSPEND, 300, new DataResult.Empty())) {
            Run run = Run.on(node, "task", "suspend", "job/1", "--version", "0", "--on", "a", "--on", "b");
            assertEquals(
                    List.of(new DataRequest.TaskSuspend(
                            "job/1",
                            0,
                            List.of(
                                    new DataRequest.PromiseRegister("job/1", "a"),
                                    new DataRequest.PromiseRegister("job/1", "b")))),
                    node.received());
            assertEquals("status  300\n", run.out(), "300: continue at once");
        }
    }

    @Test
    void fenceSettlesThePromiseNamedOnlyUnderTheToken() {
        try (FakeNode node = new FakeNode()
                .answering(
                        DataKind.TASK_FENCE,
                        200,
                        new DataResult.Fenced(io.haven.protocol.data.DataResponse.of(
                                DataKind.PROMISE_SETTLE, 201, new DataResult.PromiseResult(P1))))) {
            Run run = Run.on(node, "task", "fence", "job/1", "--version", "3", "--settle", "child/1");
            DataRequest.TaskFence sent =
                    node.received(DataRequest.TaskFence.class).get(0);
            assertEquals(3, sent.version());
            assertEquals("child/1", ((DataRequest.PromiseSettle) sent.action()).id());
            assertEquals("promise.settle", run.field("action.kind"), run.out());
            assertEquals("201", run.field("action.status"), run.out());
        }
    }

    @Test
    void fenceNeedsExactlyOneOfCreateAndSettle() {
        assertEquals(
                ExitCodes.USAGE,
                Run.of("task", "fence", "job/1", "--version", "3").code());
        assertEquals(
                ExitCodes.USAGE,
                Run.of("task", "fence", "job/1", "--version", "3", "--create", "a", "--settle", "b")
                        .code());
    }

    @Test
    void heartbeatSendsThePid() {
        try (FakeNode node = new FakeNode().answering(DataKind.TASK_HEARTBEAT, 200, new DataResult.Empty())) {
            assertEquals(0, Run.on(node, "task", "heartbeat", "--pid", "w1").code());
            assertEquals(List.of(new DataRequest.TaskHeartbeat("w1")), node.received());
        }
    }

    @Test
    void lsShowsTheTasksOfThePromisesUnderThePrefixAndLeavesOutPromisesWithoutOne() {
        Promise plain = new Promise("job/2", PromiseState.PENDING, Payload.EMPTY, Payload.EMPTY, 9, Map.of(), 1, 0);
        Promise other = new Promise("mail/1", PromiseState.PENDING, Payload.EMPTY, Payload.EMPTY, 9, Map.of(), 1, 0);
        try (FakeNode node = new FakeNode()
                .holding(P1)
                .holding(plain)
                .holding(other)
                .holding(task("job/1", TaskState.PENDING, 1))
                .holding(task("mail/1", TaskState.PENDING, 0))) {
            Run run = Run.on(node, "task", "ls", "job/");
            assertEquals(0, run.code(), run.err());
            assertEquals(2, run.lines().size(), run.out());
            assertTrue(run.lines().get(1).startsWith("job/1  PENDING  1"), run.out());
        }
    }

    @Test
    void lsWithStateShowsOnlyTasksInIt() {
        Promise p2 = new Promise("job/2", PromiseState.PENDING, Payload.EMPTY, Payload.EMPTY, 9, Map.of(), 1, 0);
        try (FakeNode node = new FakeNode()
                .holding(P1)
                .holding(p2)
                .holding(task("job/1", TaskState.PENDING, 1))
                .holding(task("job/2", TaskState.ACQUIRED, 0))) {
            Run run = Run.on(node, "-w", "json", "task", "ls", "--state", "acquired");
            assertTrue(run.out().startsWith("{\"tasks\":[{\"id\":\"job/2\""), run.out());
            assertEquals(1, run.out().split("\"id\"").length - 1, run.out());
        }
    }
}
