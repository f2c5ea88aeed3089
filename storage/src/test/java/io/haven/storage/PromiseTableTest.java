package io.haven.storage;

import static io.haven.storage.Fixture.bytes;
import static io.haven.storage.Fixture.create;
import static io.haven.storage.Fixture.promiseOf;
import static io.haven.storage.Fixture.register;
import static io.haven.storage.Fixture.settle;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.PromiseState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The promise table of DESIGN section 4, row by row. */
class PromiseTableTest {
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

    @Test
    void createOfAnAbsentPromiseMakesItPendingWith201() throws Exception {
        DataResponse r = f.ok(100, create("p1", 1000));
        assertEquals(201, r.status());
        Promise p = promiseOf(r);
        assertEquals(PromiseState.PENDING, p.state());
        assertEquals(100, p.createdOn());
        assertEquals(0, p.settledOn());
        assertArrayEquals(bytes("param:p1"), p.param().data());
        assertEquals(List.of(new Change.PromiseChanged(1, p)), f.last.changes());
    }

    @Test
    void createOfAPresentPromiseReturnsTheStoredOneUnchangedWith200() throws Exception {
        Promise first = promiseOf(f.ok(100, create("p1", 1000)));
        DataRequest.PromiseCreate other =
                new DataRequest.PromiseCreate("p1", Payload.of(bytes("other")), 5000, Map.of("a", "b"));
        DataResponse r = f.ok(200, other);
        assertEquals(200, r.status());
        assertEquals(first, promiseOf(r));
        assertTrue(f.last.changes().isEmpty());
    }

    @Test
    void createAtOrPastItsTimeoutIsBornRejectedTimedOut() throws Exception {
        Promise p = promiseOf(f.ok(500, create("p1", 500)));
        assertEquals(PromiseState.REJECTED_TIMEDOUT, p.state());
        assertEquals(500, p.settledOn());
    }

    @Test
    void createOfATimerPastItsTimeoutIsBornResolved() throws Exception {
        Promise p = promiseOf(f.ok(900, create("t1", 400, Map.of(Promise.TAG_TIMER, "true"))));
        assertEquals(PromiseState.RESOLVED, p.state());
        assertEquals(400, p.settledOn());
    }

    @Test
    void settleOfAnAbsentPromiseIs404NamingIt() throws Exception {
        f.assertFailure(f.fail(100, settle("nope", PromiseState.RESOLVED)), ErrorCode.UNAVAILABLE, 404, "nope");
    }

    @Test
    void settleOfAPendingPromiseSetsTheStateAndSettledOnNowWith201() throws Exception {
        f.ok(100, create("p1", 1000));
        DataResponse r = f.ok(300, settle("p1", PromiseState.REJECTED_CANCELED));
        assertEquals(201, r.status());
        Promise p = promiseOf(r);
        assertEquals(PromiseState.REJECTED_CANCELED, p.state());
        assertEquals(300, p.settledOn());
        assertArrayEquals(bytes("value:p1"), p.value().data());
    }

    @Test
    void settleOfAPendingPromisePastItsTimeoutTimesItOutWith200() throws Exception {
        f.ok(100, create("p1", 1000));
        DataResponse r = f.ok(1500, settle("p1", PromiseState.RESOLVED));
        assertEquals(200, r.status());
        Promise p = promiseOf(r);
        assertEquals(PromiseState.REJECTED_TIMEDOUT, p.state());
        assertEquals(1000, p.settledOn());
        assertEquals(0, p.value().data().length);
    }

    @Test
    void settleOfATimerPastItsTimeoutResolvesIt() throws Exception {
        f.ok(100, create("t1", 1000, Map.of(Promise.TAG_TIMER, "true")));
        Promise p = promiseOf(f.ok(1000, settle("t1", PromiseState.REJECTED)));
        assertEquals(PromiseState.RESOLVED, p.state());
        assertEquals(1000, p.settledOn());
    }

    @Test
    void settleOfASettledPromiseIs200AndDoesNotOverwriteTheValue() throws Exception {
        f.ok(100, create("p1", 1000));
        f.ok(200, settle("p1", PromiseState.RESOLVED));
        DataRequest.PromiseSettle again =
                new DataRequest.PromiseSettle("p1", PromiseState.REJECTED, Payload.of(bytes("second")));
        DataResponse r = f.ok(300, again);
        assertEquals(200, r.status());
        assertEquals(PromiseState.RESOLVED, promiseOf(r).state());
        assertArrayEquals(bytes("value:p1"), promiseOf(r).value().data());
    }

    @Test
    void clientsCannotSettleAsRejectedTimedOut() throws Exception {
        f.ok(100, create("p1", 1000));
        f.assertFailure(
                f.fail(200, settle("p1", PromiseState.REJECTED_TIMEDOUT)), ErrorCode.INVALID, 400, "data.state");
        assertEquals(PromiseState.PENDING, f.promise("p1", 200).state());
    }

