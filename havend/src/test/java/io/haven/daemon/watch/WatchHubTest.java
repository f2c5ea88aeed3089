package io.haven.daemon.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.message.Push;
import io.haven.protocol.message.Response;
import io.haven.storage.ApplyResult;
import io.haven.storage.Command;
import io.haven.storage.Store;
import io.haven.storage.StoreException;
import io.haven.storage.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Watches over a real store: what the apply path reports is what sessions get, in order, once. */
class WatchHubTest {
    @TempDir
    Path dir;

    private Store store;
    private long index;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private WatchHub hub(StoreOptions options, WatchLimits limits) throws StoreException {
        store = Store.open(dir.resolve("db"), options);
        return new WatchHub(limits);
    }

    private ChangeSource source() {
        return new ChangeSource() {
            @Override
            public String quorumId() {
                return "q";
            }

            @Override
            public long revision() {
                return store.revision();
            }

            @Override
            public long oldestRevision() {
                return store.oldestRevision();
            }

            @Override
            public List<Change> changesSince(long fromRev, int limit) {
                try {
                    return store.changesSince(fromRev, limit);
                } catch (StoreException e) {
                    throw new AssertionError(e);
                }
            }
        };
    }

    /** Applies puts of the keys as one batch and reports the changes to the hub, as the apply path does. */
    private void put(WatchHub hub, String... keys) throws StoreException {
        List<Command> commands = new ArrayList<>();
        for (String k : keys) {
            commands.add(Command.of(new DataRequest.KvPut(k, k.getBytes(), "", DataRequest.NO_VERSION)));
        }
        ApplyResult r = store.applyBatch(1, ++index, 1_000 + index, commands);
        hub.applied("q", r.changes());
    }

    private static List<String> keys(Response.Pong pong) {
        List<String> out = new ArrayList<>();
        for (Response.WatchNotice n : pong.events()) {
            out.add(((Response.WatchEvent) n).change().key());
        }
        return out;
    }

    private static Response.Pong pong(WatchHub hub, String session, long ack) throws Exception {
        return hub.ping(session, 1, ack, 0).get(5, TimeUnit.SECONDS);
    }

    private static long lastRev(Response.Pong pong) {
        Response.WatchNotice n = pong.events().get(pong.events().size() - 1);
        return ((Response.WatchEvent) n).change().rev();
    }

    @Test
    void matchingChangesArriveInOrderAndAreNotSentAgainOnceAcknowledged() throws Exception {
        WatchHub hub = hub(StoreOptions.defaults(), WatchLimits.DEFAULTS);
        hub.add("s1", new DataRequest.WatchAdd("/a/", 0), source());
        put(hub, "/a/1", "/b/1", "/a/2");
        put(hub, "/a/3");
        Response.Pong first = pong(hub, "s1", 0);
        assertEquals(List.of("/a/1", "/a/2", "/a/3"), keys(first));
        Response.Pong unacked = pong(hub, "s1", 0);
        assertEquals(keys(first), keys(unacked), "what was not acknowledged is sent again");
        assertTrue(pong(hub, "s1", lastRev(first)).events().isEmpty(), "acknowledged events are gone");
    }

    @Test
    void aWatchFromAnOldRevisionReplaysTheLogThenGoesLiveWithoutGapOrRepeat() throws Exception {
        WatchHub hub = hub(StoreOptions.defaults(), WatchLimits.DEFAULTS);
        put(hub, "/k/1", "/k/2");
        put(hub, "/k/3");
        DataResult.WatchAdded added = assertInstanceOf(
                DataResult.WatchAdded.class,
                hub.add("s1", new DataRequest.WatchAdd("/k/", 2), source()).data());
        assertEquals(3, added.rev());
        put(hub, "/k/4");
        List<Long> revs = new ArrayList<>();
        for (Response.WatchNotice n : pong(hub, "s1", 0).events()) {
            revs.add(((Response.WatchEvent) n).change().rev());
        }
        assertEquals(List.of(2L, 3L, 4L), revs);
    }

