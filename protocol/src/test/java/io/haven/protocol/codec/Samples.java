package io.haven.protocol.codec;

import io.haven.protocol.Action;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenError;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Kv;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.PromiseState;
import io.haven.protocol.data.Task;
import io.haven.protocol.data.TaskState;
import io.haven.protocol.message.Consistency;
import io.haven.protocol.message.DiscoverType;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Push;
import io.haven.protocol.message.ReplicaRole;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.Role;
import io.haven.protocol.message.ServerMessage;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One record of every message shape, by golden-vector name. The vectors in {@code protocol-docs/vectors} are these
 * records encoded ({@link VectorGenerator}), and {@code GoldenVectorTest} checks both directions against them.
 */
final class Samples {
    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private Samples() {}

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Payload param() {
        return new Payload(Map.of("content-type", "application/json"), utf8("{\"func\":\"resize\",\"args\":[640]}"));
    }

    static Promise pending() {
        return new Promise(
                "order/42",
                PromiseState.PENDING,
                param(),
                Payload.EMPTY,
                T0 + 60_000,
                Map.of("haven:invoke", "img"),
                T0,
                0);
    }

    /** A member of two quorums: it leads q1, and follows the location service while it catches up. */
    static Response.StatusReply status() {
        String n1 = "6f1c0c1e-0000-4000-8000-000000000001";
        String n2 = "6f1c0c1e-0000-4000-8000-000000000002";
        Response.Member m1 = new Response.Member(n1, "127.0.0.1:7401", "127.0.0.1:7400");
        Response.Member m2 = new Response.Member(n2, "127.0.0.2:7401", "127.0.0.2:7400");
        return new Response.StatusReply(
                10,
                n1,
                "127.0.0.1:7400",
                "0.1.0",
                List.of("locator", "quorum"),
                false,
                List.of(
                        new Response.QuorumState(
                                "q1",
                                ReplicaRole.LEADER,
                                n1,
                                3,
                                1_204,
                                1_204,
                                981,
                                true,
                                List.of("/app1"),
                                List.of(m1, m2),
                                List.of(),
                                Map.of()),
                        new Response.QuorumState(
                                "locator",
                                ReplicaRole.LEARNER,
                                n2,
                                2,
                                5_000,
                                310,
                                120,
                                false,
                                List.of("haven:"),
                                List.of(m2),
                                List.of(new Response.Member(n1, "127.0.0.1:7401", "")),
                                Map.of("divergences", 0L))));
    }

    static Promise resolved() {
        return new Promise(
                "order/43",
                PromiseState.RESOLVED,
                Payload.EMPTY,
                new Payload(Map.of(), utf8("\"ok\"")),
                T0 + 60_000,
                Map.of(),
                T0,
                T0 + 1_500);
    }

    static Task acquired() {
        return new Task("order/42", TaskState.ACQUIRED, 3, "worker-1", 30_000, T0 + 30_000, Task.INVOKE, List.of());
    }

    static Task pendingTask() {
        return new Task("order/42", TaskState.PENDING, 4, "", 0, T0 + 5_000, Task.RESUME, List.of("order/43"));
    }

    static Kv kv() {
        return new Kv("/app1/config/limit", utf8("100"), "text/plain", 2, 1_017);
    }

    static DataRequest.PromiseCreate promiseCreate() {
        return new DataRequest.PromiseCreate("order/42", param(), T0 + 60_000, Map.of("haven:invoke", "img"));
    }

    static DataRequest.PromiseSettle promiseSettle() {
        return new DataRequest.PromiseSettle("order/42", PromiseState.RESOLVED, Payload.of(utf8("\"done\"")));
    }

