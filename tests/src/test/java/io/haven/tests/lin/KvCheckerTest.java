package io.haven.tests.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.haven.tests.lin.KvModel.Cas;
import io.haven.tests.lin.KvModel.Conflict;
import io.haven.tests.lin.KvModel.Found;
import io.haven.tests.lin.KvModel.Missing;
import io.haven.tests.lin.KvModel.Read;
import io.haven.tests.lin.KvModel.Write;
import io.haven.tests.lin.KvModel.Written;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvCheckerTest {
    private static final Checker CHECKER = new Checker(new KvModel());

    private static CheckResult.Verdict verdict(Calls calls) {
        return CHECKER.check(calls.ops()).verdict();
    }

    private static void assertLinearizable(Calls calls) {
        CheckResult r = CHECKER.check(calls.ops());
        assertEquals(CheckResult.Verdict.LINEARIZABLE, r.verdict(), r.report());
    }

    private static void assertNotLinearizable(Calls calls) {
        CheckResult r = CHECKER.check(calls.ops());
        assertEquals(CheckResult.Verdict.NOT_LINEARIZABLE, r.verdict(), r.report());
    }

    @Test
    void aSequentialHistoryFollowingTheModelIsLinearizable() {
        assertLinearizable(new Calls("k")
                .ok(1, 0, 1, new Read(), new Missing())
                .ok(1, 2, 3, new Write("a"), new Written(1))
                .ok(2, 4, 5, new Read(), new Found("a", 1))
                .ok(2, 6, 7, new Cas(1, "b"), new Written(2))
                .ok(1, 8, 9, new Cas(1, "c"), new Conflict())
                .ok(1, 10, 11, new Read(), new Found("b", 2))
                .ok(3, 12, 13, new KvModel.Delete(), new KvModel.Deleted(true))
                .ok(3, 14, 15, new Cas(0, "d"), new Written(1)));
    }

    @Test
    void readsOverlappingTwoConcurrentWritesMaySeeEitherOrder() {
        // The writes answered versions 2 and 1, so b went first: one read falls between them, one after both.
        assertLinearizable(new Calls("k")
                .ok(1, 0, 10, new Write("a"), new Written(2))
                .ok(2, 0, 10, new Write("b"), new Written(1))
                .ok(3, 1, 9, new Read(), new Found("b", 1))
                .ok(4, 2, 8, new Read(), new Found("a", 2))
                .ok(5, 11, 12, new Read(), new Found("a", 2)));
    }

    @Test
    void anIndeterminateWriteMayHaveTakenEffect() {
        assertLinearizable(new Calls("k").info(1, 0, new Write("a")).ok(2, 5, 6, new Read(), new Found("a", 1)));
    }

    @Test
    void anIndeterminateWriteMayNotHaveTakenEffect() {
        assertLinearizable(new Calls("k")
                .info(1, 0, new Write("a"))
                .ok(2, 5, 6, new Read(), new Missing())
                .ok(2, 7, 8, new Write("b"), new Written(1)));
    }

    @Test
    void anIndeterminateWriteMayTakeEffectLongAfterItsClientGaveUp() {
        assertLinearizable(new Calls("k")
                .info(1, 0, new Write("a"))
                .ok(2, 5, 6, new Read(), new Missing())
                .ok(2, 100, 101, new Read(), new Found("a", 1)));
    }

    @Test
    void aFailedWriteIsIgnored() {
        assertLinearizable(new Calls("k").fail(1, 0, 1, new Write("a")).ok(2, 5, 6, new Read(), new Missing()));
    }

    @Test
    void aStaleReadAfterACompletedWriteIsRejected() {
        assertNotLinearizable(new Calls("k")
                .ok(1, 0, 1, new Write("a"), new Written(1))
                .ok(1, 2, 3, new Write("b"), new Written(2))
                .ok(2, 4, 5, new Read(), new Found("a", 1)));
    }

    @Test
    void aReadOfAValueNeverWrittenIsRejected() {
        assertNotLinearizable(
                new Calls("k").ok(1, 0, 10, new Write("a"), new Written(1)).ok(2, 1, 9, new Read(), new Found("z", 1)));
    }

    @Test
    void twoSuccessfulCasFromTheSameVersionAreRejected() {
        assertNotLinearizable(new Calls("k")
                .ok(1, 0, 1, new Write("a"), new Written(1))
                .ok(2, 2, 10, new Cas(1, "b"), new Written(2))
                .ok(3, 2, 10, new Cas(1, "c"), new Written(2)));
    }

    @Test
    void aLostAcknowledgedWriteIsRejected() {
        assertNotLinearizable(
                new Calls("k").ok(1, 0, 1, new Write("a"), new Written(1)).ok(2, 2, 3, new Read(), new Missing()));
    }

    @Test
    void aReadSeeingAnIndeterminateWriteThenNotIsRejected() {
        // Once visible, an applied write cannot be unapplied.
        assertNotLinearizable(new Calls("k")
                .info(1, 0, new Write("a"))
                .ok(2, 5, 6, new Read(), new Found("a", 1))
                .ok(2, 7, 8, new Read(), new Missing()));
    }

    @Test
    void aWriteAnsweringTheWrongVersionIsRejected() {
        assertEquals(
                CheckResult.Verdict.NOT_LINEARIZABLE,
                verdict(new Calls("k")
                        .ok(1, 0, 1, new Write("a"), new Written(1))
                        .ok(1, 2, 3, new Write("b"), new Written(3))));
    }

    @Test
    void callsThatTouchInTimeCountAsConcurrent() {
        // The read is invoked at the instant the write completes: it may still be ordered first.
        assertLinearizable(
                new Calls("k").ok(1, 0, 5, new Write("a"), new Written(1)).ok(2, 5, 6, new Read(), new Missing()));
    }

    @Test
    void aReadInvokedAfterAWriteCompletedMustSeeIt() {
        assertNotLinearizable(
                new Calls("k").ok(1, 0, 5, new Write("a"), new Written(1)).ok(2, 6, 7, new Read(), new Missing()));
    }

    @Test
    void anEmptyHistoryIsLinearizable() {
        assertEquals(CheckResult.Verdict.LINEARIZABLE, CHECKER.check(List.of()).verdict());
    }
}
