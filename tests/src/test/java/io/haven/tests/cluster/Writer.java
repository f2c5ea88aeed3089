package io.haven.tests.cluster;

import io.haven.client.HavenClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Background load: creates promises {@code /prefix/000000}, {@code /prefix/000001}, ... round-robin through its
 * clients with a fixed number in flight until stopped, and remembers which were acknowledged. A write that fails is
 * not retried (its outcome is unknown; only acknowledged writes must survive).
 *
 * <p>Thread-safe: one thread sends; answers arrive on the clients' I/O threads into concurrent sets.
 */
final class Writer implements AutoCloseable {
    private final List<HavenClient> clients;
    private final String prefix;
    private final Semaphore room;
    private final int inFlight;
    private final Duration deadline;
    private final Set<String> acked = new ConcurrentSkipListSet<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final AtomicInteger failed = new AtomicInteger();
    private final Thread thread;
    private volatile boolean stopped;

    private Writer(List<HavenClient> clients, String prefix, int inFlight, Duration deadline) {
        this.clients = List.copyOf(clients);
        this.prefix = prefix;
        this.inFlight = inFlight;
        this.room = new Semaphore(inFlight);
        this.deadline = deadline;
        this.thread = new Thread(this::run, "cluster-writer-" + prefix);
        thread.setDaemon(true);
    }

    static Writer start(List<HavenClient> clients, String prefix, int inFlight, Duration deadline) {
        Writer w = new Writer(clients, prefix, inFlight, deadline);
        w.thread.start();
        return w;
    }

    private void run() {
        for (int i = 0; !stopped; i++) {
            try {
                room.acquire();
            } catch (InterruptedException e) {
                return;
            }
            if (stopped) {
                room.release();
                return;
            }
            String id = Promises.ids(prefix, i, 1).get(0);
            Promises.send(clients.get(i % clients.size()), Promises.create(id), deadline)
                    .whenComplete((r, e) -> {
                        if (e == null) {
                            acked.add(id);
                        } else {
                            failed.incrementAndGet();
                            failures.putIfAbsent(Promises.describe(e), id);
                        }
                        room.release();
                    });
        }
    }

    /** Waits until {@code count} writes in all are acknowledged; fails after {@code timeout}. */
    void awaitAcknowledged(int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (acked.size() < count) {
            if (System.nanoTime() > end) {
                throw new AssertionError("only " + acked.size() + " of " + count + " writes acknowledged within "
                        + timeout + "; failures " + failed.get() + ", e.g. " + failures);
            }
            Thread.sleep(50);
        }
    }

    int acknowledgedCount() {
        return acked.size();
    }

    /** Stops sending and waits for every write in flight to be answered. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(TimeUnit.SECONDS.toMillis(10));
        if (!room.tryAcquire(inFlight, deadline.toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("writes still unanswered long after their deadline");
        }
        room.release(inFlight);
    }

    /** What was written; call after {@link #close()}. */
    Promises.Outcome outcome() {
        return new Promises.Outcome(Set.copyOf(acked), Map.copyOf(failures), failed.get());
    }
}