    /** Every DATA request kind, by kind. */
    static Map<DataKind, DataRequest> dataRequests() {
        Map<DataKind, DataRequest> m = new LinkedHashMap<>();
        m.put(DataKind.PROMISE_GET, new DataRequest.PromiseGet("order/42"));
        m.put(DataKind.PROMISE_CREATE, promiseCreate());
        m.put(DataKind.PROMISE_SETTLE, promiseSettle());
        m.put(DataKind.PROMISE_REGISTER, new DataRequest.PromiseRegister("order/42", "order/43"));
        m.put(
                DataKind.PROMISE_SEARCH,
                new DataRequest.PromiseSearch(
                        "order/", Optional.of(PromiseState.PENDING), Map.of("haven:invoke", "img"), "order/41", 50));
        m.put(DataKind.TASK_GET, new DataRequest.TaskGet("order/42"));
        m.put(DataKind.TASK_CREATE, new DataRequest.TaskCreate("worker-1", 30_000, promiseCreate()));
        m.put(DataKind.TASK_ACQUIRE, new DataRequest.TaskAcquire("order/42", 0, "worker-1", 30_000));
        m.put(
                DataKind.TASK_SUSPEND,
                new DataRequest.TaskSuspend(
                        "order/42",
                        3,
                        List.of(
                                new DataRequest.PromiseRegister("order/42", "order/43"),
                                new DataRequest.PromiseRegister("order/42", "order/44"))));
        m.put(DataKind.TASK_COMPLETE, new DataRequest.TaskComplete("order/42", 3, promiseSettle()));
        m.put(DataKind.TASK_RELEASE, new DataRequest.TaskRelease("order/42", 3));
        m.put(
                DataKind.TASK_FENCE,
                new DataRequest.TaskFence(
                        "order/42",
                        3,
                        new DataRequest.PromiseCreate("order/42.1", Payload.EMPTY, T0 + 10_000, Map.of())));
        m.put(DataKind.TASK_HEARTBEAT, new DataRequest.TaskHeartbeat("worker-1"));
        m.put(DataKind.KV_GET, new DataRequest.KvGet("/app1/config/limit"));
        m.put(DataKind.KV_PUT, new DataRequest.KvPut("/app1/config/limit", utf8("100"), "text/plain", 1));
        m.put(DataKind.KV_DELETE, new DataRequest.KvDelete("/app1/config/limit", DataRequest.NO_VERSION));
        m.put(DataKind.KV_LIST, new DataRequest.KvList("/app1/", "", 100));
        m.put(DataKind.WATCH_ADD, new DataRequest.WatchAdd("/app1/", 1_000));
        m.put(DataKind.WATCH_REMOVE, new DataRequest.WatchRemove(7));
        return m;
    }

