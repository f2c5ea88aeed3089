package io.haven.ctl;

import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.PromiseState;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code promise get|create|settle}: durable promises. */
@Command(name = "promise", description = "Read, create and settle durable promises.")
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

    @ParentCommand
    HavenCtl ctl;

    @Spec
    CommandSpec spec;

    @Command(name = "get", description = "Show a promise.")
    int get(@Parameters(paramLabel = "ID") String id) {
        return show(new DataRequest.PromiseGet(id));
    }

    @Command(name = "create", description = "Create a promise (status 201), or show the one that exists (200).")
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
        long at = timeout != null ? timeout : System.currentTimeMillis() + ttlMs;
        Payload param = new Payload(orEmpty(headers), data.getBytes(StandardCharsets.UTF_8));
        return show(new DataRequest.PromiseCreate(id, param, at, orEmpty(tags)));
    }

    @Command(name = "settle", description = "Resolve, reject or cancel a pending promise.")
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
        Payload value = new Payload(orEmpty(headers), data.getBytes(StandardCharsets.UTF_8));
        return show(new DataRequest.PromiseSettle(id, state.state, value));
    }

    private int show(DataRequest request) {
        DataResponse response = Connections.await(ctl.client().query(request));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("status", response.status());
        if (response.data() instanceof DataResult.PromiseResult p) {
            view.putAll(Views.promise(p.promise()));
        }
        ctl.output(spec).object(view);
        return ExitCodes.OK;
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }
}
