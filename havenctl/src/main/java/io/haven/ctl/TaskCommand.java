package io.haven.ctl;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code task ...}: seed 000's task family from the command line, one DATA kind per command ({@code task.get},
 * {@code task.create}, {@code task.acquire}, ...). {@code task ls} has no kind of its own: a task has the id of its
 * promise, so it searches the promises ({@code promise.search}) and shows the task of each that has one.
 */
@Command(name = "task", description = "Create, acquire, suspend, complete and list tasks (leased units of work).")
final class TaskCommand {
    /** The states {@code ls --state} matches, as havenctl spells them. */
    enum StateFilter {
        pending(TaskState.PENDING),
        acquired(TaskState.ACQUIRED),
        suspended(TaskState.SUSPENDED),
        fulfilled(TaskState.FULFILLED);

        final TaskState state;

        StateFilter(TaskState state) {
            this.state = state;
        }
    }

    static final List<String> COLUMNS = List.of("id", "state", "version", "pid", "ttl", "expires_on", "current");

    @ParentCommand
    HavenCtl ctl;

    @Spec
    CommandSpec spec;

    @Command(name = "get", description = "Show a task (task.get).")
    int get(@Parameters(paramLabel = "ID") String id) {
        return show(new DataRequest.TaskGet(id));
    }

    @Command(
            name = "ls",
            description = "List the tasks whose id starts with PREFIX: promise.search for the ids, then task.get of"
                    + " each (promises without a task are left out). A page of promises at a time.")
    int ls(
            @Parameters(paramLabel = "PREFIX", defaultValue = "", arity = "0..1") String prefix,
            @Option(
                            names = "--state",
                            paramLabel = "STATE",
                            description = "only tasks in this state: ${COMPLETION-CANDIDATES}")
                    StateFilter state,
            @Option(
                            names = "--limit",
                            paramLabel = "N",
                            defaultValue = "100",
                            description = "promises to look at per page (default: ${DEFAULT-VALUE})")
                    int limit,
            @Option(names = "--cursor", paramLabel = "CURSOR", defaultValue = "", description = "the page to show")
                    String cursor) {
        Optional<TaskState> wanted = Optional.ofNullable(state).map(f -> f.state);
        DataResponse found = Connections.await(
                ctl.client().query(new DataRequest.PromiseSearch(prefix, Optional.empty(), Map.of(), cursor, limit)));
        if (!(found.data() instanceof DataResult.PromisePage page)) {
            throw HavenException.invalid("promise.search answered " + found.data());
        }
        List<Map<String, ?>> rows = new ArrayList<>();
        for (Promise p : page.promises()) {
            try {
                DataResponse r = Connections.await(ctl.client().query(new DataRequest.TaskGet(p.id())));
                if (r.data() instanceof DataResult.TaskResult t
                        && wanted.map(w -> w == t.task().state()).orElse(true)) {
                    rows.add(Views.task(t.task()));
                }
            } catch (HavenException e) {
                if (e.code() != ErrorCode.UNAVAILABLE || e.status() != 404) {
                    throw e;
                }
                // A promise that no task runs.
            }
        }
        ctl.output(spec).rows("tasks", COLUMNS, rows, Map.of("cursor", page.cursor()));
        return ExitCodes.OK;
    }

    @Command(
            name = "create",
            description = "Create the promise ID and a task for it held by PID (task.create): ACQUIRED, version 0.")
    int create(
            @Parameters(paramLabel = "ID") String id,
            @Option(names = "--pid", required = true, paramLabel = "PID", description = "the processor holding it")
                    String pid,
            @Option(names = "--ttl", required = true, paramLabel = "MS", description = "the lease, in ms") long ttl,
            @Option(
                            names = "--promise-ttl",
                            paramLabel = "MS",
                            defaultValue = "3600000",
                            description = "time until the promise times out, in ms (default: ${DEFAULT-VALUE})")
                    long promiseTtl,
            @Option(names = "--timeout-at", paramLabel = "EPOCH_MS", description = "the promise's absolute timeout")
                    Long timeout,
            @Option(names = "--data", paramLabel = "TEXT", defaultValue = "", description = "the promise's param data")
                    String data,
            @Option(
                            names = {"-H", "--header"},
                            paramLabel = "K=V",
                            description = "a param header")
                    Map<String, String> headers,
            @Option(names = "--tag", paramLabel = "K=V", description = "a tag of the promise")
                    Map<String, String> tags) {
        DataRequest.PromiseCreate promise = PromiseCommand.creation(id, promiseTtl, timeout, data, headers, tags);
        return show(new DataRequest.TaskCreate(pid, ttl, promise));
    }

