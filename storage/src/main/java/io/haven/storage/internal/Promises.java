package io.haven.storage.internal;

import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.PromiseState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Promise semantics (DESIGN section 4). Only PENDING moves:
 *
 * <pre>
 * op         state                         result
 * create     absent                        PENDING (201); REJECTED_TIMEDOUT or, for haven:timer, RESOLVED with
 *                                          settled_on = timeout if now >= timeout (201); haven:invoke enqueues a task
 * create     present                       unchanged (200); the request's param, tags and timeout are ignored
 * settle     absent                        404
 * settle     PENDING, now &lt; timeout        requested state, settled_on = now (201)
 * settle     PENDING, now >= timeout       REJECTED_TIMEDOUT / RESOLVED (timer), settled_on = timeout (200)
 * settle     settled                       unchanged, value not overwritten (200)
 * register   awaiter or awaited absent     404, items = the missing ids
 * register   awaiter == awaited            400
 * register   both PENDING                  callback stored once per pair (201 new, 200 existing)
 * register   either settled                nothing stored (200)
 * (access)   PENDING, now >= timeout       settled as timed out first: every access sees the timeout
 * </pre>
 *
 * <p>Every settlement (by call or by timeout) resumes the tasks registered on the promise and ends the promise's
 * own task ({@link Tasks#onAwaitedSettled}, {@link Tasks#onPromiseSettled}).
 */
public final class Promises {
    /** A search page looks at most this many times max-page-size promises; its cursor continues after them. */
    static final int SCAN_FACTOR = 10;

    private final Checks checks;
    private Tasks tasks;

    public Promises(Checks checks) {
        this.checks = checks;
    }

    void bind(Tasks t) {
        this.tasks = t;
    }

    /** What a stored promise is at {@code now}: its timeout applied, without writing anything. */
    public static Promise view(Promise p, long now) {
        if (p.state().isPending() && now >= p.timeout()) {
            return timedOut(p);
        }
        return p;
    }

    private static Promise timedOut(Promise p) {
        PromiseState s = p.isTimer() ? PromiseState.RESOLVED : PromiseState.REJECTED_TIMEDOUT;
        return p.withSettlement(s, Payload.EMPTY, p.timeout());
    }

    /** The promise, its timeout applied (and committed, with its effects) if it is due. */
    public Optional<Promise> find(Tx tx, String id) {
        Optional<Promise> stored = tx.promise(id);
        if (stored.isEmpty() || view(stored.get(), tx.now()) == stored.get()) {
            return stored;
        }
        return Optional.of(expire(tx, stored.get()));
    }

    /** Settles a due pending promise as timed out. */
    Promise expire(Tx tx, Promise p) {
        Promise settled = timedOut(p);
        tx.savePromise(Optional.of(p), settled);
        onSettled(tx, settled);
        return settled;
    }

    private void onSettled(Tx tx, Promise settled) {
        for (String awaiter : tx.awaiters(settled.id())) {
            tx.removeCallback(settled.id(), awaiter);
            tasks.onAwaitedSettled(tx, awaiter, settled.id());
        }
        // A settled promise waits on nothing: what it registered on can no longer wake it.
        for (String awaited : tx.awaitedBy(settled.id())) {
            tx.removeCallback(awaited, settled.id());
        }
        tasks.onPromiseSettled(tx, settled);
    }

    public DataResponse get(Tx tx, DataRequest.PromiseGet r) {
        checks.id(r.id(), "id");
        Promise p = find(tx, r.id()).orElseThrow(() -> notFound(r.id()));
        return DataResponse.of(DataKind.PROMISE_GET, DataResponse.OK, new DataResult.PromiseResult(p));
    }

    public DataResponse create(Tx tx, DataRequest.PromiseCreate r) {
        return create(tx, r, true);
    }

    /** Creates the promise, enqueueing a task for its haven:invoke tag only if {@code enqueue}. */
    DataResponse create(Tx tx, DataRequest.PromiseCreate r, boolean enqueue) {
        validate(r);
        Optional<Promise> existing = find(tx, r.id());
        if (existing.isPresent()) {
            return promiseResponse(DataKind.PROMISE_CREATE, DataResponse.OK, existing.get());
        }
        Promise p =
                new Promise(r.id(), PromiseState.PENDING, r.param(), Payload.EMPTY, r.timeout(), r.tags(), tx.now(), 0);
        p = view(p, tx.now());
        tx.savePromise(Optional.empty(), p);
        String group = r.tags().get(Promise.TAG_INVOKE);
        if (enqueue && group != null && p.state().isPending()) {
            tasks.enqueue(tx, p, group);
        }
        return promiseResponse(DataKind.PROMISE_CREATE, DataResponse.CREATED, p);
    }

    void validate(DataRequest.PromiseCreate r) {
        checks.id(r.id(), "id");
        checks.payload(r.param(), "param");
        checks.tags(r.tags());
        checks.timeout(r.timeout());
    }

    public DataResponse settle(Tx tx, DataRequest.PromiseSettle r) {
        checks.id(r.id(), "id");
        checks.payload(r.value(), "value");
        if (r.state() == PromiseState.PENDING || r.state() == PromiseState.REJECTED_TIMEDOUT) {
            throw HavenException.invalid(
                    "state must be RESOLVED, REJECTED or REJECTED_CANCELED, not " + r.state(), Checks.path("state"));
        }
        Promise p = find(tx, r.id()).orElseThrow(() -> notFound(r.id()));
        if (!p.state().isPending()) {
            return promiseResponse(DataKind.PROMISE_SETTLE, DataResponse.OK, p);
        }
        Promise settled = p.withSettlement(r.state(), r.value(), tx.now());
        tx.savePromise(Optional.of(p), settled);
        onSettled(tx, settled);
        return promiseResponse(DataKind.PROMISE_SETTLE, DataResponse.CREATED, settled);
    }

    public DataResponse register(Tx tx, DataRequest.PromiseRegister r) {
        checks.id(r.awaiter(), "awaiter");
        checks.id(r.awaited(), "awaited");
        if (r.awaiter().equals(r.awaited())) {
            throw HavenException.invalid(
                    "a promise cannot await itself", Checks.path("awaiter"), Checks.path("awaited"));
        }
        Optional<Promise> awaiter = find(tx, r.awaiter());
        Optional<Promise> awaited = find(tx, r.awaited());
        if (awaiter.isEmpty() || awaited.isEmpty()) {
            List<String> missing = new ArrayList<>();
            awaiter.ifPresentOrElse(p -> {}, () -> missing.add(r.awaiter()));
            awaited.ifPresentOrElse(p -> {}, () -> missing.add(r.awaited()));
            throw HavenException.notFound("no such promise", missing.toArray(new String[0]));
        }
        Promise target = awaited.get();
        boolean stored = target.state().isPending()
                && awaiter.get().state().isPending()
                && tx.addCallback(r.awaited(), r.awaiter());
        return promiseResponse(DataKind.PROMISE_REGISTER, stored ? DataResponse.CREATED : DataResponse.OK, target);
    }

    /**
     * Promises by id prefix, state and tags, in id order. Timeouts are applied to what is returned (and matched)
     * but not written: a search never changes state. A page may hold fewer than {@code limit} promises and still
     * have a cursor when the page's scan budget ran out; only an empty cursor means the end.
     */
    public DataResponse search(Tx tx, DataRequest.PromiseSearch r) {
        checks.text(r.prefix(), "prefix");
        checks.text(r.cursor(), "cursor");
        int limit = checks.limit(r.limit());
        byte[] prefix = Keys.utf8(r.prefix());
        byte[] from = prefix;
        if (!r.cursor().isEmpty()) {
            byte[] after = Keys.successor(Keys.utf8(r.cursor()));
            if (Arrays.compareUnsigned(after, from) > 0) {
                from = after;
            }
        }
        byte[] to = Keys.prefixEnd(prefix);
        List<Promise> page = new ArrayList<>();
        boolean more = false;
        // Bounded work per page: a rare state or tag must not scan a whole quorum in one request.
        int budget = tx.options().maxPageSize() * SCAN_FACTOR;
        int examined = 0;
        String last = "";
        int chunk = Math.max(64, limit + 1);
        scan:
        while (true) {
            List<Promise> batch = tx.promises(from, to, chunk);
            for (Promise stored : batch) {
                if (examined == budget) {
                    more = true;
                    break scan;
                }
                Promise p = view(stored, tx.now());
                if (matches(p, r)) {
                    if (page.size() == limit) {
                        more = true;
                        break scan;
                    }
                    page.add(p);
                }
                examined++;
                last = stored.id();
            }
            if (batch.size() < chunk) {
                break;
            }
            from = Keys.successor(Keys.utf8(batch.get(batch.size() - 1).id()));
        }
        String cursor = more ? last : "";
        return DataResponse.of(DataKind.PROMISE_SEARCH, DataResponse.OK, new DataResult.PromisePage(page, cursor));
    }

    private static boolean matches(Promise p, DataRequest.PromiseSearch r) {
        if (r.state().isPresent() && r.state().get() != p.state()) {
            return false;
        }
        for (Map.Entry<String, String> e : r.tags().entrySet()) {
            if (!e.getValue().equals(p.tags().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    static DataResponse promiseResponse(DataKind kind, int status, Promise p) {
        return DataResponse.of(kind, status, new DataResult.PromiseResult(p));
    }

    static HavenException notFound(String id) {
        return HavenException.notFound("no such promise: " + id, id);
    }
}
