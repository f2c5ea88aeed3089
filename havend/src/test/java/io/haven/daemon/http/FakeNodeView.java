package io.haven.daemon.http;

import io.haven.daemon.status.DirectoryNode;
import io.haven.daemon.status.MemberInfo;
import io.haven.daemon.status.NodeCounts;
import io.haven.daemon.status.NodeInfo;
import io.haven.daemon.status.NodeView;
import io.haven.daemon.status.QuorumInfo;
import io.haven.daemon.status.RaftRole;
import io.haven.daemon.status.StoreInfo;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Kv;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.PromiseState;
import io.haven.protocol.data.Task;
import io.haven.protocol.data.TaskState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A node for the HTTP tests: one quorum {@value #QUORUM} that this node leads, and promises, tasks and keys kept in
 * memory with the semantics of the kinds the browser uses (get, search, list, and kv.put / promise.create for the
 * writes the tests make). Every write gets the next revision and reaches the watches whose prefix matches it, as
 * the real apply path does. Thread-safe (one monitor).
 */
final class FakeNodeView implements NodeView {
    static final String UUID = "7d0c4f8e-3b1a-4c55-9e2f-5a6b7c8d9e01";
    static final String QUORUM = "main";

    private final NavigableMap<String, Kv> kvs = new TreeMap<>();
    private final NavigableMap<String, Promise> promises = new TreeMap<>();
    private final NavigableMap<String, Task> tasks = new TreeMap<>();
    private final List<Change> log = new ArrayList<>();
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final Semaphore unsubscribed = new Semaphore(0);
    private long revision;
    private volatile boolean leaderless;

    private record Watch(String prefix, ChangeListener listener) {}

    @Override
    public NodeInfo node() {
        return new NodeInfo(UUID, "0.1.0-test", "127.0.0.1:7400", "127.0.0.1:7401", List.of("quorum"), true);
    }

    @Override
    public synchronized List<QuorumInfo> quorums() {
        long index = 5 + revision;
        return List.of(new QuorumInfo(
                QUORUM,
                leaderless ? RaftRole.CANDIDATE : RaftRole.LEADER,
                leaderless ? "" : UUID,
                List.of(
                        new MemberInfo(UUID, "127.0.0.1:7401", "127.0.0.1:7400", true, index),
                        new MemberInfo(
                                "1b2c3d4e-0000-4000-8000-000000000002",
                                "127.0.0.1:7411",
                                "127.0.0.1:7410",
                                true,
                                index - 1)),
                List.of("/"),
                3,
                index,
                index,
                revision,
                new StoreInfo(3 << 20, 0, 0, 4, false, 0)));
    }

    @Override
    public synchronized NodeCounts counts() {
        return new NodeCounts(1, watches.size(), 0);
    }

    @Override
    public CompletableFuture<Optional<List<DirectoryNode>>> directory() {
        return CompletableFuture.completedFuture(Optional.of(List.of(
                new DirectoryNode(UUID, "127.0.0.1:7400", List.of("quorum"), true, List.of(QUORUM), List.of(QUORUM)))));
    }

    void leaderless(boolean none) {
        leaderless = none;
    }

    int watchers() {
        return watches.size();
    }

    /** Waits until a watch has been closed by its subscriber. */
    boolean awaitUnsubscribed(long seconds) throws InterruptedException {
        return unsubscribed.tryAcquire(seconds, TimeUnit.SECONDS);
    }

    @Override
    public synchronized CompletableFuture<DataResponse> query(DataRequest request) {
        try {
            return CompletableFuture.completedFuture(answer(request));
        } catch (HavenException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private DataResponse answer(DataRequest request) {
        if (request instanceof DataRequest.KvGet r) {
            return ok(request, new DataResult.KvResult(found(kvs, r.key())));
        } else if (request instanceof DataRequest.KvPut r) {
            Kv old = kvs.get(r.key());
            Kv kv = new Kv(r.key(), r.value(), r.contentType(), old == null ? 1 : old.version() + 1, ++revision);
            kvs.put(r.key(), kv);
            applied(new Change.KvChanged(revision, kv));
            return DataResponse.of(request.kind(), DataResponse.CREATED, new DataResult.KvResult(kv));
        } else if (request instanceof DataRequest.KvList r) {
            List<Kv> page = page(kvs, r.prefix(), r.cursor(), r.limit(), kv -> true);
            return ok(request, new DataResult.KvPage(page, cursor(page, r.limit(), Kv::key)));
        } else if (request instanceof DataRequest.PromiseGet r) {
            return ok(request, new DataResult.PromiseResult(found(promises, r.id())));
        } else if (request instanceof DataRequest.PromiseCreate r) {
            Promise p = new Promise(
                    r.id(),
                    PromiseState.PENDING,
                    r.param(),
                    Payload.EMPTY,
                    r.timeout(),
                    r.tags(),
                    1_700_000_000_000L,
                    0);
            promises.put(r.id(), p);
            applied(new Change.PromiseChanged(++revision, p));
            return DataResponse.of(request.kind(), DataResponse.CREATED, new DataResult.PromiseResult(p));
        } else if (request instanceof DataRequest.PromiseSearch r) {
            List<Promise> page = page(
                    promises,
                    r.prefix(),
                    r.cursor(),
                    r.limit(),
                    p -> r.state().isEmpty() || p.state() == r.state().get());
            return ok(request, new DataResult.PromisePage(page, cursor(page, r.limit(), Promise::id)));
        } else if (request instanceof DataRequest.TaskGet r) {
            return ok(request, new DataResult.TaskResult(found(tasks, r.id())));
        }
        throw HavenException.invalid(
                "the fake node does not serve " + request.kind().wireName(), "kind");
    }

    /** A task for promise {@code id} (made with it, as task.create would). */
    synchronized void task(String id, TaskState state) {
        Promise p = new Promise(
                id,
                PromiseState.PENDING,
                Payload.EMPTY,
                Payload.EMPTY,
                1_900_000_000_000L,
                Map.of(),
                1_700_000_000_000L,
                0);
        promises.put(id, p);
        Task t = new Task(
                id, state, 2, state == TaskState.ACQUIRED ? "worker-1" : "", 30_000, 0, Task.INVOKE, List.of());
        tasks.put(id, t);
        applied(new Change.TaskChanged(++revision, t));
    }

    void put(String key, String value) {
        query(new DataRequest.KvPut(key, value.getBytes(StandardCharsets.UTF_8), "text/plain", DataRequest.NO_VERSION))
                .join();
    }

    void promise(String id, Map<String, String> tags) {
        query(new DataRequest.PromiseCreate(
                        id,
                        Payload.of("{\"func\":\"greet\"}".getBytes(StandardCharsets.UTF_8)),
                        1_900_000_000_000L,
                        tags))
                .join();
    }

    private void applied(Change change) {
        log.add(change);
        for (Watch w : watches) {
            if (change.key().startsWith(w.prefix())) {
                w.listener().changed(change);
            }
        }
    }

    @Override
    public synchronized Subscription watch(String prefix, long fromRev, ChangeListener listener) {
        if (!prefix.startsWith("/")) {
            throw HavenException.unavailable("no quorum of this node serves " + prefix, "prefix");
        }
        if (fromRev > 0) {
            for (Change c : log) {
                if (c.rev() >= fromRev && c.key().startsWith(prefix)) {
                    listener.changed(c);
                }
            }
        }
        Watch w = new Watch(prefix, listener);
        watches.add(w);
        return () -> {
            if (watches.remove(w)) {
                unsubscribed.release();
            }
        };
    }

    private static <T> T found(Map<String, T> map, String id) {
        T value = map.get(id);
        if (value == null) {
            throw HavenException.notFound("no " + id, id);
        }
        return value;
    }

    private static <T> List<T> page(
            NavigableMap<String, T> map, String prefix, String cursor, int limit, Predicate<T> keep) {
        List<T> out = new ArrayList<>();
        for (Map.Entry<String, T> e : map.tailMap(cursor.isEmpty() ? prefix : cursor, cursor.isEmpty())
                .entrySet()) {
            if (!e.getKey().startsWith(prefix) || out.size() == limit) {
                break;
            }
            if (keep.test(e.getValue())) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    private static <T> String cursor(List<T> page, int limit, Function<T, String> key) {
        return page.size() == limit ? key.apply(page.get(page.size() - 1)) : "";
    }

    private static DataResponse ok(DataRequest request, DataResult result) {
        return DataResponse.of(request.kind(), DataResponse.OK, result);
    }
}