    @Command(
            name = "acquire",
            description = "Take a PENDING task at VERSION for PID (task.acquire); shows the invoke or resume to run.")
    int acquire(
            @Parameters(paramLabel = "ID") String id,
            @Option(names = "--version", required = true, paramLabel = "N") long version,
            @Option(names = "--pid", required = true, paramLabel = "PID") String pid,
            @Option(names = "--ttl", required = true, paramLabel = "MS", description = "the lease, in ms") long ttl) {
        return show(new DataRequest.TaskAcquire(id, version, pid, ttl));
    }

    @Command(name = "release", description = "Give an ACQUIRED task back: PENDING, version + 1 (task.release).")
    int release(
            @Parameters(paramLabel = "ID") String id,
            @Option(names = "--version", required = true, paramLabel = "N") long version) {
        return show(new DataRequest.TaskRelease(id, version));
    }

    @Command(
            name = "suspend",
            description = "Suspend an ACQUIRED task until one of the AWAITED promises settles (task.suspend); status"
                    + " 300 when one already has: continue at once.")
    int suspend(
            @Parameters(paramLabel = "ID") String id,
            @Option(names = "--version", required = true, paramLabel = "N") long version,
            @Option(names = "--on", required = true, paramLabel = "AWAITED", description = "a promise to wait for")
                    List<String> awaited) {
        List<DataRequest.PromiseRegister> actions = awaited.stream()
                .map(a -> new DataRequest.PromiseRegister(id, a))
                .toList();
        return show(new DataRequest.TaskSuspend(id, version, actions));
    }

    @Command(name = "complete", description = "Settle an ACQUIRED task's promise and fulfil the task (task.complete).")
    int complete(
            @Parameters(paramLabel = "ID") String id,
            @Option(names = "--version", required = true, paramLabel = "N") long version,
            @Option(
                            names = "--state",
                            defaultValue = "resolved",
                            paramLabel = "STATE",
                            description = "how: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
                    PromiseCommand.Settlement state,
            @Option(names = "--data", paramLabel = "TEXT", defaultValue = "", description = "the value's data")
                    String data,
            @Option(
                            names = {"-H", "--header"},
                            paramLabel = "K=V",
                            description = "a value header")
                    Map<String, String> headers) {
        return show(new DataRequest.TaskComplete(id, version, PromiseCommand.settlement(id, state, data, headers)));
    }

    /** What {@code task fence} does while the lease holds: create a promise or settle one. */
    static final class Fenced {
        @Option(names = "--create", paramLabel = "PROMISE", description = "create this promise")
        String create;

        @Option(names = "--settle", paramLabel = "PROMISE", description = "settle this promise")
        String settle;
    }

    @Command(
            name = "fence",
            description = "Create or settle a promise only while the task is ACQUIRED at VERSION, atomically"
                    + " (task.fence); CONFLICT and nothing done otherwise.")
    int fence(
            @Parameters(paramLabel = "ID") String id,
            @Option(names = "--version", required = true, paramLabel = "N") long version,
            @ArgGroup(multiplicity = "1") Fenced what,
            @Option(
                            names = "--state",
                            defaultValue = "resolved",
                            paramLabel = "STATE",
                            description = "with --settle: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
                    PromiseCommand.Settlement state,
            @Option(
                            names = "--ttl",
                            paramLabel = "MS",
                            defaultValue = "3600000",
                            description = "with --create: time until it times out (default: ${DEFAULT-VALUE})")
                    long ttl,
            @Option(names = "--data", paramLabel = "TEXT", defaultValue = "", description = "the param or value data")
                    String data) {
        DataRequest inner = what.create != null
                ? PromiseCommand.creation(what.create, ttl, null, data, null, null)
                : PromiseCommand.settlement(what.settle, state, data, null);
        return show(new DataRequest.TaskFence(id, version, inner));
    }

    @Command(name = "heartbeat", description = "Extend the lease of every task PID holds (task.heartbeat).")
    int heartbeat(@Option(names = "--pid", required = true, paramLabel = "PID") String pid) {
        return show(new DataRequest.TaskHeartbeat(pid));
    }

    private int show(DataRequest request) {
        ctl.output(spec).object(Views.response(Connections.await(ctl.client().query(request))));
        return ExitCodes.OK;
    }
}