    @Test
    void aRevisionThePastLogNoLongerKeepsIsRefusedNamingTheOldestKept() throws Exception {
        WatchHub hub = hub(StoreOptions.builder().changeRetentionCount(5).build(), WatchLimits.DEFAULTS);
        for (int i = 0; i < 20; i++) {
            put(hub, "/r/" + i);
        }
        HavenException e =
                assertThrows(HavenException.class, () -> hub.add("s1", new DataRequest.WatchAdd("/r/", 1), source()));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals(List.of(String.valueOf(store.oldestRevision())), e.error().items());
        assertTrue(e.getMessage().contains("oldest revision kept is " + store.oldestRevision()), e.getMessage());
    }

    @Test
    void aSlowSessionIsToldWhereToResumeAndItsQueueStaysBounded() throws Exception {
        WatchHub hub = hub(StoreOptions.defaults(), new WatchLimits(8, 10, 100));
        hub.add("slow", new DataRequest.WatchAdd("/s/", 0), source());
        for (int i = 0; i < 50; i++) {
            put(hub, "/s/" + i);
        }
        assertTrue(hub.queued("slow") <= 11, "queue holds " + hub.queued("slow"));
        Response.Pong pong = pong(hub, "slow", 0);
        Response.WatchCancelled cancelled = assertInstanceOf(
                Response.WatchCancelled.class, pong.events().get(pong.events().size() - 1));
        assertEquals(ErrorCode.LIMIT, cancelled.error().code());
        long resume = Long.parseLong(cancelled.error().items().get(0));
        assertEquals(1, resume, "the first event the session never got");
        assertEquals(1, pong.events().size(), "events never sent are dropped with the watch: the client re-reads them");
        assertEquals(0, hub.watches(), "the watch is gone");
    }

    @Test
    void aPushWatchSendsEachEventAtOnceAndPongsDoNotRepeatIt() throws Exception {
        WatchHub hub = hub(StoreOptions.defaults(), WatchLimits.DEFAULTS);
        List<Push> pushed = new ArrayList<>();
        hub.sessionOpened("s1", pushed::add);
        hub.add("s1", new DataRequest.WatchAdd("/p/", 0, true), source());
        hub.add("s1", new DataRequest.WatchAdd("/q/", 0, false), source());
        put(hub, "/p/1", "/q/1", "/p/2");
        List<String> pushedKeys = new ArrayList<>();
        for (Push p : pushed) {
            for (Response.WatchNotice n : ((Push.WatchPush) p).events()) {
                pushedKeys.add(((Response.WatchEvent) n).change().key());
            }
        }
        assertEquals(List.of("/p/1", "/p/2"), pushedKeys, "push watch events, in order, as they were matched");
        Response.Pong pong = pong(hub, "s1", 0);
        assertEquals(List.of("/q/1"), keys(pong), "the pong carries only what was not pushed");
        pong(hub, "s1", store.revision());
        assertEquals(0, hub.queued("s1"), "an ack drops pushed events too");
    }

    @Test
    void aHeldPingAnswersAsSoonAsAnEventArrives() throws Exception {
        WatchHub hub = hub(StoreOptions.defaults(), WatchLimits.DEFAULTS);
        hub.add("s1", new DataRequest.WatchAdd("/w/", 0), source());
        CompletableFuture<Response.Pong> held = hub.ping("s1", 7, 0, 30_000);
        assertFalse(held.isDone());
        put(hub, "/w/1");
        Response.Pong pong = held.get(5, TimeUnit.SECONDS);
        assertEquals(7, pong.reqId());
        assertEquals(List.of("/w/1"), keys(pong));
    }

    @Test
    void aClosedSessionTakesItsWatchesWithIt() throws Exception {
        WatchHub hub = hub(StoreOptions.defaults(), WatchLimits.DEFAULTS);
        hub.add("s1", new DataRequest.WatchAdd("/c/", 0), source());
        hub.add("s2", new DataRequest.WatchAdd("/c/", 0), source());
        hub.closeSession("s1");
        put(hub, "/c/1");
        assertEquals(1, hub.watches());
        assertEquals(0, hub.queued("s1"));
        assertEquals(List.of("/c/1"), keys(pong(hub, "s2", 0)));
    }

