package io.haven.ctl;

import io.haven.client.ClientOptions;
import io.haven.client.HavenClient;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code watch PREFIX}: adds a watch and streams its events, one line each, until interrupted or {@code --count}
 * events were printed. Events come on long-poll pings ({@code wait}), each acknowledging what the previous pong
 * brought. When the connection is lost the client reconnects (to the next of the comma-separated {@code --server}
 * addresses) and the watch is added again from the revision after the last one printed, so nothing is missed or
 * printed twice.
 *
 * <p>The command has its own client, without automatic heartbeats: those would acknowledge, and so take, the
 * events this command is waiting for.
 */
@Command(
        name = "watch",
        description = "Stream the changes of kv keys, promises and tasks under PREFIX until interrupted (Ctrl-C).")
final class WatchCommand implements Callable<Integer> {
    /** The longest a ping is held; havend holds it at most half the session ttl anyway. */
    private static final long MAX_WAIT_MS = 5_000;

    @ParentCommand
    HavenCtl ctl;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PREFIX", description = "kv key, promise id or task id prefix")
    String prefix;

    @Option(
            names = "--from-rev",
            paramLabel = "N",
            defaultValue = "0",
            description = "replay the changes from revision N first (default: only changes from now on)")
    long fromRev;

    @Option(
            names = "--count",
            paramLabel = "N",
            defaultValue = "0",
            description = "exit 0 after N events (default: run until interrupted)")
    long count;

    /** The session the watch lives in; empty when it must be added (again). */
    private String watchSession = "";

    private long watch;
    /** The revision of the last event printed: acknowledged on the next ping, resumed after on a new session. */
    private long lastRev;
    /** Where the stream starts when nothing was printed yet (0 before the first watch.add). */
    private long startRev;

    private long printed;

    @Override
    public Integer call() throws InterruptedException {
        if (fromRev < 0 || count < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from-rev and --count may not be negative");
        }
        if (ctl.timeoutMs <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be positive");
        }
        startRev = fromRev;
        PrintWriter out = spec.commandLine().getOut();
        try (HavenClient client = connect()) {
            long lastSuccess = System.nanoTime();
            HavenException lastFailure = null;
            while (count == 0 || printed < count) {
                try {
                    step(client, out);
                    lastSuccess = System.nanoTime();
                } catch (HavenException e) {
                    if (!worthRetrying(e)) {
                        throw e;
                    }
                    lastFailure = e;
                    // The session is probably gone with its connection: add the watch again once it is back.
                    watchSession = "";
                    if (System.nanoTime() - lastSuccess
                            > Duration.ofMillis(ctl.timeoutMs).toNanos()) {
                        throw lastFailure;
                    }
                    Thread.sleep(100);
                }
            }
            acknowledge(client);
        }
        return ExitCodes.OK;
    }

    /** One round: (re)adds the watch if the session changed, then one held ping; prints what the pong brought. */
    private void step(HavenClient client, PrintWriter out) {
        // One read of the connection's session: the client may be reconnecting at any moment.
        Response.ConnectReply connected =
                client.session().orElseThrow(() -> HavenException.unavailable("reconnecting", ctl.server));
        if (!connected.session().equals(watchSession)) {
            add(client);
            watchSession = connected.session();
        }
        long waitMs = Math.min(MAX_WAIT_MS, Math.max(1, connected.heartbeatMs()));
        Request.Ping ping = new Request.Ping(Envelope.NONE, lastRev, waitMs, "", Map.of());
        Response.Pong pong = await(client.send(ping, Duration.ofMillis(waitMs + ctl.timeoutMs)), Response.Pong.class);
        for (Response.WatchNotice notice : pong.events()) {
            if (notice.watch() != watch || (count > 0 && printed >= count)) {
                continue;
            }
            if (notice instanceof Response.WatchEvent e) {
                // Unacknowledged events come again on the next pong; print each revision once.
                if (e.change().rev() > lastRev) {
                    print(out, e);
                    lastRev = e.change().rev();
                    printed++;
                }
            } else if (notice instanceof Response.WatchCancelled c) {
                cancelled(c);
            }
        }
    }

