package io.haven.tests.cluster;

import io.haven.client.HavenClient;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Payload;
import io.haven.protocol.message.Consistency;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pipelined promise writes and read-backs through {@link HavenClient}s: what the cluster tests use to put load on a
 * quorum and to check that every acknowledged write is there. A promise's param is its own id, so a read can tell a
 * promise apart from another one.
 */
final class Promises {
    /** Far in the future: no promise the tests write times out while they run. */
    private static final long TIMEOUT_AT = System.currentTimeMillis() + TimeUnit.DAYS.toMillis(1);

    /**
     * The deadline of requests that must succeed: generous, because four or five JVMs share two cores with other
     * builds, and a healthy quorum may then take seconds to answer.
     */
    static final Duration PATIENT = Duration.ofSeconds(60);

    private Promises() {}

    static DataRequest create(String id) {
        return new DataRequest.PromiseCreate(id, Payload.of(id.getBytes(StandardCharsets.UTF_8)), TIMEOUT_AT, Map.of());
    }

    /** Promise ids {@code /prefix/000000} on: a quorum routes a promise by its id, so ids are paths. */
    static List<String> ids(String prefix, int from, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            ids.add(String.format("/%s/%06d", prefix, i));
        }
        return ids;
    }

    /** What a batch of writes came to: the ids acknowledged and one example of each kind of failure. */
    record Outcome(Set<String> acknowledged, Map<String, String> failures, int failed) {}

    /**
     * Creates every id, the i-th through {@code clients.get(i % size)}, with at most {@code inFlight} unanswered at
     * once, and waits for all answers.
     */
    static Outcome createAll(List<HavenClient> clients, List<String> ids, int inFlight, Duration deadline)
            throws InterruptedException {
        Set<String> acked = new ConcurrentSkipListSet<>();
        Map<String, String> failures = new ConcurrentHashMap<>();
        Semaphore room = new Semaphore(inFlight);
        int[] failed = new int[1];
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            room.acquire();
            send(clients.get(i % clients.size()), create(id), deadline).whenComplete((r, e) -> {
                if (e == null) {
                    acked.add(id);
                } else {
                    failures.putIfAbsent(describe(e), id);
                    synchronized (failed) {
                        failed[0]++;
                    }
                }
                room.release();
            });
        }
        if (!room.tryAcquire(inFlight, deadline.toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("writes still unanswered long after their deadline");
        }
        synchronized (failed) {
            return new Outcome(acked, Map.copyOf(failures), failed[0]);
        }
    }

    /** One DATA query with its own deadline, answered with the node's response or its error. */
    static CompletableFuture<DataResponse> send(HavenClient client, DataRequest request, Duration deadline) {
        return send(client, request, Consistency.LINEARIZABLE, deadline);
    }

    static CompletableFuture<DataResponse> send(
            HavenClient client, DataRequest request, Consistency consistency, Duration deadline) {
        return client.send(new Request.Query(Envelope.NONE, request, consistency, false), deadline)
                .thenApply(r -> {
                    if (r instanceof Response.QueryReply q) {
                        return q.data();
                    }
                    throw new IllegalStateException("expected a QueryReply, got " + r);
                });
    }

    /** The error code (or exception class) and the message of a failed request. */
    static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof HavenException)) {
            cause = cause.getCause();
        }
        if (cause instanceof HavenException h) {
            return h.code().wireName() + " (" + h.status() + "): " + h.getMessage();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** The ids among {@code ids} that {@code client} does not return as the promise written, read pipelined. */
    static Set<String> missing(HavenClient client, Collection<String> ids, Consistency consistency)
            throws InterruptedException {
        int inFlight = 256;
        Set<String> missing = new ConcurrentSkipListSet<>();
        AtomicReference<String> example = new AtomicReference<>("");
        Semaphore room = new Semaphore(inFlight);
        for (String id : ids) {
            room.acquire();
            send(client, new DataRequest.PromiseGet(id), consistency, PATIENT).whenComplete((r, e) -> {
                if (e != null || !holds(r, id)) {
                    missing.add(id);
                    example.compareAndSet("", e != null ? describe(e) : String.valueOf(r));
                }
                room.release();
            });
        }
        if (!room.tryAcquire(inFlight, PATIENT.toSeconds() + 30, TimeUnit.SECONDS)) {
            throw new AssertionError("reads still unanswered long after their deadline");
        }
        return missing;
    }

    private static boolean holds(DataResponse r, String id) {
        return r.data() instanceof DataResult.PromiseResult p
                && p.promise().id().equals(id)
                && Arrays.equals(p.promise().param().data(), id.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Waits until {@code client} returns every id with {@code consistency}: a follower's serializable reads lag its
     * leader until it has applied the entries. Only the ids still missing are read again.
     *
     * @return the ids still missing when {@code timeout} ran out (empty on success)
     */
    static Set<String> awaitReadable(
            HavenClient client, Collection<String> ids, Consistency consistency, Duration timeout)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        Set<String> left = new TreeSet<>(ids);
        while (true) {
            left = new TreeSet<>(missing(client, left, consistency));
            if (left.isEmpty() || System.nanoTime() > end) {
                return left;
            }
            Thread.sleep(200);
        }
    }

    /** At most {@code n} of {@code ids}, for failure messages. */
    static String sample(Collection<String> ids, int n) {
        return ids.stream().limit(n).toList() + (ids.size() > n ? " and " + (ids.size() - n) + " more" : "");
    }
}