    @Test
    void aSessionCannotHoldMoreWatchesThanItsLimit() throws Exception {
        WatchHub hub = hub(StoreOptions.defaults(), new WatchLimits(2, 100, 100));
        hub.add("s1", new DataRequest.WatchAdd("/x/", 0), source());
        hub.add("s1", new DataRequest.WatchAdd("/y/", 0), source());
        HavenException e =
                assertThrows(HavenException.class, () -> hub.add("s1", new DataRequest.WatchAdd("/z/", 0), source()));
        assertEquals(ErrorCode.LIMIT, e.code());
    }

    @Test
    void aWatchRefusedDuringItsCatchUpLeavesNoEventsBehind() throws Exception {
        WatchHub hub = hub(StoreOptions.builder().changeRetentionCount(5).build(), WatchLimits.DEFAULTS);
        for (int i = 0; i < 20; i++) {
            put(hub, "/o/" + i);
        }
        ChangeSource trimming = new ChangeSource() {
            private final ChangeSource real = source();
            private boolean first = true;

            @Override
            public String quorumId() {
                return real.quorumId();
            }

            @Override
            public long revision() {
                return real.revision();
            }

            @Override
            public long oldestRevision() {
                return first ? 16 : real.oldestRevision();
            }

            @Override
            public List<Change> changesSince(long fromRev, int limit) {
                // The first page comes from the log; the next finds it trimmed past where the first ended.
                List<Change> page = real.changesSince(fromRev, limit);
                if (first) {
                    first = false;
                    return page.subList(0, 2);
                }
                return page.subList(1, page.size());
            }
        };
        HavenException e =
                assertThrows(HavenException.class, () -> hub.add("s1", new DataRequest.WatchAdd("/o/", 16), trimming));
        assertEquals(410, e.status());
        assertEquals(0, hub.queued("s1"), "the client never learned this watch's id, so its events must not come");
        assertTrue(pong(hub, "s1", 0).events().isEmpty());
        assertEquals(0, hub.watches());
    }

    @Test
    void aCatchUpLongerThanTheQueueBoundComesInPagesEachEndedByALimitNamingWhereToResume() throws Exception {
        WatchHub hub = hub(StoreOptions.defaults(), new WatchLimits(8, 10, 100));
        for (int i = 0; i < 25; i++) {
            put(hub, "/p/" + i);
        }
        List<Long> revs = new ArrayList<>();
        long from = 1;
        long ack = 0;
        int pages = 0;
        boolean cut = true;
        while (cut) {
            assertTrue(++pages <= 3, "25 changes take 3 pages of 10");
            DataResult.WatchAdded added = assertInstanceOf(
                    DataResult.WatchAdded.class,
                    hub.add("s1", new DataRequest.WatchAdd("/p/", from), source())
                            .data());
            cut = false;
            for (Response.WatchNotice n : pong(hub, "s1", ack).events()) {
                assertEquals(added.watch(), n.watch());
                if (n instanceof Response.WatchEvent e) {
                    revs.add(e.change().rev());
                    ack = e.change().rev();
                } else {
                    Response.WatchCancelled c = (Response.WatchCancelled) n;
                    assertEquals(ErrorCode.LIMIT, c.error().code());
                    from = Long.parseLong(c.error().items().get(0));
                    assertEquals(ack + 1, from, "resume right after the last event of the page");
                    assertEquals(ack, added.rev(), "the answer names the last revision the page covers");
                    cut = true;
                }
            }
            // The client acknowledges the page before it adds the watch again, making room for the next.
            assertTrue(pong(hub, "s1", ack).events().isEmpty());
        }
        assertEquals(3, pages);
        put(hub, "/p/live");
        revs.add(lastRev(pong(hub, "s1", ack)));
        List<Long> all = new ArrayList<>();
        for (long r = 1; r <= 26; r++) {
            all.add(r);
        }
        assertEquals(all, revs, "every revision once, in order, the last one live");
        assertEquals(1, hub.watches(), "the last page's watch went live");
    }

