package io.haven.tests.faults;

import io.haven.client.ClientOptions;
import io.haven.client.HavenClient;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.message.Consistency;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.haven.tests.cluster.ClusterNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One watch on the register keys, kept through the whole run as a client would keep it (the way {@code havenctl
 * watch} does): events come on long-poll pings, each acknowledging what the previous pong brought; when the session
 * is lost (its node killed, paused, cut off) the client reconnects to the next node and adds the watch again from the
 * revision after the last event it has; a watch cancelled with LIMIT (a member that installed a checkpoint, or a slow
 * consumer) is added again from the revision it names.
 *
 * <p>Afterwards {@link #problems} checks the stream: no two different changes at one revision, revisions rising,
 * and every acknowledged register write after the stream began delivered with the value and version it was
 * acknowledged with.
 *
 * <p>Thread-safe: one thread runs the stream; the received map is read after {@link #stop}.
 */
final class WatchStream {
    private static final long WAIT_MS = 2_000;
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final String name;
    private final String prefix;
    private final List<String> addresses;
    private final Thread thread;
    /** Every change received, by revision: a redelivery must be the same change. Stream thread only until stop. */
    private final Map<Long, Change> received = new TreeMap<>();

    private final List<String> anomalies = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;
    private volatile long lastRev;
    /** The revision the stream starts after; 0 until the first watch.add answered. */
    private volatile long startAfter;

    private int resumes;
    private int offset;
    private boolean moveOn;
    private final List<String> cancellations = new ArrayList<>();
    private String watchSession = "";
    private long watch;

    /** A stream that connects to {@code first} first, then to the other nodes in order. */
    WatchStream(String name, String prefix, List<ClusterNode> nodes, int first) {
        this.name = name;
        this.prefix = prefix;
        List<String> a = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            a.add(nodes.get((first + i) % nodes.size()).clientAddress());
        }
        this.addresses = List.copyOf(a);
        this.thread = new Thread(this::run, "faults-watch-" + name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        ClientOptions options = ClientOptions.of(addresses.toArray(String[]::new))
                .withClientName("faults watch " + name)
                .withDefaultDeadline(DEADLINE)
                .withReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .withAutoHeartbeat(false);
        HavenClient client = null;
        int failures = 0;
        try {
            while (!stopped) {
                if (client == null) {
                    client = connect(options.withAddresses(rotated()));
                    continue;
                }
                try {
                    step(client);
                    failures = 0;
                } catch (ExecutionException | TimeoutException | RuntimeException e) {
                    // The session is probably gone with its connection: add the watch again once it is back.
                    watchSession = "";
                    failures++;
                    Thread.sleep(100);
                }
                if (moveOn || failures >= 5) {
                    // A node that cancels the watch or keeps failing (it left the quorum, say): try the next one.
                    client.close();
                    client = null;
                    offset++;
                    moveOn = false;
                    failures = 0;
                    watchSession = "";
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }

    /** The addresses, starting {@code offset} places further along. */
    private List<String> rotated() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            out.add(addresses.get((offset + i) % addresses.size()));
        }
        return out;
    }

    private HavenClient connect(ClientOptions options) throws InterruptedException {
        try {
            return HavenClient.connect(options).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Thread.sleep(200);
            return null;
        }
    }

    private void step(HavenClient client) throws ExecutionException, TimeoutException, InterruptedException {
        Response.ConnectReply connected = client.session().orElseThrow(() -> new IllegalStateException("reconnecting"));
        if (!connected.session().equals(watchSession)) {
            add(client);
            watchSession = connected.session();
        }
        Request.Ping ping = new Request.Ping(Envelope.NONE, lastRev, WAIT_MS, "", Map.of());
        Response r = client.send(ping, DEADLINE).get(DEADLINE.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        if (!(r instanceof Response.Pong pong)) {
            throw new IllegalStateException("a ping answered " + r);
        }
        for (Response.WatchNotice notice : pong.events()) {
            if (notice.watch() != watch) {
                continue;
            }
            if (notice instanceof Response.WatchEvent e) {
                receive(e.change());
            } else if (notice instanceof Response.WatchCancelled c) {
                cancelled(c);
            }
        }
    }

    void receive(Change c) {
        Change before = received.get(c.rev());
        if (before != null) {
            if (!before.equals(c)) {
                anomalies.add(name + ": two changes at revision " + c.rev() + ": " + before + " and " + c);
            }
            return;
        }
        if (c.rev() <= lastRev) {
            anomalies.add(name + ": revision " + c.rev() + " (" + c.key() + ") arrived after " + lastRev);
        }
        if (!c.key().startsWith(prefix)) {
            anomalies.add(name + ": " + c.key() + " does not match the watch's prefix " + prefix);
        }
        received.put(c.rev(), c);
        lastRev = Math.max(lastRev, c.rev());
    }

    /** watch.add from the revision after the last received (or from now, the first time). */
    private void add(HavenClient client) throws ExecutionException, TimeoutException, InterruptedException {
        long from = startAfter == 0 ? 0 : lastRev + 1;
        if (lastRev > 0) {
            // Acknowledge first, on the new session too, so a replay has room.
            client.send(Request.Ping.of(lastRev), DEADLINE).get(DEADLINE.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        }
        Answer a = Answer.send(client, new DataRequest.WatchAdd(prefix, from), Consistency.LINEARIZABLE, DEADLINE);
        if (!(a instanceof Answer.Ok ok && ok.response().data() instanceof DataResult.WatchAdded added)) {
            if (a.toString().contains("no longer kept") && anomalies.stream().noneMatch(x -> x.contains("no longer"))) {
                anomalies.add(name + ": watch.add from " + from + " answered " + a);
            }
            throw new IllegalStateException("watch.add answered " + a);
        }
        watch = added.watch();
        if (startAfter == 0) {
            startAfter = added.rev();
            lastRev = added.rev();
        } else {
            resumes++;
        }
    }

    /**
     * LIMIT names the revision to resume from: add the watch again from there. A revision no longer kept (410) is an
     * anomaly (the runs are far inside the change log's retention); any other cancellation moves the stream to the
     * next node, from the revision after the last received, and the completeness check decides whether anything was
     * lost.
     */
    private void cancelled(Response.WatchCancelled c) {
        if (c.error().code() == ErrorCode.LIMIT && !c.error().items().isEmpty()) {
            long resume = Long.parseLong(c.error().items().get(0));
            if (resume <= lastRev + 1) {
                lastRev = resume - 1;
            } else {
                anomalies.add(
                        name + ": cancelled to resume at " + resume + " past the last revision received, " + lastRev);
            }
            watchSession = "";
            return;
        }
        if (c.error().code() == ErrorCode.UNAVAILABLE && c.error().message().contains("no longer kept")) {
            anomalies.add(name + ": watch cancelled: " + c.error());
        }
        cancellations.add(c.error().code().wireName() + ": " + c.error().message());
        watchSession = "";
        moveOn = true;
    }

    /** Waits until the stream has received revision {@code rev} (or later). */
    void awaitRevision(long rev, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (lastRev < rev) {
            if (System.nanoTime() > end) {
                throw new AssertionError(
                        name + " received up to revision " + lastRev + ", not " + rev + ", within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    void stop() throws InterruptedException {
        stopped = true;
        thread.join(DEADLINE.toMillis() + 10_000);
        if (thread.isAlive()) {
            throw new AssertionError(name + " did not stop");
        }
    }

    /**
     * What is wrong with the stream, given the register writes acknowledged during the run: every one after the
     * stream began must have arrived, with its value and version.
     */
    List<String> problems(List<RegisterWorkload.AckedWrite> acked) {
        List<String> out = new ArrayList<>(anomalies);
        int missing = 0;
        for (RegisterWorkload.AckedWrite w : acked) {
            if (w.rev() <= startAfter) {
                continue;
            }
            Change c = received.get(w.rev());
            if (!(c instanceof Change.KvChanged kv)
                    || !kv.kv().key().equals(w.key())
                    || kv.kv().version() != w.version()
                    || !Arrays.equals(kv.kv().value(), w.value().getBytes(StandardCharsets.UTF_8))) {
                if (missing++ < 5) {
                    out.add(name + ": the acknowledged write " + w + " arrived as " + c);
                }
            }
        }
        if (missing > 5) {
            out.add(name + ": " + (missing - 5) + " more acknowledged writes missing or different");
        }
        return out;
    }

    String summary() {
        return name + ": " + received.size() + " events after revision " + startAfter + ", " + resumes
                + " resumes, up to revision " + lastRev
                + (cancellations.isEmpty() ? "" : ", cancelled " + cancellations);
    }
}