    /** watch.add from the revision after the last printed (or the one asked for, or now). */
    private void add(HavenClient client) {
        long from = lastRev > 0 ? lastRev + 1 : startRev;
        if (lastRev > 0) {
            // Acknowledge first: a replay from {@code from} needs the room what was printed still takes up.
            await(client.send(Request.Ping.of(lastRev), Duration.ofMillis(ctl.timeoutMs)), Response.Pong.class);
        }
        DataResponse r = await(client.query(new DataRequest.WatchAdd(prefix, from)), DataResponse.class);
        if (!(r.data() instanceof DataResult.WatchAdded added)) {
            throw HavenException.invalid("watch.add answered " + r);
        }
        watch = added.watch();
        if (startRev == 0) {
            // A stream from now on: were the connection lost before any event, it resumes after this revision.
            startRev = added.rev() + 1;
        }
    }

    /**
     * The node cancelled the watch. A slow-consumer cancellation (LIMIT) names the revision to resume from: add the
     * watch again from there. Anything else ends the command with the node's error.
     */
    private void cancelled(Response.WatchCancelled c) {
        if (c.error().code() == ErrorCode.LIMIT && !c.error().items().isEmpty()) {
            long resume = Long.parseLong(c.error().items().get(0));
            if (resume > lastRev) {
                lastRev = resume - 1;
                startRev = resume;
            }
            watchSession = "";
            return;
        }
        throw new HavenException(c.error(), 410);
    }

    /** Tells the node the last events printed were received, so it drops them at once. */
    private void acknowledge(HavenClient client) {
        try {
            client.send(Request.Ping.of(lastRev), Duration.ofMillis(ctl.timeoutMs))
                    .join();
        } catch (CompletionException e) {
            // The events were printed; the session ends with this command anyway.
        }
    }

    private void print(PrintWriter out, Response.WatchEvent e) {
        Map<String, Object> fields = fields(e.watch(), e.change());
        if (ctl.json()) {
            out.println(Json.write(fields));
        } else {
            StringBuilder line = new StringBuilder();
            for (String column : List.of("rev", "kind", "key")) {
                line.append(Output.text(fields.get(column))).append("  ");
            }
            line.append(detail(e.change()));
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** One event as printed with {@code --json}: {@code watch, rev, kind, key} and what the change left. */
    static Map<String, Object> fields(long watch, Change change) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("watch", watch);
        m.put("rev", change.rev());
        m.put("kind", change.kind());
        m.put("key", change.key());
        if (change instanceof Change.KvChanged kv) {
            m.put("value", Views.bytes(kv.kv().value()));
            m.put("content_type", kv.kv().contentType());
            m.put("version", kv.kv().version());
        } else if (change instanceof Change.PromiseChanged p) {
            m.put("state", p.promise().state().wireName());
        } else if (change instanceof Change.TaskChanged t) {
            m.put("state", t.task().state().wireName());
            m.put("version", t.task().version());
        }
        return m;
    }

    private static String detail(Change change) {
        if (change instanceof Change.KvChanged kv) {
            return Views.bytes(kv.kv().value()) + "  (version " + kv.kv().version() + ")";
        } else if (change instanceof Change.PromiseChanged p) {
            return p.promise().state().wireName();
        } else if (change instanceof Change.TaskChanged t) {
            return t.task().state().wireName() + "  (version " + t.task().version() + ")";
        }
        return "deleted";
    }

    /** Failures worth waiting out: the node is unreachable, restarting, or has no leader right now. */
    private static boolean worthRetrying(HavenException e) {
        return e.code() == ErrorCode.TIMEOUT
                || (e.code() == ErrorCode.UNAVAILABLE && e.status() != 410 && e.status() != 404);
    }

    private HavenClient connect() {
        List<String> addresses = List.of(ctl.server.split(","));
        ClientOptions options = ClientOptions.of(addresses.toArray(String[]::new))
                .withToken(ctl.token)
                .withClientName("havenctl watch")
                .withDefaultDeadline(Duration.ofMillis(ctl.timeoutMs))
                .withConnectTimeout(Duration.ofMillis(ctl.timeoutMs))
                .withAutoHeartbeat(false);
        try {
            return HavenClient.connect(options).join();
        } catch (CompletionException e) {
            HavenException he = Connections.unwrap(e);
            if (he.code() == ErrorCode.UNAVAILABLE) {
                throw new Connections.Unreachable(he);
            }
            throw he;
        }
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<?> f, Class<T> type) {
        Object r = Connections.await(f);
        if (!type.isInstance(r)) {
            throw HavenException.invalid("expected " + type.getSimpleName() + " but the node answered " + r);
        }
        return type.cast(r);
    }
}