    @Test
    void aReplicaThatSkipsChangesEndsItsWatchesNamingTheFirstRevisionTheyMissed() throws Exception {
        WatchHub hub = hub(StoreOptions.defaults(), WatchLimits.DEFAULTS);
        hub.add("s1", new DataRequest.WatchAdd("/g/", 0), source());
        put(hub, "/g/1");
        assertEquals(List.of("/g/1"), keys(pong(hub, "s1", 0)));
        // A checkpoint install: the store jumps ahead and the apply path never reports these changes.
        for (String k : List.of("/g/2", "/g/3")) {
            store.applyBatch(
                    1,
                    ++index,
                    1_000 + index,
                    List.of(Command.of(new DataRequest.KvPut(k, k.getBytes(), "", DataRequest.NO_VERSION))));
        }
        put(hub, "/g/4");
        Response.Pong pong = pong(hub, "s1", 1);
        assertEquals(1, pong.events().size(), "revision 4 is not delivered past the gap: " + pong);
        Response.WatchCancelled cancelled =
                assertInstanceOf(Response.WatchCancelled.class, pong.events().get(0));
        assertEquals(ErrorCode.LIMIT, cancelled.error().code());
        assertEquals(List.of("2"), cancelled.error().items(), "resume at the first revision the watch missed");
        assertEquals(0, hub.watches());
    }

    @Test
    void aWatchAddedAfterAnotherWatchOfItsQuorumIsNotMistakenForAGap() throws Exception {
        WatchHub hub = hub(StoreOptions.defaults(), WatchLimits.DEFAULTS);
        hub.add("s1", new DataRequest.WatchAdd("/n/", 0), source());
        hub.closeSession("s1");
        // Changes the hub hears of while its quorum holds no watch still count as seen.
        put(hub, "/n/1");
        put(hub, "/n/2");
        hub.add("s2", new DataRequest.WatchAdd("/n/", 0), source());
        put(hub, "/n/3");
        assertEquals(List.of("/n/3"), keys(pong(hub, "s2", 0)));
    }

    @Test
    void aCheckpointInstallEndsTheWatchesThatNeededTheSkippedChangesWithoutWaitingForAnotherBatch() throws Exception {
        WatchHub hub = hub(StoreOptions.defaults(), WatchLimits.DEFAULTS);
        hub.add("s1", new DataRequest.WatchAdd("/k/", 0), source());
        put(hub, "/k/1");
        assertEquals(List.of("/k/1"), keys(pong(hub, "s1", 0)));
        for (String k : List.of("/k/2", "/k/3")) {
            store.applyBatch(
                    1,
                    ++index,
                    1_000 + index,
                    List.of(Command.of(new DataRequest.KvPut(k, k.getBytes(), "", DataRequest.NO_VERSION))));
        }
        hub.checkpointInstalled("q", store.revision());
        Response.Pong pong = pong(hub, "s1", 1);
        Response.WatchCancelled cancelled =
                assertInstanceOf(Response.WatchCancelled.class, pong.events().get(0));
        assertEquals(List.of("2"), cancelled.error().items());
        hub.add("s1", new DataRequest.WatchAdd("/k/", 2), source());
        put(hub, "/k/4");
        assertEquals(List.of("/k/2", "/k/3", "/k/4"), keys(pong(hub, "s1", 1)), "resumed with nothing missed");
    }

    @Test
    void aCheckpointInstallOnAMemberThatHadAppliedNothingEndsTheWatchesAddedAtRevisionZero() throws Exception {
        WatchHub hub = hub(StoreOptions.defaults(), WatchLimits.DEFAULTS);
        // An empty quorum: the watch starts after revision 0, and this member applies nothing before it installs
        // a checkpoint that already holds two changes.
        hub.add("s1", new DataRequest.WatchAdd("/k/", 0), source());
        for (String k : List.of("/k/1", "/k/2")) {
            store.applyBatch(
                    1,
                    ++index,
                    1_000 + index,
                    List.of(Command.of(new DataRequest.KvPut(k, k.getBytes(), "", DataRequest.NO_VERSION))));
        }
        hub.checkpointInstalled("q", store.revision());
        Response.WatchCancelled cancelled = assertInstanceOf(
                Response.WatchCancelled.class, pong(hub, "s1", 0).events().get(0));
        assertEquals(ErrorCode.LIMIT, cancelled.error().code());
        assertEquals(List.of("1"), cancelled.error().items());
        hub.add("s1", new DataRequest.WatchAdd("/k/", 1), source());
        put(hub, "/k/3");
        assertEquals(List.of("/k/1", "/k/2", "/k/3"), keys(pong(hub, "s1", 0)), "resumed with nothing missed");
    }
}
