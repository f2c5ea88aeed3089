package io.haven.tests.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.haven.protocol.data.PromiseState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionTest {
    private static final Checker ALL_MODELS = new Checker(List.of(new KvModel(), new PromiseModel(), new TaskModel()));

    @Test
    void onlyTheKeyWithTheAnomalyIsReportedAndItsFailureNamesIt() {
        List<Op> ops = new ArrayList<>();
        ops.addAll(new Calls("good/1")
                .ok(1, 0, 1, new KvModel.Write("a"), new KvModel.Written(1))
                .ok(2, 2, 3, new KvModel.Read(), new KvModel.Found("a", 1))
                .ops());
        ops.addAll(new Calls("bad")
                .ok(1, 0, 1, new KvModel.Write("a"), new KvModel.Written(1))
                .ok(2, 2, 3, new KvModel.Read(), new KvModel.Missing())
                .ops());
        ops.addAll(new Calls("good/2")
                .ok(3, 0, 5, new KvModel.Write("b"), new KvModel.Written(1))
                .ok(4, 1, 2, new KvModel.Read(), new KvModel.Missing())
                .ops());
        CheckResult r = ALL_MODELS.check(ops);
        assertEquals(CheckResult.Verdict.NOT_LINEARIZABLE, r.verdict(), r.report());
        assertEquals(3, r.keys());
        assertEquals(List.of("bad"), r.failedKeys());
        assertEquals("bad", r.failure().orElseThrow().key());
    }

    @Test
    void callsOnAKvKeyAndAPromiseWithTheSameNameAreCheckedApart() {
        // Alone, the kv read would contradict the promise's existence; as two objects both are fine.
        List<Op> ops = new ArrayList<>(new Calls("x")
                .ok(1, 0, 1, new PromiseModel.Create("p"), new PromiseModel.Seen(201, PromiseState.PENDING, "p", ""))
                .ok(1, 2, 3, new KvModel.Read(), new KvModel.Missing())
                .ok(1, 4, 5, new TaskModel.Get(), new TaskModel.NotFound())
                .ops());
        CheckResult r = ALL_MODELS.check(ops);
        assertEquals(CheckResult.Verdict.LINEARIZABLE, r.verdict(), r.report());
        assertEquals(3, r.keys());
    }

    @Test
    void aHistoryWithOneFailingAndOneUndecidableKeyIsNotLinearizable() {
        Calls hard = new Calls("hard");
        for (int i = 0; i < 40; i++) {
            hard.info(i, i, new KvModel.Write("w" + i));
        }
        hard.ok(99, 100, 101, new KvModel.Read(), new KvModel.Found("never", 41));
        List<Op> ops = new ArrayList<>(hard.ops());
        ops.addAll(new Calls("bad")
                .ok(1, 0, 1, new KvModel.Write("a"), new KvModel.Written(1))
                .ok(2, 2, 3, new KvModel.Read(), new KvModel.Missing())
                .ops());
        CheckResult r = new Checker(new KvModel())
                .withBudget(new Budget(java.time.Duration.ofSeconds(5), 100_000, java.time.Duration.ofSeconds(1)))
                .check(ops);
        assertEquals(CheckResult.Verdict.NOT_LINEARIZABLE, r.verdict(), r.report());
        assertEquals(List.of("bad"), r.failedKeys());
        assertEquals(List.of("hard"), r.unknownKeys());
    }
}
