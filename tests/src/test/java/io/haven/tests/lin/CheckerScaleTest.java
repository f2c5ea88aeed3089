package io.haven.tests.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckerScaleTest {
    private static final long SEED = 20240611L;

    @Test
    void aLargeRandomLinearizableHistoryOfOneKeyIsAcceptedQuickly() {
        List<Op> ops = new KvSimulation(SEED, 10, 1, 0.01).run(5_000);
        long start = System.nanoTime();
        CheckResult r = new Checker(new KvModel()).check(ops);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(CheckResult.Verdict.LINEARIZABLE, r.verdict(), "seed " + SEED + ": " + r.report());
        assertTrue(millis < 10_000, "seed " + SEED + ": took " + millis + " ms");
    }

    @Test
    void aLargeRandomLinearizableHistoryOfManyKeysIsAccepted() {
        List<Op> ops = new KvSimulation(SEED + 1, 10, 20, 0.02).run(5_000);
        CheckResult r = new Checker(new KvModel()).check(ops);
        assertEquals(CheckResult.Verdict.LINEARIZABLE, r.verdict(), "seed " + (SEED + 1) + ": " + r.report());
        assertEquals(20, r.keys());
    }

    @Test
    void aHistoryTooHardForTheBudgetIsUnknownRatherThanAHang() {
        // 40 concurrent indeterminate writes, then a read of a value nobody wrote: rejecting it means trying every
        // subset of the writes.
        Calls calls = new Calls("k");
        for (int i = 0; i < 40; i++) {
            calls.info(i, i, new KvModel.Write("w" + i));
        }
        calls.ok(99, 100, 101, new KvModel.Read(), new KvModel.Found("never", 41));
        Checker checker = new Checker(new KvModel())
                .withBudget(new Budget(Duration.ofSeconds(2), 200_000, Duration.ofSeconds(1)));
        long start = System.nanoTime();
        CheckResult r = checker.check(calls.ops());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(CheckResult.Verdict.UNKNOWN, r.verdict(), r.report());
        assertEquals(List.of("k"), r.unknownKeys());
        assertTrue(millis < 5_000, "took " + millis + " ms");
    }

    @Test
    void aTimeBudgetAloneAlsoStopsTheSearch() {
        Calls calls = new Calls("k");
        for (int i = 0; i < 40; i++) {
            calls.info(i, i, new KvModel.Write("w" + i));
        }
        calls.ok(99, 100, 101, new KvModel.Read(), new KvModel.Found("never", 41));
        Checker checker = new Checker(new KvModel())
                .withBudget(new Budget(Duration.ofMillis(300), Long.MAX_VALUE, Duration.ofSeconds(1)));
        long start = System.nanoTime();
        CheckResult r = checker.check(calls.ops());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(CheckResult.Verdict.UNKNOWN, r.verdict(), r.report());
        assertTrue(millis < 5_000, "took " + millis + " ms");
    }

    @Test
    void aRandomHistoryWithOneCorruptedReadIsRejectedAtThatKey() {
        List<Op> ops = new ArrayList<>(new KvSimulation(SEED + 2, 10, 5, 0.0).run(1_000));
        int i = ops.size() - 1;
        while (!(ops.get(i).input() instanceof KvModel.Read && ops.get(i).outcome() == Outcome.OK)) {
            i--;
        }
        Op read = ops.get(i);
        ops.set(
                i,
                Op.ok(
                        read.process(),
                        read.key(),
                        read.input(),
                        new KvModel.Found("corrupt", 1),
                        read.invokeNanos(),
                        read.completeNanos()));
        CheckResult r = new Checker(new KvModel()).check(ops);
        assertEquals(CheckResult.Verdict.NOT_LINEARIZABLE, r.verdict(), "seed " + (SEED + 2) + ": " + r.report());
        assertEquals(List.of(read.key()), r.failedKeys(), "seed " + (SEED + 2));
    }
}
