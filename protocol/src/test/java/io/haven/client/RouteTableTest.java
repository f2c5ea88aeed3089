package io.haven.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.client.internal.RouteTable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The route cache on a clock the test moves. */
class RouteTableTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final RouteTable table = new RouteTable(now::get);

    private static Route route(String prefix, String... members) {
        return new Route(prefix, false, "q", members[0], List.of(members), List.of());
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void theLongestCachedPrefixCoveringAKeyWins() {
        table.put(route("/b", "n1:1"));
        table.put(route("/b/x", "n2:1"));
        assertEquals("/b/x", table.fresh("/b/x/1").orElseThrow().prefix());
        assertEquals("/b", table.fresh("/b/y").orElseThrow().prefix());
        assertEquals(Optional.empty(), table.fresh("/c"));
    }

    @Test
    void aRouteExpiresAfterItsTtlButStaysAvailableAsALastResort() {
        table.put(route("/b", "n1:1"));
        advance(RouteTable.ROUTE_TTL);
        assertEquals(Optional.empty(), table.fresh("/b/1"));
        assertEquals("/b", table.any("/b/1").orElseThrow().prefix());
    }

    @Test
    void anExactRouteCoversOnlyItsPath() {
        table.put(new Route("/b/1", true, "q", "n1:1", List.of("n1:1"), List.of()));
        assertTrue(table.fresh("/b/1").isPresent());
        assertFalse(table.fresh("/b/10").isPresent());
    }

    @Test
    void aRouteDoesNotCoverPathsUnderALongerPrefixAnotherQuorumServes() {
        table.put(new Route("/", false, "root", "n1:1", List.of("n1:1"), List.of("/apps/b")));
        assertTrue(table.fresh("/apps/a/1").isPresent());
        assertFalse(table.fresh("/apps/b/1").isPresent());
    }

    @Test
    void anUnreachableLeaderGoesLastAndTheRouteExpiresSoon() {
        Route r = table.put(route("/b", "n1:1", "n2:1", "n3:1"));
        table.unreachable(r, "n1:1");
        Route next = table.fresh("/b/1").orElseThrow();
        assertEquals(List.of("n2:1", "n3:1", "n1:1"), next.members());
        advance(RouteTable.DOWN_TTL);
        assertEquals(Optional.empty(), table.fresh("/b/1"));
    }

    @Test
    void aRecentlyUnreachableMemberIsTriedLastInANewRoute() {
        table.markDown("n1:1");
        Route r = table.put(route("/b", "n1:1", "n2:1"));
        assertEquals("n2:1", r.leader());
        advance(RouteTable.DOWN_TTL);
        assertEquals("n1:1", table.put(route("/b", "n1:1", "n2:1")).leader());
    }

    @Test
    void aRedirectToAMemberMovesTheLeaderAndToAStrangerDropsTheRoute() {
        Route r = table.put(route("/b", "n1:1", "n2:1"));
        table.redirected(r, "n2:1");
        Route moved = table.fresh("/b").orElseThrow();
        assertEquals("n2:1", moved.leader());
        table.redirected(moved, "elsewhere:1");
        assertEquals(Optional.empty(), table.any("/b"));
    }

    @Test
    void theTableHoldsAtMostItsBoundOfRoutes() {
        for (int i = 0; i < RouteTable.MAX_ROUTES + 10; i++) {
            table.put(route("/p" + i + "/", "n1:1"));
            advance(Duration.ofNanos(1));
        }
        assertEquals(RouteTable.MAX_ROUTES, table.snapshot().size());
        assertTrue(table.fresh("/p" + (RouteTable.MAX_ROUTES + 9) + "/x").isPresent(), "the newest is kept");
        assertFalse(table.any("/p0/x").isPresent(), "the oldest made room");
    }

    @Test
    void afterDiscoverFailsTheConnectedNodeIsUsedForAWhile() {
        assertFalse(table.hasNoDirectory());
        table.noDirectory();
        assertTrue(table.hasNoDirectory());
        advance(RouteTable.NO_DIRECTORY_TTL);
        assertFalse(table.hasNoDirectory());
    }
}
