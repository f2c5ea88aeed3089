package io.haven.storage.internal;

import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.Promise;
import io.haven.storage.Outcome;
import io.haven.storage.StoreOptions;
import java.util.List;
import java.util.Optional;

/**
 * The deterministic state machine: a DATA request or a tick, applied in a {@link Tx}. No clocks, threads or
 * randomness: time comes only from the transaction.
 */
public final class Core {
    private final StoreOptions options;
    private final Promises promises;
    private final Tasks tasks;
    private final Kvs kvs;

    public Core(StoreOptions options) {
        this.options = options;
        Checks checks = new Checks(options);
        this.promises = new Promises(checks);
        this.tasks = new Tasks(checks, promises);
        this.promises.bind(tasks);
        this.kvs = new Kvs(checks);
    }

    /**
     * Applies one request. Refusals are thrown as {@link HavenException}; the caller then discards the
     * transaction.
     */
    public DataResponse execute(Tx tx, DataRequest request) {
        if (request instanceof DataRequest.PromiseGet r) {
            return promises.get(tx, r);
        } else if (request instanceof DataRequest.PromiseCreate r) {
            return promises.create(tx, r);
        } else if (request instanceof DataRequest.PromiseSettle r) {
            return promises.settle(tx, r);
        } else if (request instanceof DataRequest.PromiseRegister r) {
            return promises.register(tx, r);
        } else if (request instanceof DataRequest.PromiseSearch r) {
            return promises.search(tx, r);
        } else if (request instanceof DataRequest.TaskGet r) {
            return tasks.get(tx, r);
        } else if (request instanceof DataRequest.TaskCreate r) {
            return tasks.create(tx, r);
        } else if (request instanceof DataRequest.TaskAcquire r) {
            return tasks.acquire(tx, r);
        } else if (request instanceof DataRequest.TaskSuspend r) {
            return tasks.suspend(tx, r);
        } else if (request instanceof DataRequest.TaskComplete r) {
            return tasks.complete(tx, r);
        } else if (request instanceof DataRequest.TaskRelease r) {
            return tasks.release(tx, r);
        } else if (request instanceof DataRequest.TaskFence r) {
            return tasks.fence(tx, r);
        } else if (request instanceof DataRequest.TaskHeartbeat r) {
            return tasks.heartbeat(tx, r);
        } else if (request instanceof DataRequest.KvGet r) {
            return kvs.get(tx, r);
        } else if (request instanceof DataRequest.KvPut r) {
            return kvs.put(tx, r);
        } else if (request instanceof DataRequest.KvDelete r) {
            return kvs.delete(tx, r);
        } else if (request instanceof DataRequest.KvList r) {
            return kvs.list(tx, r);
        }
        throw HavenException.invalid(request.kind().wireName() + " is not a storage request", "kind");
    }

    /**
     * Expires what is due at {@code tx.now()}, earliest first: promises past their timeout, then (at equal times)
     * tasks past their expiry. At most sweep-limit items.
     */
    public Outcome.Ticked tick(Tx tx) {
        int limit = options.sweepLimit();
        List<byte[]> due = tx.due(limit + 1);
        int expired = 0;
        for (int i = 0; i < Math.min(limit, due.size()); i++) {
            byte[] key = due.get(i);
            String id = Keys.timeoutId(key);
            long time = Keys.timeoutTime(key);
            if (Keys.timeoutType(key) == Keys.TIMEOUT_PROMISE) {
                Optional<Promise> p = tx.promise(id);
                // An earlier item of this tick may have settled it already (and removed this entry).
                if (p.isPresent() && p.get().state().isPending() && p.get().timeout() == time) {
                    promises.expire(tx, p.get());
                    expired++;
                }
            } else {
                Optional<TaskRow> t = tx.task(id);
                if (t.isPresent() && t.get().task().expiresOn() == time && tasks.expire(tx, t.get())) {
                    expired++;
                }
            }
        }
        return new Outcome.Ticked(expired, due.size() > limit);
    }
}
