package io.haven.tests.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.tests.lin.KvModel.Found;
import io.haven.tests.lin.KvModel.Read;
import io.haven.tests.lin.KvModel.Write;
import io.haven.tests.lin.KvModel.Written;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShrinkTest {
    private static final Checker CHECKER = new Checker(new KvModel());

    private static CheckResult.Failure failure(List<Op> ops, String context) {
        CheckResult r = CHECKER.check(ops);
        assertEquals(CheckResult.Verdict.NOT_LINEARIZABLE, r.verdict(), context + ": " + r.report());
        return r.failure().orElseThrow();
    }

    @Test
    void aStaleReadAfterFiftyWritesShrinksToTheReadFromTheStateItShouldHaveSeen() {
        Calls calls = new Calls("k");
        for (int i = 1; i <= 50; i++) {
            calls.ok(1, 10 * i, 10 * i + 1, new Write("v" + i), new Written(i));
            calls.ok(2, 10 * i + 2, 10 * i + 3, new Read(), new Found("v" + i, i));
            calls.ok(3, 10 * i + 2, 10 * i + 4, new Read(), new Found("v" + i, i));
        }
        calls.ok(2, 600, 601, new Read(), new Found("v49", 49));
        calls.ok(3, 610, 611, new Read(), new Found("v50", 50));
        CheckResult.Failure f = failure(calls.ops(), "");
        assertEquals(List.of(Op.ok(2, "k", new Read(), new Found("v49", 49), 600, 601)), f.history(), f.render());
        assertEquals("'v50' v50", f.initialState());
        assertEquals(152, f.originalSize());
    }

    @Test
    void aStaleReadConcurrentWithTheNextWriteKeepsTheWritesItOverlaps() {
        Calls calls = new Calls("k");
        for (int i = 1; i <= 20; i++) {
            calls.ok(1, 10 * i, 10 * i + 8, new Write("v" + i), new Written(i));
            calls.ok(2, 10 * i + 5, 10 * i + 12, new Read(), new Found("v" + i, i));
        }
        // Overlaps the write of v20 only: it may see v19 or v20, not v18.
        calls.ok(3, 201, 207, new Read(), new Found("v18", 18));
        CheckResult.Failure f = failure(calls.ops(), "");
        assertTrue(f.history().contains(Op.ok(3, "k", new Read(), new Found("v18", 18), 201, 207)), f.render());
        assertTrue(f.history().size() <= 3, f.render());
    }

    @Test
    void aCorruptedReadInARandomHistoryOfFourClientsShrinksToAFewCalls() {
        int total = 0;
        StringBuilder sizes = new StringBuilder();
        for (long seed = 1; seed <= 20; seed++) {
            List<Op> ops = new ArrayList<>(new KvSimulation(seed, 4, 1, 0.0).run(400));
            int i = ops.size() / 2;
            while (!(ops.get(i).input() instanceof Read && ops.get(i).output() instanceof Found)) {
                i++;
            }
            Op read = ops.get(i);
            Found seen = (Found) read.output();
            // The read now claims a version the key had not reached.
            Op corrupted = Op.ok(
                    read.process(),
                    read.key(),
                    read.input(),
                    new Found(seen.value(), seen.version() + 7),
                    read.invokeNanos(),
                    read.completeNanos());
            ops.set(i, corrupted);
            CheckResult.Failure f = failure(ops, "seed " + seed);
            assertTrue(f.history().contains(corrupted), "seed " + seed + ": the corrupted read is kept\n" + f.render());
            assertTrue(f.history().size() <= 16, "seed " + seed + ": " + f.render());
            total += f.history().size();
            sizes.append(f.history().size()).append(' ');
        }
        // Mostly the read alone or with the write it overlaps; where writes overlap on every side, more stay.
        assertTrue(total <= 100, "seeds 1..20 shrank to " + sizes);
    }

    @Test
    void theShrunkHistoryOfAKeyStillFailsOnItsOwn() {
        List<Op> ops = new ArrayList<>(new KvSimulation(99, 10, 1, 0.01).run(500));
        int i = ops.size() - 1;
        while (!(ops.get(i).input() instanceof Read && ops.get(i).outcome() == Outcome.OK)) {
            i--;
        }
        Op read = ops.get(i);
        ops.set(
                i,
                Op.ok(
                        read.process(),
                        read.key(),
                        read.input(),
                        new Found("never written", 1),
                        read.invokeNanos(),
                        read.completeNanos()));
        CheckResult.Failure f = failure(ops, "seed 99, 500 calls, 1% indeterminate");
        assertTrue(
                f.history().size() < ops.size() / 10,
                "seed 99, 500 calls, 1% indeterminate: " + f.history().size() + " calls\n" + f.render());
        assertTrue(f.render().lines().count() == f.history().size() + 1, f.render());
    }
}