    static Map<String, Request> requests() {
        Map<String, Request> m = new LinkedHashMap<>();
        m.put(
                "request.connect",
                new Request.Connect(new Envelope(1, "eyJ0b2tlbiI6ImRldiJ9", 5_000), "1", "havenctl/0.1", ""));
        m.put(
                "request.become",
                new Request.Control(
                        Envelope.of(2),
                        false,
                        Role.QUORUM,
                        "q1",
                        List.of("/app1/", "order/"),
                        List.of("6f1c0c1e-0000-4000-8000-000000000001=127.0.0.1:7500"),
                        false));
        m.put(
                "request.leave",
                new Request.Control(Envelope.of(3), true, Role.QUORUM, "q1", List.of(), List.of(), true));
        m.put(
                "request.become.processor",
                Request.Control.processor(false, "images", 4).withEnvelope(Envelope.of(8)));
        m.put(
                "request.discover.uuid",
                new Request.Discover(Envelope.of(4), DiscoverType.UUID, "6f1c0c1e-0000-4000-8000-000000000001", ""));
        m.put("request.discover.location", new Request.Discover(Envelope.of(5), DiscoverType.LOCATION, "", ""));
        m.put("request.discover.quorum", new Request.Discover(Envelope.of(6), DiscoverType.QUORUM, "", "/app1/x"));
        m.put("request.discover.status", new Request.Discover(Envelope.of(10), DiscoverType.STATUS, "", ""));
        m.put("request.ping", new Request.Ping(Envelope.of(7), 1_017, 0, "", Map.of()));
        // Seed 002's own heartbeat: no ack (nothing acknowledged yet), no request id.
        m.put("request.ping.minimal", new Request.Ping(Envelope.NONE, 0, 0, "", Map.of()));
        m.put(
                "request.ping.processor",
                new Request.Ping(Envelope.of(8), 1_020, 10_000, "worker-1", Map.of("order/42", "running")));
        m.put(
                "request.manage",
                new Request.Manage(Envelope.of(9), "request", Map.of("cores", "4", "memory", "8192", "group", "img")));
        long id = 100;
        for (Map.Entry<DataKind, DataRequest> e : dataRequests().entrySet()) {
            m.put(
                    "request.query." + e.getKey().wireName(),
                    Request.Query.of(e.getValue()).withEnvelope(Envelope.of(id++)));
        }
        m.put(
                "request.query.watch.add.push",
                Request.Query.of(new DataRequest.WatchAdd("/app1/", 0, true)).withEnvelope(Envelope.of(201)));
        m.put(
                "request.query.task.release.retry",
                Request.Query.of(new DataRequest.TaskRelease("order/42", 3, 2_000, "exit 1: no such file"))
                        .withEnvelope(Envelope.of(202)));
        m.put(
                "request.query.task.suspend.state",
                Request.Query.of(new DataRequest.TaskSuspend(
                                "order/42",
                                3,
                                List.of(new DataRequest.PromiseRegister("order/42", "order/43")),
                                utf8("{\"step\":2}")))
                        .withEnvelope(Envelope.of(203)));
        m.put(
                "request.query.serializable",
                new Request.Query(
                        Envelope.of(200).withDeadline(250),
                        new DataRequest.KvGet("/app1/a"),
                        Consistency.SERIALIZABLE,
                        true));
        return m;
    }

    static Response.QueryReply reply(long reqId, DataKind kind, int status, DataResult result) {
        return new Response.QueryReply(reqId, DataResponse.of(kind, status, result));
    }