    @Test
    void registerWithAnAbsentPromiseIs404NamingTheMissingIds() throws Exception {
        f.ok(100, create("a", 1000));
        f.assertFailure(f.fail(100, register("a", "x")), ErrorCode.UNAVAILABLE, 404, "x");
        f.assertFailure(f.fail(100, register("y", "x")), ErrorCode.UNAVAILABLE, 404, "y", "x");
    }

    @Test
    void registerOfAPromiseOnItselfIs400() throws Exception {
        f.ok(100, create("a", 1000));
        f.assertFailure(f.fail(100, register("a", "a")), ErrorCode.INVALID, 400, "data.awaiter", "data.awaited");
    }

    @Test
    void registerOfTwoPendingPromisesStoresTheCallbackOncePerPair() throws Exception {
        f.ok(100, create("a", 1000));
        f.ok(100, create("b", 1000));
        DataResponse first = f.ok(100, register("a", "b"));
        assertEquals(201, first.status());
        assertEquals("b", promiseOf(first).id());
        assertEquals(200, f.ok(100, register("a", "b")).status());
    }

    @Test
    void registerOnASettledPromiseIs200AndStoresNothing() throws Exception {
        f.ok(100, create("a", 1000));
        f.ok(100, create("b", 1000));
        f.ok(100, settle("b", PromiseState.RESOLVED));
        DataResponse r = f.ok(100, register("a", "b"));
        assertEquals(200, r.status());
        assertEquals(PromiseState.RESOLVED, promiseOf(r).state());
        // Nothing was stored: registering again is still 200, not a first-time 201.
        assertEquals(200, f.ok(100, register("a", "b")).status());
    }

    @Test
    void aReadPastTheTimeoutSeesItTimedOutWithoutWriting() throws Exception {
        f.ok(100, create("p1", 1000));
        long rev = f.store.revision();
        Promise p = f.promise("p1", 1000);
        assertEquals(PromiseState.REJECTED_TIMEDOUT, p.state());
        assertEquals(1000, p.settledOn());
        assertEquals(rev, f.store.revision());
        assertEquals(PromiseState.PENDING, f.promise("p1", 999).state());
    }

    @Test
    void aTickPastTheTimeoutSettlesThePromiseAsAChange() throws Exception {
        f.ok(100, create("p1", 1000));
        f.ok(100, create("p2", 5000));
        assertEquals(new Outcome.Ticked(0, false), f.tick(999));
        assertEquals(new Outcome.Ticked(1, false), f.tick(1200));
        Change c = f.last.changes().get(0);
        Promise p = ((Change.PromiseChanged) c).promise();
        assertEquals("p1", p.id());
        assertEquals(PromiseState.REJECTED_TIMEDOUT, p.state());
        assertEquals(1000, p.settledOn());
        assertEquals(PromiseState.PENDING, f.promise("p2", 1200).state());
    }

    @Test
    void aTickPastATimersTimeoutResolvesIt() throws Exception {
        f.ok(100, create("t1", 1000, Map.of(Promise.TAG_TIMER, "true")));
        f.tick(1000);
        Promise p = ((Change.PromiseChanged) f.last.changes().get(0)).promise();
        assertEquals(PromiseState.RESOLVED, p.state());
        assertEquals(1000, p.settledOn());
    }

    @Test
    void aTickExpiresAtMostTheSweepLimitAndSaysMoreAreDue() throws Exception {
        f.close();
        f = new Fixture(dir, StoreOptions.builder().sweepLimit(2).build());
        for (int i = 0; i < 3; i++) {
            f.ok(100, create("p" + i, 200));
        }
        assertEquals(new Outcome.Ticked(2, true), f.tick(300));
        assertEquals(new Outcome.Ticked(1, false), f.tick(300));
    }

    @Test
    void searchFiltersByPrefixStateAndTagsAndPagesWithACursor() throws Exception {
        for (int i = 0; i < 5; i++) {
            f.ok(100, create("s/" + i, 1000, Map.of("color", i % 2 == 0 ? "red" : "blue")));
        }
        f.ok(100, create("other", 1000, Map.of("color", "red")));
        f.ok(200, settle("s/4", PromiseState.RESOLVED));
        DataRequest.PromiseSearch first =
                new DataRequest.PromiseSearch("s/", Optional.of(PromiseState.PENDING), Map.of("color", "red"), "", 1);
        DataResult.PromisePage page =
                (DataResult.PromisePage) f.store.read(first, 300).data();
        assertEquals(List.of("s/0"), page.promises().stream().map(Promise::id).toList());
        // The cursor is the last promise looked at: s/1 did not match, s/2 would have overflowed the page.
        assertEquals("s/1", page.cursor());
        DataRequest.PromiseSearch next = new DataRequest.PromiseSearch(
                "s/", Optional.of(PromiseState.PENDING), Map.of("color", "red"), page.cursor(), 1);
        page = (DataResult.PromisePage) f.store.read(next, 300).data();
        assertEquals(List.of("s/2"), page.promises().stream().map(Promise::id).toList());
        assertEquals("", page.cursor());
    }

