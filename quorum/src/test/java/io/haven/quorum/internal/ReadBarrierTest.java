package io.haven.quorum.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadBarrierTest {
    /** The barriers started, in order; each is completed by the test. */
    private final List<CompletableFuture<Void>> barriers = new ArrayList<>();

    /** What the "replica" holds now: each local answer reports it, so a test sees when a read was answered. */
    private final AtomicInteger replica = new AtomicInteger();

    private final AtomicInteger slowReads = new AtomicInteger();

    private ReadBarrier barrier() {
        return new ReadBarrier(
                () -> {
                    CompletableFuture<Void> b = new CompletableFuture<>();
                    synchronized (barriers) {
                        barriers.add(b);
                    }
                    return b;
                },
                request -> {
                    if (request instanceof DataRequest.KvGet g && g.key().equals("/bad")) {
                        throw HavenException.invalid("bad key", "key");
                    }
                    return answer(replica.get());
                },
                request -> {
                    slowReads.incrementAndGet();
                    return CompletableFuture.completedFuture(answer(-1));
                },
                Runnable::run);
    }

    private static DataResponse answer(int state) {
        return DataResponse.of(DataKind.KV_GET, state, DataResult.Empty.INSTANCE);
    }

    private static DataRequest get(String key) {
        return new DataRequest.KvGet(key);
    }

    private CompletableFuture<Void> barrierNumber(int i) {
        synchronized (barriers) {
            return barriers.get(i);
        }
    }

    private int started() {
        synchronized (barriers) {
            return barriers.size();
        }
    }

    private static int status(CompletableFuture<DataResponse> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS).status();
    }

    @Test
    void aReadIsAnsweredOnlyAfterABarrierThatBeganAfterItArrived() throws Exception {
        ReadBarrier reads = barrier();
        replica.set(201);
        CompletableFuture<DataResponse> first = reads.read(get("/a"));
        assertEquals(1, started());
        // A write completes (the replica moves on), then a second read arrives while the first barrier is out.
        replica.set(202);
        CompletableFuture<DataResponse> second = reads.read(get("/a"));
        assertEquals(1, started(), "a read that arrives during a barrier does not start another");
        barrierNumber(0).complete(null);
        assertEquals(202, status(first));
        assertFalse(second.isDone(), "the first barrier began before the second read arrived");
        assertEquals(2, started());
        replica.set(203);
        barrierNumber(1).complete(null);
        assertEquals(203, status(second));
    }

    @Test
    void manyReadsThatArriveDuringOneBarrierShareTheNext() throws Exception {
        ReadBarrier reads = barrier();
        CompletableFuture<DataResponse> lone = reads.read(get("/a"));
        List<CompletableFuture<DataResponse>> crowd = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            crowd.add(reads.read(get("/k" + i)));
        }
        barrierNumber(0).complete(null);
        lone.get(5, TimeUnit.SECONDS);
        barrierNumber(1).complete(null);
        for (CompletableFuture<DataResponse> f : crowd) {
            f.get(5, TimeUnit.SECONDS);
        }
        assertEquals(2, started(), "1001 reads took " + started() + " barriers");
        assertEquals(0, slowReads.get());
    }

    @Test
    void theReadsOfAFailedBarrierGoTheSlowWayAndLaterReadsTryABarrierAgain() throws Exception {
        ReadBarrier reads = barrier();
        CompletableFuture<DataResponse> first = reads.read(get("/a"));
        barrierNumber(0).completeExceptionally(HavenException.unavailable("no leader", "q"));
        assertEquals(-1, status(first));
        assertEquals(1, slowReads.get());
        replica.set(200);
        CompletableFuture<DataResponse> later = reads.read(get("/a"));
        assertEquals(2, started());
        barrierNumber(1).complete(null);
        assertEquals(200, status(later));
    }

    @Test
    void aReadThatFailsLocallyFailsAloneWithItsOwnError() throws Exception {
        ReadBarrier reads = barrier();
        replica.set(200);
        CompletableFuture<DataResponse> bad = reads.read(get("/bad"));
        barrierNumber(0).complete(null);
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class, () -> bad.get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof HavenException, e.toString());
        CompletableFuture<DataResponse> good = reads.read(get("/a"));
        barrierNumber(1).complete(null);
        assertEquals(200, status(good));
    }
}
