package io.haven.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.Kv;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.PromiseState;
import io.haven.protocol.message.DiscoverType;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizerTest {

    private static Identity who(String... caps) {
        return Identity.of("alice", Capabilities.parse(List.of(caps)));
    }

    private static DataRequest.PromiseCreate create(String id) {
        return new DataRequest.PromiseCreate(id, Payload.EMPTY, 1_000, Map.of());
    }

    private static DataRequest.PromiseSettle settle(String id) {
        return new DataRequest.PromiseSettle(id, PromiseState.RESOLVED, Payload.EMPTY);
    }

    private static DataRequest.PromiseRegister register(String awaiter, String awaited) {
        return new DataRequest.PromiseRegister(awaiter, awaited);
    }

    private static void allowed(Identity who, DataRequest r) {
        Authorizer.authorize(who, Request.Query.of(r));
    }

    /** The refusal, checked to be FORBIDDEN 403 naming {@code needed} in its items and {@code field} in its message. */
    private static HavenException refused(Identity who, Request r, String needed, String field) {
        HavenException e = assertThrows(HavenException.class, () -> Authorizer.authorize(who, r));
        assertEquals(ErrorCode.FORBIDDEN, e.code());
        assertEquals(403, e.status());
        assertEquals(List.of(needed), e.error().items());
        assertTrue(e.error().message().contains("(" + field + ")"), e.error().message());
        assertTrue(e.error().message().startsWith("alice may not "), e.error().message());
        return e;
    }

    private static HavenException refused(Identity who, DataRequest r, String needed, String field) {
        return refused(who, Request.Query.of(r), needed, field);
    }

    @Test
    void aReadNeedsReadOnTheIdAndWriteCoversIt() {
        allowed(who("data:read:/a"), new DataRequest.KvGet("/a/k"));
        allowed(who("data:write:/a"), new DataRequest.KvGet("/a/k"));
        allowed(who("data:read:/a"), new DataRequest.PromiseGet("/a/p"));
        allowed(who("data:read:/a"), new DataRequest.TaskGet("/a/p"));
        refused(who("data:read:/a"), new DataRequest.KvGet("/ab/k"), "data:read:/ab/k", "data.key");
        refused(who("data:read:/a"), new DataRequest.TaskGet("/b"), "data:read:/b", "data.id");
    }

    @Test
    void aWriteNeedsWriteOnTheIdAndReadIsNotEnough() {
        allowed(who("data:write:/a"), new DataRequest.KvPut("/a/k", new byte[0], "", DataRequest.NO_VERSION));
        allowed(who("data:write:/a"), new DataRequest.KvDelete("/a/k", DataRequest.NO_VERSION));
        allowed(who("data:write:/a"), create("/a/p"));
        allowed(who("data:write:/a"), settle("/a/p"));
        refused(
                who("data:read:/a"),
                new DataRequest.KvPut("/a/k", new byte[0], "", DataRequest.NO_VERSION),
                "data:write:/a/k",
                "data.key");
        refused(who("data:read:/a"), new DataRequest.KvDelete("/a/k", 3), "data:write:/a/k", "data.key");
        refused(who("data:read:/a"), settle("/a/p"), "data:write:/a/p", "data.id");
    }

    @Test
    void reservedKeysNeedACapabilityNamingTheReservedPrefix() {
        refused(who("data:write:/"), new DataRequest.KvGet("haven:nodes/u1"), "data:read:haven:nodes/u1", "data.key");
        allowed(who("data:read:haven:"), new DataRequest.KvGet("haven:nodes/u1"));
    }

    @Test
    void anInvocationNeedsWriteOnThePromiseIdOnly() {
        DataRequest.PromiseCreate invoke =
                new DataRequest.PromiseCreate("/jobs/1", Payload.EMPTY, 1_000, Map.of("haven:invoke", "img"));
        allowed(who("data:write:/jobs"), invoke);
        refused(who("data:read:/jobs", "process:img"), invoke, "data:write:/jobs/1", "data.id");
    }

    @Test
    void registerNeedsWriteOnTheAwaiterAndReadOnTheAwaited() {
        allowed(who("data:write:/a", "data:read:/b"), register("/a/1", "/b/2"));
        refused(who("data:read:/a", "data:read:/b"), register("/a/1", "/b/2"), "data:write:/a/1", "data.awaiter");
        refused(who("data:write:/a"), register("/a/1", "/b/2"), "data:read:/b/2", "data.awaited");
    }

    @Test
    void taskCreateIsCheckedOnItsEmbeddedPromiseCreate() {
        DataRequest outside = new DataRequest.TaskCreate("w1", 30_000, create("/secret/p"));
        refused(who("data:write:/a"), outside, "data:write:/secret/p", "data.action.data.id");
        allowed(who("data:write:/a"), new DataRequest.TaskCreate("w1", 30_000, create("/a/p")));
    }

    @Test
    void taskLifecycleRequestsNeedWriteOnTheTaskId() {
        Identity w = who("data:write:/jobs", "process:img");
        allowed(w, new DataRequest.TaskAcquire("/jobs/1", 0, "w1", 30_000));
        allowed(w, new DataRequest.TaskRelease("/jobs/1", 0));
        Identity processorOnly = who("process:img");
        refused(
                processorOnly,
                new DataRequest.TaskAcquire("/jobs/1", 0, "w1", 30_000),
                "data:write:/jobs/1",
                "data.id");
        refused(processorOnly, new DataRequest.TaskRelease("/jobs/1", 0), "data:write:/jobs/1", "data.id");
        refused(
                who("data:read:/jobs"),
                new DataRequest.TaskAcquire("/jobs/1", 0, "w1", 1),
                "data:write:/jobs/1",
                "data.id");
    }

    @Test
    void taskSuspendIsCheckedOnEveryEmbeddedRegister() {
        Identity w = who("data:write:/jobs", "data:read:/inputs");
        allowed(w, new DataRequest.TaskSuspend("/jobs/1", 0, List.of(register("/jobs/1", "/inputs/a"))));
        DataRequest sneaky = new DataRequest.TaskSuspend(
                "/jobs/1", 0, List.of(register("/jobs/1", "/inputs/a"), register("/jobs/1", "/secret/b")));
        refused(w, sneaky, "data:read:/secret/b", "data.actions[1].data.awaited");
        DataRequest otherAwaiter =
                new DataRequest.TaskSuspend("/jobs/1", 0, List.of(register("/other/9", "/inputs/a")));
        refused(w, otherAwaiter, "data:write:/other/9", "data.actions[0].data.awaiter");
    }

    @Test
    void taskCompleteIsCheckedOnTheTaskAndOnItsEmbeddedSettle() {
        Identity w = who("data:write:/jobs");
        allowed(w, new DataRequest.TaskComplete("/jobs/1", 0, settle("/jobs/1")));
        refused(
                w,
                new DataRequest.TaskComplete("/jobs/1", 0, settle("/secret/1")),
                "data:write:/secret/1",
                "data.action.data.id");
        refused(
                who("data:write:/secret"),
                new DataRequest.TaskComplete("/jobs/1", 0, settle("/secret/1")),
                "data:write:/jobs/1",
                "data.id");
    }

    @Test
    void taskFenceIsCheckedOnTheTaskAndOnItsEmbeddedAction() {
        Identity w = who("data:write:/jobs");
        allowed(w, new DataRequest.TaskFence("/jobs/1", 0, create("/jobs/1/child")));
        refused(
                w,
                new DataRequest.TaskFence("/jobs/1", 0, create("/secret/x")),
                "data:write:/secret/x",
                "data.action.data.id");
        refused(
                w,
                new DataRequest.TaskFence("/jobs/1", 0, settle("/secret/x")),
                "data:write:/secret/x",
                "data.action.data.id");
    }

    @Test
    void taskHeartbeatsAndProcessorPingsNeedSomeProcessCapability() {
        allowed(who("process:img"), new DataRequest.TaskHeartbeat("w1"));
        refused(who("data:write:/"), new DataRequest.TaskHeartbeat("w1"), "process:GROUP", "data.pid");
        Authorizer.authorize(who("process:img"), new Request.Ping(Envelope.NONE, 0, 0, "w1", Map.of()));
        refused(who("data:write:/"), new Request.Ping(Envelope.NONE, 0, 0, "w1", Map.of()), "process:GROUP", "pid");
        Authorizer.authorize(who(), Request.Ping.of(0));
    }

    @Test
    void listingsAndWatchesNeedReadOnSomeKeyUnderTheirPrefix() {
        Identity w = who("data:read:/a/b");
        allowed(w, new DataRequest.KvList("/", "", 10));
        allowed(w, new DataRequest.KvList("/a/b/c", "", 10));
        allowed(w, new DataRequest.WatchAdd("/a", 0));
        allowed(w, new DataRequest.PromiseSearch("", Optional.empty(), Map.of(), "", 10));
        refused(w, new DataRequest.KvList("/a/bc", "", 10), "data:read:/a/bc", "data.prefix");
        refused(w, new DataRequest.WatchAdd("/c", 0), "data:read:/c", "data.prefix");
        refused(
                w,
                new DataRequest.PromiseSearch("/z", Optional.empty(), Map.of(), "", 10),
                "data:read:/z",
                "data.prefix");
        allowed(who(), new DataRequest.WatchRemove(3));
    }

    @Test
    void controlNeedsControlAndDiscoverNeedsDiscover() {
        Request become = new Request.Control(Envelope.NONE, false, Role.LOCATOR, "", List.of(), List.of(), false);
        Request leave = new Request.Control(Envelope.NONE, true, Role.QUORUM, "q1", List.of(), List.of(), true);
        Request discover = new Request.Discover(Envelope.NONE, DiscoverType.LOCATION, "", "");
        Identity everythingElse = who("data:write:/", "data:write:haven:", "discover", "process:*", "node");
        refused(everythingElse, become, "control", "type");
        refused(everythingElse, leave, "control", "type");
        Authorizer.authorize(who("control"), become);
        refused(who("control", "data:write:/"), discover, "discover", "type");
        Authorizer.authorize(who("discover"), discover);
    }

    @Test
    void manageNeedsTheProcessCapabilityOfItsGroup() {
        Request attach = new Request.Manage(Envelope.NONE, "request", Map.of("group", "img", "cores", "2"));
        Authorizer.authorize(who("process:img"), attach);
        Authorizer.authorize(who("process:*"), attach);
        refused(who("process:pdf"), attach, "process:img", "group");
        refused(who("process:img"), new Request.Manage(Envelope.NONE, "request", Map.of()), "process:", "group");
        Authorizer.authorize(who("process:pdf"), new Request.Manage(Envelope.NONE, "bye", Map.of()));
        refused(who("control"), new Request.Manage(Envelope.NONE, "bye", Map.of()), "process:GROUP", "type");
    }

    @Test
    void connectNeedsNothing() {
        Authorizer.authorize(who(), new Request.Connect(Envelope.NONE, "1", "", ""));
    }

    @Test
    void anIdentityWithoutCapabilitiesIsRefusedEveryDataKindButWatchRemove() {
        Set<DataKind> refused = EnumSet.noneOf(DataKind.class);
        for (DataRequest r : oneOfEachKind()) {
            try {
                Authorizer.authorize(who(), r);
            } catch (HavenException e) {
                assertEquals(ErrorCode.FORBIDDEN, e.code());
                refused.add(r.kind());
            }
        }
        Set<DataKind> expected = EnumSet.allOf(DataKind.class);
        expected.remove(DataKind.WATCH_REMOVE);
        assertEquals(expected, refused);
    }

    @Test
    void everyDataKindHasASampleHere() {
        Set<DataKind> sampled = EnumSet.noneOf(DataKind.class);
        oneOfEachKind().forEach(r -> sampled.add(r.kind()));
        assertEquals(EnumSet.allOf(DataKind.class), sampled, "a new kind needs a decision in Authorizer");
    }

    @Test
    void anOperatorTokenMayDoEveryKind() {
        Identity all = Identity.of("root", Capabilities.ALL);
        for (DataRequest r : oneOfEachKind()) {
            Authorizer.authorize(all, r);
        }
    }

    private static List<DataRequest> oneOfEachKind() {
        return List.of(
                new DataRequest.PromiseGet("/a"),
                create("/a"),
                settle("/a"),
                register("/a", "/b"),
                new DataRequest.PromiseSearch("/", Optional.empty(), Map.of(), "", 10),
                new DataRequest.TaskGet("/a"),
                new DataRequest.TaskCreate("w", 1, create("/a")),
                new DataRequest.TaskAcquire("/a", 0, "w", 1),
                new DataRequest.TaskSuspend("/a", 0, List.of(register("/a", "/b"))),
                new DataRequest.TaskComplete("/a", 0, settle("/a")),
                new DataRequest.TaskRelease("/a", 0),
                new DataRequest.TaskFence("/a", 0, create("/a/b")),
                new DataRequest.TaskHeartbeat("w"),
                new DataRequest.KvGet("/a"),
                new DataRequest.KvPut("/a", new byte[0], "", DataRequest.NO_VERSION),
                new DataRequest.KvDelete("/a", DataRequest.NO_VERSION),
                new DataRequest.KvList("/", "", 10),
                new DataRequest.WatchAdd("/", 0),
                new DataRequest.WatchRemove(1));
    }

    @Test
    void watchEventsAreVisibleOnlyForReadableKeys() {
        Identity w = who("data:read:/a");
        Kv kv = new Kv("/a/x", new byte[0], "", 1, 5);
        assertTrue(Authorizer.visible(w, new Change.KvChanged(5, kv)));
        assertFalse(Authorizer.visible(w, new Change.KvRemoved(6, "/ab/x")));
        assertFalse(Authorizer.visible(w, new Change.KvRemoved(7, "haven:nodes/u")));
    }
}
