package io.haven.locator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import io.haven.protocol.message.Response;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DirectoryTest {
    private static NodeRecord node(String uuid, NodeRecord.QuorumEntry... quorums) {
        return new NodeRecord(uuid, "127.0.0.1:" + uuid.hashCode() % 1000, "r", List.of("quorum"), List.of(quorums));
    }

    private static NodeRecord.QuorumEntry q(String name, String path, boolean leader, long term) {
        return new NodeRecord.QuorumEntry(name, List.of(path), leader, term);
    }

    private final Directory dir = new Directory(
            List.of(
                    node("a", q("root", "/", true, 1)),
                    node("b", q("root", "/", false, 1), q("apps", "/apps/b", false, 2)),
                    node("c", q("apps", "/apps/b", true, 2)),
                    node("d", q("apps", "/apps/b", true, 3))),
            uuid -> !uuid.equals("c"));

    @Test
    void theLongestServedPrefixWins() {
        assertEquals("apps", dir.quorum(1, "/apps/b/x").quorum());
        assertEquals("root", dir.quorum(1, "/apps/c").quorum());
    }

    @Test
    void theAnswerNamesTheServedPrefixThePathMatched() {
        assertEquals("/apps/b", dir.quorum(1, "/apps/b/x").prefix());
        assertEquals("/", dir.quorum(1, "/apps/c").prefix());
    }

    @Test
    void theAnswerNamesTheLongerPrefixesOtherQuorumsServeUnderItsOwn() {
        assertEquals(List.of("/apps/b"), dir.quorum(1, "/apps/c").excluded());
        assertEquals(List.of(), dir.quorum(1, "/apps/b/x").excluded());
    }

    @Test
    void ofTwoClaimedLeadersTheOneInTheHigherTermIsNamedFirst() {
        Response.DiscoverReply r = dir.quorum(1, "/apps/b/x");
        assertEquals("d", r.locations().get(0).uuid());
        assertEquals(r.locations().get(0).address(), r.location());
        assertEquals(
                Set.of("b", "c", "d"),
                Set.copyOf(r.locations().stream().map(Response.Location::uuid).toList()));
    }

    @Test
    void aNodeNotHeardFromIsShownDown() {
        Response.Location c = dir.quorum(1, "/apps/b").locations().stream()
                .filter(l -> l.uuid().equals("c"))
                .findFirst()
                .orElseThrow();
        assertFalse(c.up());
    }

    @Test
    void anUnservedPathIsUnavailableNamingIt() {
        Directory none = new Directory(List.of(node("b", q("apps", "/apps/b", true, 1))), u -> true);
        HavenException e = assertThrows(HavenException.class, () -> none.quorum(1, "/other"));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals(List.of("/other"), e.error().items());
    }

    @Test
    void anUnknownUuidIsUnavailableNamingIt() {
        HavenException e = assertThrows(HavenException.class, () -> dir.uuid(1, "zz"));
        assertEquals(404, e.status());
        assertEquals(List.of("zz"), e.error().items());
    }
}
