package io.haven.ctl;

import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.PromiseState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code promise get|create|settle|register|search}: durable promises, one DATA kind each. */
@Command(name = "promise", description = "Read, create, settle, await and search durable promises.")
final class PromiseCommand {
    /** The states a client may settle with, as havenctl spells them. */
    enum Settlement {
        resolved(PromiseState.RESOLVED),
        rejected(PromiseState.REJECTED),
        canceled(PromiseState.REJECTED_CANCELED);

        final PromiseState state;

        Settlement(PromiseState state) {
            this.state = state;
        }
    }

    /** The states {@code search --state} matches, as havenctl spells them. */
    enum SearchState {
        pending(PromiseState.PENDING),
        resolved(PromiseState.RESOLVED),
        rejected(PromiseState.REJECTED),
        canceled(PromiseState.REJECTED_CANCELED),
        timedout(PromiseState.REJECTED_TIMEDOUT);

        final PromiseState state;

        SearchState(PromiseState state) {
            this.state = state;
        }
    }

    /** The columns of a page of promises. */
    static final List<String> COLUMNS = List.of("id", "state", "timeout", "created_on", "settled_on", "tags");

    @ParentCommand
    HavenCtl ctl;

    @Spec
    CommandSpec spec;

    @Command(name = "get", description = "Show a promise (promise.get).")
    int get(@Parameters(paramLabel = "ID") String id) {
        return show(new DataRequest.PromiseGet(id));
    }

    @Command(
            name = "create",
            description = "Create a promise (promise.create): status 201, or 200 with the one that exists, unchanged.")
    int create(
            @Parameters(paramLabel = "ID") String id,
            @Option(
                            names = "--ttl",
                            paramLabel = "MS",
                            defaultValue = "3600000",
                            description = "time until it times out, in ms (default: ${DEFAULT-VALUE})")
                    long ttlMs,
            @Option(names = "--timeout-at", paramLabel = "EPOCH_MS", description = "absolute timeout; overrides --ttl")
                    Long timeout,
            @Option(names = "--data", paramLabel = "TEXT", defaultValue = "", description = "the param's data")
                    String data,
            @Option(
                            names = {"-H", "--header"},
                            paramLabel = "K=V",
                            description = "a param header")
                    Map<String, String> headers,
            @Option(names = "--tag", paramLabel = "K=V", description = "a tag, e.g. haven:timer=true")
                    Map<String, String> tags) {
        return show(creation(id, ttlMs, timeout, data, headers, tags));
    }

    /** The promise.create that {@code promise create} sends; {@code task create} embeds the same. */
    static DataRequest.PromiseCreate creation(
            String id, long ttlMs, Long timeout, String data, Map<String, String> headers, Map<String, String> tags) {
        long at = timeout != null ? timeout : System.currentTimeMillis() + ttlMs;
        Payload param = new Payload(orEmpty(headers), data.getBytes(StandardCharsets.UTF_8));
        return new DataRequest.PromiseCreate(id, param, at, orEmpty(tags));
    }

    @Command(name = "settle", description = "Resolve, reject or cancel a pending promise (promise.settle).")
    int settle(
            @Parameters(paramLabel = "ID") String id,
            @Option(
                            names = "--state",
                            required = true,
                            paramLabel = "STATE",
                            description = "one of: ${COMPLETION-CANDIDATES}")
                    Settlement state,
            @Option(names = "--data", paramLabel = "TEXT", defaultValue = "", description = "the value's data")
                    String data,
            @Option(
                            names = {"-H", "--header"},
                            paramLabel = "K=V",
                            description = "a value header")
                    Map<String, String> headers) {
        return show(settlement(id, state, data, headers));
    }

    /** The promise.settle that {@code promise settle} sends; {@code task complete} embeds the same. */
    static DataRequest.PromiseSettle settlement(String id, Settlement state, String data, Map<String, String> headers) {
        Payload value = new Payload(orEmpty(headers), data.getBytes(StandardCharsets.UTF_8));
        return new DataRequest.PromiseSettle(id, state.state, value);
    }

    @Command(
            name = "register",
            description = "Make AWAITER's task resume when AWAITED settles (promise.register); shows AWAITED.")
    int register(
            @Parameters(paramLabel = "AWAITER") String awaiter, @Parameters(paramLabel = "AWAITED") String awaited) {
        return show(new DataRequest.PromiseRegister(awaiter, awaited));
    }

    @Command(
            name = "search",
            description = "List the promises whose id starts with PREFIX (promise.search), a page at a time, by id.")
    int search(
            @Parameters(paramLabel = "PREFIX", defaultValue = "", arity = "0..1") String prefix,
            @Option(names = "--state", paramLabel = "STATE", description = "only these: ${COMPLETION-CANDIDATES}")
                    SearchState state,
            @Option(names = "--tag", paramLabel = "K=V", description = "only those carrying this tag")
                    Map<String, String> tags,
            @Option(names = "--limit", paramLabel = "N", defaultValue = "100") int limit,
            @Option(names = "--cursor", paramLabel = "CURSOR", defaultValue = "", description = "the page to show")
                    String cursor) {
        DataRequest.PromiseSearch search = new DataRequest.PromiseSearch(
                prefix, Optional.ofNullable(state).map(s -> s.state), orEmpty(tags), cursor, limit);
        DataResponse response = Connections.await(ctl.client().query(search));
        if (!(response.data() instanceof DataResult.PromisePage page)) {
            ctl.output(spec).object(Views.response(response));
            return ExitCodes.OK;
        }
        ctl.output(spec)
                .rows(
                        "promises",
                        COLUMNS,
                        page.promises().stream().map(Views::promise).toList(),
                        Map.of("cursor", page.cursor()));
        return ExitCodes.OK;
    }

    private int show(DataRequest request) {
        ctl.output(spec).object(Views.response(Connections.await(ctl.client().query(request))));
        return ExitCodes.OK;
    }

    static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }
}