    @Test
    void searchMatchesStatesWithTimeoutsApplied() throws Exception {
        f.ok(100, create("p1", 1000));
        DataRequest.PromiseSearch timedOut =
                new DataRequest.PromiseSearch("", Optional.of(PromiseState.REJECTED_TIMEDOUT), Map.of(), "", 10);
        DataResult.PromisePage page =
                (DataResult.PromisePage) f.store.read(timedOut, 2000).data();
        assertEquals(1, page.promises().size());
        assertEquals(1000, page.promises().get(0).settledOn());
    }

    @Test
    void aSearchLooksAtABoundedNumberOfPromisesPerPageAndContinuesFromItsCursor() throws Exception {
        f.close();
        f = new Fixture(
                dir, StoreOptions.builder().maxPageSize(2).defaultPageSize(1).build());
        for (int i = 0; i < 30; i++) {
            f.ok(100, create(String.format("s/%02d", i), 10_000));
        }
        f.ok(100, create("s/99", 10_000, Map.of("rare", "yes")));
        DataRequest.PromiseSearch rare =
                new DataRequest.PromiseSearch("s/", Optional.empty(), Map.of("rare", "yes"), "", 2);
        DataResult.PromisePage page =
                (DataResult.PromisePage) f.store.read(rare, 200).data();
        // 2 x 10 promises looked at, none matched: an empty page that is not the last.
        assertEquals(List.of(), page.promises());
        assertEquals("s/19", page.cursor());
        List<String> found = new java.util.ArrayList<>();
        int pages = 1;
        while (!page.cursor().isEmpty()) {
            DataRequest.PromiseSearch next =
                    new DataRequest.PromiseSearch("s/", Optional.empty(), Map.of("rare", "yes"), page.cursor(), 2);
            page = (DataResult.PromisePage) f.store.read(next, 200).data();
            page.promises().forEach(p -> found.add(p.id()));
            pages++;
        }
        assertEquals(List.of("s/99"), found);
        assertEquals(2, pages);
    }

    @Test
    void everyChangeGetsTheNextRevision() throws Exception {
        f.batch(
                100,
                Command.of(create("a", 1000)),
                Command.of(create("b", 1000)),
                Command.of(settle("a", PromiseState.RESOLVED)));
        assertEquals(
                List.of(1L, 2L, 3L), f.last.changes().stream().map(Change::rev).toList());
        assertEquals(3, f.store.revision());
        assertEquals(f.last.changes(), f.store.changesSince(1, 10));
    }

    @Test
    void aFailingCommandChangesNothingAndLaterCommandsSeeEarlierWrites() throws Exception {
        ApplyResult r = f.batch(
                100,
                Command.of(create("a", 1000)),
                Command.of(settle("missing", PromiseState.RESOLVED)),
                Command.of(new DataRequest.TaskCreate("pid", 0, create("b", 1000))),
                Command.of(settle("a", PromiseState.RESOLVED)));
        assertEquals(201, ((Outcome.Success) r.outcomes().get(0)).response().status());
        assertEquals(404, ((Outcome.Failure) r.outcomes().get(1)).status());
        assertEquals(400, ((Outcome.Failure) r.outcomes().get(2)).status());
        assertEquals(201, ((Outcome.Success) r.outcomes().get(3)).response().status());
        assertEquals(2, r.changes().size());
        f.readFailure(new DataRequest.PromiseGet("b"), 100);
    }

    @Test
    void anIdLongerThanTheLimitIsRefusedNamingTheField() throws Exception {
        f.assertFailure(f.fail(100, create("x".repeat(1025), 1000)), ErrorCode.LIMIT, 413, "data.id");
        f.assertFailure(f.fail(100, create("", 1000)), ErrorCode.INVALID, 400, "data.id");
    }

    @Test
    void tooManyTagsOrTooLargeAParamAreRefused() throws Exception {
        Map<String, String> tags = new java.util.HashMap<>();
        for (int i = 0; i < 65; i++) {
            tags.put("k" + i, "v");
        }
        f.assertFailure(f.fail(100, create("p", 1000, tags)), ErrorCode.LIMIT, 413, "data.tags");
        DataRequest.PromiseCreate big =
                new DataRequest.PromiseCreate("p", Payload.of(new byte[(1 << 20) + 1]), 1000, Map.of());
        f.assertFailure(f.fail(100, big), ErrorCode.LIMIT, 413, "data.param");
    }

    @Test
    void aPageAboveTheMaximumIsRefused() {
        DataRequest.PromiseSearch s = new DataRequest.PromiseSearch("", Optional.empty(), Map.of(), "", 1001);
        assertEquals(ErrorCode.LIMIT, f.readFailure(s, 0).code());
    }
}