    static Map<String, ServerMessage> serverMessages() {
        Map<String, ServerMessage> m = new LinkedHashMap<>();
        m.put(
                "response.connect",
                new Response.ConnectReply(
                        1,
                        "1",
                        "s-5b0e6c",
                        new Response.NodeInfo(
                                "6f1c0c1e-0000-4000-8000-000000000001", List.of("locator", "quorum", "processor")),
                        5_000,
                        15_000));
        m.put("response.become", new Response.ControlReply(2, Action.BECOME, 201, List.of("quorum")));
        m.put("response.leave", new Response.ControlReply(3, Action.LEAVE, 200, List.of()));
        m.put(
                "response.discover",
                new Response.DiscoverReply(
                        6,
                        "127.0.0.1:7400",
                        List.of(
                                new Response.Location(
                                        "6f1c0c1e-0000-4000-8000-000000000001",
                                        "127.0.0.1:7400",
                                        List.of("quorum"),
                                        true),
                                new Response.Location(
                                        "6f1c0c1e-0000-4000-8000-000000000002",
                                        "127.0.0.2:7400",
                                        List.of("quorum"),
                                        false)),
                        "q1",
                        "/app1",
                        List.of("/app1/audit")));
        m.put("response.discover.status", status());
        m.put("response.pong", new Response.Pong(7, List.of()));
        m.put(
                "response.pong.events",
                new Response.Pong(
                        8,
                        List.of(
                                new Response.WatchEvent(1, new Change.KvChanged(1_017, kv())),
                                new Response.WatchEvent(1, new Change.KvRemoved(1_018, "/app1/config/old")),
                                new Response.WatchEvent(2, new Change.PromiseChanged(1_019, resolved())),
                                new Response.WatchEvent(2, new Change.TaskChanged(1_020, acquired())),
                                new Response.WatchCancelled(
                                        3,
                                        HavenError.of(
                                                ErrorCode.LIMIT,
                                                "revision 12 left the retention window; oldest kept is 900")))));
        m.put("response.manage", new Response.ManageReply(9, "answer", Map.of("accepted", "true")));
        m.put(
                "response.failure",
                new Response.Failure(
                        100,
                        Action.QUERY,
                        400,
                        HavenError.of(ErrorCode.INCOMPLETE, "missing field data.id", "data.id")));
        m.put(
                "response.failure.not-mine",
                new Response.Failure(
                        101,
                        Action.QUERY,
                        421,
                        HavenError.notMine("/app2/ is served by quorum q2", "127.0.0.2:7400", "/app2/x")));
        m.put(
                "response.failure.no-reqid",
                new Response.Failure(
                        Envelope.NO_REQID,
                        Action.CONNECT,
                        400,
                        HavenError.of(ErrorCode.INVALID, "unsupported version 2; supported: 1", "version")));
        m.put("response.query.empty", reply(110, DataKind.TASK_RELEASE, 201, DataResult.Empty.INSTANCE));
        m.put(
                "response.query.promise",
                reply(101, DataKind.PROMISE_CREATE, 201, new DataResult.PromiseResult(pending())));
        m.put("response.query.task", reply(105, DataKind.TASK_GET, 200, new DataResult.TaskResult(pendingTask())));
        m.put(
                "response.query.task-promise",
                reply(106, DataKind.TASK_CREATE, 201, new DataResult.TaskPromiseResult(acquired(), pending())));
        m.put("response.query.invoke", reply(107, DataKind.TASK_ACQUIRE, 201, new DataResult.Invoke(pending())));
        m.put(
                "response.query.resume",
                reply(107, DataKind.TASK_ACQUIRE, 201, new DataResult.Resume(pending(), resolved())));
        m.put(
                "response.query.resume.state",
                reply(
                        107,
                        DataKind.TASK_ACQUIRE,
                        201,
                        new DataResult.Resume(pending(), resolved(), utf8("{\"step\":2}"))));
        m.put(
                "response.query.task.failed",
                reply(
                        105,
                        DataKind.TASK_GET,
                        200,
                        new DataResult.TaskResult(pendingTask().withFailures(2, "exit 1: no such file"))));
        m.put(
                "response.query.fenced",
                reply(
                        111,
                        DataKind.TASK_FENCE,
                        200,
                        new DataResult.Fenced(DataResponse.of(
                                DataKind.PROMISE_SETTLE, 201, new DataResult.PromiseResult(resolved())))));
        m.put(
                "response.query.promise-page",
                reply(
                        104,
                        DataKind.PROMISE_SEARCH,
                        200,
                        new DataResult.PromisePage(List.of(pending(), resolved()), "order/43")));
        m.put("response.query.kv", reply(113, DataKind.KV_GET, 200, new DataResult.KvResult(kv())));
        m.put(
                "response.query.kv-deleted",
                reply(115, DataKind.KV_DELETE, 201, new DataResult.KvDeleted("/app1/config/limit", true, 1_021)));
        m.put(
                "response.query.kv-page",
                reply(
                        116,
                        DataKind.KV_LIST,
                        200,
                        new DataResult.KvPage(
                                List.of(kv(), new Kv("/app1/config/name", utf8("haven"), "", 1, 1_001)), "")));
        m.put("response.query.watch-added", reply(117, DataKind.WATCH_ADD, 200, new DataResult.WatchAdded(7, 1_016)));
        m.put("push.watch", new Push.WatchPush(List.of(new Response.WatchEvent(7, new Change.KvChanged(1_017, kv())))));
        m.put(
                "push.tasks.execute",
                new Push.TasksExecute(List.of(
                        new Push.TaskMessage(Task.INVOKE, "order/42", 0),
                        new Push.TaskMessage(Task.RESUME, "order/40", 2))));
        m.put("push.tasks.abort", new Push.TasksAbort(List.of("order/39")));
        m.put("push.tasks.ping", new Push.TasksPing(List.of("order/40", "order/41")));
        return m;
    }
}
