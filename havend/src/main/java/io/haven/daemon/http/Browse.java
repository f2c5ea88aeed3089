package io.haven.daemon.http;

import io.haven.daemon.status.NodeView;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Kv;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.PromiseState;
import io.haven.protocol.data.Task;
import io.haven.protocol.data.TaskState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The data browser's two calls, turned into DATA queries on the node:
 *
 * <table>
 *   <caption>search and object</caption>
 *   <tr><th>call</th><th>kind</th><th>queries</th></tr>
 *   <tr><td>{@code /api/search}</td><td>promise</td><td>promise.search (prefix, state, cursor, limit)</td></tr>
 *   <tr><td></td><td>task</td><td>promise.search (prefix, cursor, limit), then task.get of each id found (a task has
 *       the id of its promise); the state filter applies to the tasks, so a page may hold fewer than limit</td></tr>
 *   <tr><td></td><td>kv</td><td>kv.list (prefix, cursor, limit); no state</td></tr>
 *   <tr><td>{@code /api/object}</td><td>promise, task, kv</td><td>promise.get, task.get, kv.get of {@code id}</td></tr>
 * </table>
 *
 * A query the node fails answers with the error's status and code; one that takes longer than {@link
 * #QUERY_TIMEOUT_MS} answers 504.
 */
final class Browse {
    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 100;
    static final long QUERY_TIMEOUT_MS = 10_000;

    static final Set<String> SEARCH_PARAMS = Set.of("kind", "prefix", "state", "cursor", "limit");
    static final Set<String> OBJECT_PARAMS = Set.of("kind", "id");

    /** What the browser shows. */
    enum Kind {
        PROMISE,
        TASK,
        KV;

        String paramName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Kind> of(String name) {
            return Arrays.stream(values())
                    .filter(k -> k.paramName().equals(name))
                    .findFirst();
        }

        static List<String> names() {
            return Arrays.stream(values()).map(Kind::paramName).toList();
        }
    }

    private final NodeView view;

    Browse(NodeView view) {
        this.view = view;
    }

    CompletableFuture<Reply> search(Params params) {
        Kind kind = kind(params);
        String prefix = params.string("prefix", "");
        String cursor = params.string("cursor", "");
        int limit = (int) params.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        return switch (kind) {
            case PROMISE -> {
                Optional<PromiseState> state = params.choice("state", PromiseState::of, names(PromiseState.values()));
                yield query(new DataRequest.PromiseSearch(prefix, state, Map.of(), cursor, limit))
                        .thenApply(r -> {
                            DataResult.PromisePage page = expect(r, DataResult.PromisePage.class);
                            return Reply.json(
                                    200,
                                    Views.page(
                                            "items",
                                            page.promises().stream()
                                                    .map(p -> Views.promise(p, Views.LIST_DATA_BYTES))
                                                    .toList(),
                                            page.cursor()));
                        });
            }
            case TASK -> {
                Optional<TaskState> state = params.choice("state", TaskState::of, names(TaskState.values()));
                yield query(new DataRequest.PromiseSearch(prefix, Optional.empty(), Map.of(), cursor, limit))
                        .thenCompose(r -> tasks(expect(r, DataResult.PromisePage.class), state));
            }
            case KV -> {
                if (params.optional("state").filter(s -> !s.isEmpty()).isPresent()) {
                    throw new BadRequest("parameter 'state' applies to kind promise and task, not kv");
                }
                yield query(new DataRequest.KvList(prefix, cursor, limit)).thenApply(r -> {
                    DataResult.KvPage page = expect(r, DataResult.KvPage.class);
                    return Reply.json(
                            200,
                            Views.page(
                                    "items",
                                    page.kvs().stream()
                                            .map(kv -> Views.kv(kv, Views.LIST_DATA_BYTES))
                                            .toList(),
                                    page.cursor()));
                });
            }
        };
    }

    private CompletableFuture<Reply> tasks(DataResult.PromisePage page, Optional<TaskState> state) {
        List<CompletableFuture<Optional<Task>>> gets = new ArrayList<>();
        for (Promise p : page.promises()) {
            gets.add(query(new DataRequest.TaskGet(p.id()))
                    .thenApply(r ->
                            Optional.of(expect(r, DataResult.TaskResult.class).task()))
                    .exceptionally(Browse::absentTask));
        }
        return CompletableFuture.allOf(gets.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<Object> items = new ArrayList<>();
            for (CompletableFuture<Optional<Task>> get : gets) {
                get.join()
                        .filter(t -> state.isEmpty() || t.state() == state.get())
                        .ifPresent(t -> items.add(Views.task(t)));
            }
            return Reply.json(200, Views.page("items", items, page.cursor()));
        });
    }

    /** A promise without a task is no error for the task search: it is skipped. */
    private static Optional<Task> absentTask(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof HavenException e && e.code() == ErrorCode.UNAVAILABLE && e.status() == 404) {
            return Optional.empty();
        }
        throw failure instanceof CompletionException c ? c : new CompletionException(cause);
    }

    CompletableFuture<Reply> object(Params params) {
        Kind kind = kind(params);
        String id = params.required("id");
        return switch (kind) {
            case PROMISE -> query(new DataRequest.PromiseGet(id))
                    .thenApply(r -> detail(
                            kind,
                            Views.promise(
                                    expect(r, DataResult.PromiseResult.class).promise(), Views.DETAIL_DATA_BYTES)));
            case TASK -> query(new DataRequest.TaskGet(id))
                    .thenApply(r -> detail(
                            kind,
                            Views.task(expect(r, DataResult.TaskResult.class).task())));
            case KV -> query(new DataRequest.KvGet(id)).thenApply(r -> {
                Kv kv = expect(r, DataResult.KvResult.class).kv();
                return detail(kind, Views.kv(kv, Views.DETAIL_DATA_BYTES));
            });
        };
    }

    private static Reply detail(Kind kind, Map<String, Object> object) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.paramName());
        m.put("object", object);
        return Reply.json(200, m);
    }

    private static Kind kind(Params params) {
        return params.choice("kind", Kind::of, Kind.names())
                .orElseThrow(() ->
                        new BadRequest("parameter 'kind' is required: one of " + String.join(", ", Kind.names())));
    }

    private CompletableFuture<DataResponse> query(DataRequest request) {
        CompletableFuture<DataResponse> answer;
        try {
            answer = view.query(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return answer.orTimeout(QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    private static <T extends DataResult> T expect(DataResponse response, Class<T> type) {
        if (!type.isInstance(response.data())) {
            throw new IllegalStateException(response.kind().wireName() + " answered "
                    + response.data().getClass().getSimpleName());
        }
        return type.cast(response.data());
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    /** The answer for a failed query or a failure inside the endpoint. */
    static Reply failure(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof BadRequest b) {
            return Reply.error(b.status(), "BAD_REQUEST", b.getMessage());
        }
        if (cause instanceof HavenException e) {
            int status = e.status() >= 400 && e.status() <= 599 ? e.status() : 502;
            return Reply.error(status, e.code().wireName(), e.error().message());
        }
        if (cause instanceof TimeoutException) {
            return Reply.error(
                    504, ErrorCode.TIMEOUT.wireName(), "the node did not answer within " + QUERY_TIMEOUT_MS + " ms");
        }
        return Reply.error(500, ErrorCode.GENERIC.wireName(), String.valueOf(cause));
    }

    static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
