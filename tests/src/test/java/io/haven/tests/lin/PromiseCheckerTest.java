package io.haven.tests.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.haven.protocol.data.PromiseState;
import io.haven.tests.lin.PromiseModel.Create;
import io.haven.tests.lin.PromiseModel.Get;
import io.haven.tests.lin.PromiseModel.NotFound;
import io.haven.tests.lin.PromiseModel.Seen;
import io.haven.tests.lin.PromiseModel.Settle;
import org.junit.jupiter.api.Test;

class PromiseCheckerTest {
    private static final Checker CHECKER = new Checker(new PromiseModel());

    private static CheckResult check(Calls calls) {
        return CHECKER.check(calls.ops());
    }

    private static Seen pending(int status, String param) {
        return new Seen(status, PromiseState.PENDING, param, "");
    }

    @Test
    void concurrentCreatesOfOneIdAreOneCreatedAndOneExisting() {
        CheckResult r = check(new Calls("p")
                .ok(1, 0, 10, new Create("x"), pending(200, "y"))
                .ok(2, 0, 10, new Create("y"), pending(201, "y"))
                .ok(3, 11, 12, new Get(), pending(200, "y")));
        assertEquals(CheckResult.Verdict.LINEARIZABLE, r.verdict(), r.report());
    }

    @Test
    void twoCreatesBothAnsweredCreatedAreRejected() {
        CheckResult r = check(new Calls("p")
                .ok(1, 0, 10, new Create("x"), pending(201, "x"))
                .ok(2, 0, 10, new Create("x"), pending(201, "x")));
        assertEquals(CheckResult.Verdict.NOT_LINEARIZABLE, r.verdict(), r.report());
    }

    @Test
    void aSecondSettleAnswersTheFirstOnesValue() {
        CheckResult r = check(new Calls("p")
                .ok(1, 0, 1, new Create("x"), pending(201, "x"))
                .ok(1, 2, 10, new Settle(PromiseState.RESOLVED, "v1"), new Seen(200, PromiseState.REJECTED, "x", "v2"))
                .ok(
                        2,
                        2,
                        10,
                        new Settle(PromiseState.REJECTED, "v2"),
                        new Seen(201, PromiseState.REJECTED, "x", "v2")));
        assertEquals(CheckResult.Verdict.LINEARIZABLE, r.verdict(), r.report());
    }

    @Test
    void aSettleThatOverwritesASettledValueIsRejected() {
        CheckResult r = check(new Calls("p")
                .ok(1, 0, 1, new Create("x"), pending(201, "x"))
                .ok(1, 2, 3, new Settle(PromiseState.RESOLVED, "v1"), new Seen(201, PromiseState.RESOLVED, "x", "v1"))
                .ok(2, 4, 5, new Settle(PromiseState.REJECTED, "v2"), new Seen(201, PromiseState.REJECTED, "x", "v2")));
        assertEquals(CheckResult.Verdict.NOT_LINEARIZABLE, r.verdict(), r.report());
    }

    @Test
    void aPromiseReadAsPendingAfterACompletedSettleIsRejected() {
        CheckResult r = check(new Calls("p")
                .ok(1, 0, 1, new Create("x"), pending(201, "x"))
                .ok(1, 2, 3, new Settle(PromiseState.RESOLVED, "v"), new Seen(201, PromiseState.RESOLVED, "x", "v"))
                .ok(2, 4, 5, new Get(), pending(200, "x")));
        assertEquals(CheckResult.Verdict.NOT_LINEARIZABLE, r.verdict(), r.report());
    }

    @Test
    void aPromiseReadAsPendingDuringASettleIsLinearizable() {
        CheckResult r = check(new Calls("p")
                .ok(1, 0, 1, new Create("x"), pending(201, "x"))
                .ok(1, 2, 10, new Settle(PromiseState.RESOLVED, "v"), new Seen(201, PromiseState.RESOLVED, "x", "v"))
                .ok(2, 4, 5, new Get(), pending(200, "x")));
        assertEquals(CheckResult.Verdict.LINEARIZABLE, r.verdict(), r.report());
    }

    @Test
    void aSettleOfAnAbsentPromiseIsNotFoundAndTheFollowingGetToo() {
        CheckResult r = check(new Calls("p")
                .ok(1, 0, 1, new Settle(PromiseState.RESOLVED, "v"), new NotFound())
                .ok(1, 2, 3, new Get(), new NotFound()));
        assertEquals(CheckResult.Verdict.LINEARIZABLE, r.verdict(), r.report());
    }

    @Test
    void aPromiseThatDisappearsAfterItsCreateIsRejected() {
        CheckResult r = check(
                new Calls("p").ok(1, 0, 1, new Create("x"), pending(201, "x")).ok(1, 2, 3, new Get(), new NotFound()));
        assertEquals(CheckResult.Verdict.NOT_LINEARIZABLE, r.verdict(), r.report());
    }
}
