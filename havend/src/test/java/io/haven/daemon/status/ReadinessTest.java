package io.haven.daemon.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReadinessTest {
    private static QuorumInfo quorum(String name, String leader, long commit, long applied) {
        return new QuorumInfo(
                name, RaftRole.FOLLOWER, leader, List.of(), List.of("/"), 4, commit, applied, applied, StoreInfo.EMPTY);
    }

    @Test
    void aNodeWithoutQuorumsIsReady() {
        assertTrue(Readiness.of(List.of()).ready());
    }

    @Test
    void aNodeIsReadyWhenEveryQuorumHasALeaderAndHasAppliedWhatItCommitted() {
        assertTrue(Readiness.of(List.of(quorum("a", "n1", 50, 50), quorum("b", "n2", 900, 400)))
                .ready());
    }

    @Test
    void aQuorumWithoutALeaderMakesTheNodeNotReadyAndIsNamed() {
        Readiness r = Readiness.of(List.of(quorum("a", "n1", 50, 50), quorum("b", "", 50, 50)));
        assertFalse(r.ready());
        assertEquals(List.of("quorum b has no leader (term 4)"), r.reasons());
    }

    @Test
    void aQuorumFarBehindWhatItCommittedMakesTheNodeNotReady() {
        Readiness r = Readiness.of(List.of(quorum("a", "n1", 5_000, 5_000 - Readiness.MAX_APPLY_LAG - 1)));
        assertFalse(r.ready());
        assertTrue(
                r.reasons().get(0).startsWith("quorum a has applied 3999 of 5000"),
                r.reasons().toString());
    }

    @Test
    void aQuorumJustWithinTheApplyLagIsReady() {
        assertTrue(Readiness.of(List.of(quorum("a", "n1", 5_000, 5_000 - Readiness.MAX_APPLY_LAG)))
                .ready());
    }
}
