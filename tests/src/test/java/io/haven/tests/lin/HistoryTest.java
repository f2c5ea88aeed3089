package io.haven.tests.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HistoryTest {
    @Test
    void callsRecordTheirOutcomeAndTheClockAtInvocationAndCompletion() {
        AtomicLong clock = new AtomicLong();
        History h = new History(clock::incrementAndGet);
        History.Call w = h.invoke(1, "k", new KvModel.Write("a")); // t=1
        History.Call r = h.invoke(2, "k", new KvModel.Read()); // t=2
        History.Call c = h.invoke(3, "k", new KvModel.Cas(5, "b")); // t=3
        w.ok(new KvModel.Written(1)); // t=4
        r.fail(); // t=5
        c.info();
        assertEquals(
                List.of(
                        Op.ok(1, "k", new KvModel.Write("a"), new KvModel.Written(1), 1, 4),
                        Op.fail(2, "k", new KvModel.Read(), 2, 5),
                        Op.info(3, "k", new KvModel.Cas(5, "b"), 3)),
                h.ops());
    }

    @Test
    void aCallStillOpenAtTheEndCountsAsIndeterminate() {
        History h = new History(() -> 7);
        h.invoke(1, "k", new KvModel.Write("a"));
        assertEquals(List.of(Op.info(1, "k", new KvModel.Write("a"), 7)), h.ops());
    }

    @Test
    void aCallCannotCompleteTwice() {
        History.Call call = new History().invoke(1, "k", new KvModel.Read());
        call.ok(new KvModel.Missing());
        assertThrows(IllegalStateException.class, call::info);
    }

    @Test
    void manyThreadsRecordingAtOnceLoseNoCall() throws InterruptedException {
        History h = new History();
        int threads = 8;
        int each = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int process = t;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < each; i++) {
                    h.invoke(process, "k" + process, new KvModel.Read()).ok(new KvModel.Missing());
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        List<Op> ops = h.ops();
        assertEquals(threads * each, ops.size());
        assertEquals(
                threads * each,
                ops.stream().filter(o -> o.outcome() == Outcome.OK).count());
    }
}
