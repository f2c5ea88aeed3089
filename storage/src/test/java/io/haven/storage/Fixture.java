package io.haven.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.PromiseState;
import io.haven.protocol.data.Task;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A store in a temporary directory plus short ways to apply and read requests in tests. */
final class Fixture implements AutoCloseable {
    final Path dir;
    final StoreOptions options;
    Store store;
    long term = 1;
    long index;
    ApplyResult last;

    Fixture(Path dir) throws StoreException {
        this(dir, StoreOptions.builder().pendingRetryMs(10_000).build());
    }

    Fixture(Path dir, StoreOptions options) throws StoreException {
        this.dir = dir;
        this.options = options;
        this.store = Store.open(dir, options);
        this.index = store.appliedIndex();
    }

    void reopen() throws StoreException {
        store.close();
        store = Store.open(dir, options);
    }

    ApplyResult batch(long now, Command... commands) throws StoreException {
        last = store.applyBatch(term, ++index, now, Arrays.asList(commands));
        return last;
    }

    Outcome apply(long now, DataRequest request) throws StoreException {
        return batch(now, Command.of(request)).outcomes().get(0);
    }

    DataResponse ok(long now, DataRequest request) throws StoreException {
        Outcome o = apply(now, request);
        return assertInstanceOf(Outcome.Success.class, o, () -> "expected success, got " + o)
                .response();
    }

    Outcome.Failure fail(long now, DataRequest request) throws StoreException {
        Outcome o = apply(now, request);
        return assertInstanceOf(Outcome.Failure.class, o, () -> "expected failure, got " + o);
    }

    void assertFailure(Outcome.Failure f, ErrorCode code, int status, String... items) {
        assertEquals(code, f.error().code(), f.toString());
        assertEquals(status, f.status(), f.toString());
        assertEquals(List.of(items), f.error().items(), f.toString());
    }

    Outcome.Ticked tick(long now) throws StoreException {
        return (Outcome.Ticked) batch(now, Command.tick()).outcomes().get(0);
    }

    Promise promise(String id, long now) throws StoreException {
        DataResponse r = store.read(new DataRequest.PromiseGet(id), now);
        return ((DataResult.PromiseResult) r.data()).promise();
    }

    Task task(String id, long now) throws StoreException {
        DataResponse r = store.read(new DataRequest.TaskGet(id), now);
        return ((DataResult.TaskResult) r.data()).task();
    }

    HavenException readFailure(DataRequest request, long now) {
        try {
            store.read(request, now);
        } catch (HavenException e) {
            return e;
        } catch (StoreException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a refusal of " + request);
    }

    List<TaskPush> pushes() {
        return last.pushes();
    }

    @Override
    public void close() {
        store.close();
    }

    // ---- request builders

    static DataRequest.PromiseCreate create(String id, long timeout, Map<String, String> tags) {
        return new DataRequest.PromiseCreate(id, Payload.of(bytes("param:" + id)), timeout, tags);
    }

    static DataRequest.PromiseCreate create(String id, long timeout) {
        return create(id, timeout, Map.of());
    }

    static DataRequest.PromiseCreate invoke(String id, long timeout, String group) {
        return create(id, timeout, Map.of(Promise.TAG_INVOKE, group));
    }

    static DataRequest.PromiseSettle settle(String id, PromiseState state) {
        return new DataRequest.PromiseSettle(id, state, Payload.of(bytes("value:" + id)));
    }

    static DataRequest.PromiseRegister register(String awaiter, String awaited) {
        return new DataRequest.PromiseRegister(awaiter, awaited);
    }

    static DataRequest.TaskSuspend suspend(String id, long version, String... awaited) {
        List<DataRequest.PromiseRegister> actions = new ArrayList<>();
        for (String a : awaited) {
            actions.add(register(id, a));
        }
        return new DataRequest.TaskSuspend(id, version, actions);
    }

    static DataRequest.TaskComplete complete(String id, long version) {
        return new DataRequest.TaskComplete(id, version, settle(id, PromiseState.RESOLVED));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Promise promiseOf(DataResponse r) {
        return ((DataResult.PromiseResult) r.data()).promise();
    }
}
