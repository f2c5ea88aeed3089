package io.haven.tests.watch;

import io.haven.client.ClientOptions;
import io.haven.client.HavenClient;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A client session watching one prefix on one member, on its own thread: long-poll pings acknowledging everything
 * received so far. When its member goes away (the pings fail) it connects to the next member and adds the watch again
 * with {@code from_rev} = last acknowledged + 1; a LIMIT cancellation resumes from the revision it names. Every
 * event received is recorded as it came, for the checker.
 */
final class WatchingSession implements Runnable {
    private final String prefix;
    private final List<String> addresses;
    private int member;
    private final Thread thread;
    private volatile boolean stop;

    /** Written by the session's thread only; read by the checker after {@link #stop()}. */
    private final List<Change> received = new ArrayList<>();

    private final List<String> notes = new ArrayList<>();
    /** The revision the first watch started after; -1 before it was added. */
    private volatile long startAfter = -1;

    private volatile long lastAcked;
    private volatile int moves;
    /** A broken promise of the protocol this session saw; it stops the session. */
    private volatile AssertionError failure;

    WatchingSession(int id, String prefix, List<String> addresses, int member) {
        this.prefix = prefix;
        this.addresses = List.copyOf(addresses);
        this.member = member;
        this.thread = new Thread(this, "watching-session-" + id);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    String prefix() {
        return prefix;
    }

    long startAfter() {
        return startAfter;
    }

    long lastAcked() {
        return lastAcked;
    }

    int moves() {
        return moves;
    }

    @Override
    public void run() {
        while (!stop) {
            String address = addresses.get(member);
            try (HavenClient client = HavenClient.connect(ClientOptions.of(address)
                            .withAutoHeartbeat(false)
                            .withConnectTimeout(Duration.ofSeconds(2))
                            .withDefaultDeadline(Duration.ofSeconds(10)))
                    .get(5, TimeUnit.SECONDS)) {
                watch(client);
            } catch (AssertionError e) {
                failure = e;
                return;
            } catch (Exception e) {
                synchronized (notes) {
                    notes.add(address + ": " + e);
                }
                member = (member + 1) % addresses.size();
                moves++;
                sleepQuietly();
            }
        }
    }

    /** One session on one member: add the watch, then ping until stopped or the member fails. */
    private void watch(HavenClient client) throws Exception {
        while (!stop) {
            long from = startAfter < 0 ? 0 : lastAcked + 1;
            if (startAfter >= 0) {
                // Acknowledge first, so that the replay from {@code from} has the room the session's queue allows.
                client.send(Request.Ping.of(lastAcked)).get(10, TimeUnit.SECONDS);
            }
            DataResult.WatchAdded added = (DataResult.WatchAdded) client.query(new DataRequest.WatchAdd(prefix, from))
                    .get(10, TimeUnit.SECONDS)
                    .data();
            if (startAfter < 0) {
                startAfter = added.rev();
                lastAcked = added.rev();
            }
            if (!pingUntilCancelled(client, added.watch())) {
                return;
            }
        }
    }

    /** Pings until stopped (false) or the watch is cancelled for LIMIT (true: add it again from where it says). */
    private boolean pingUntilCancelled(HavenClient client, long watch) throws Exception {
        while (!stop) {
            Request.Ping ping = new Request.Ping(Envelope.NONE, lastAcked, 500, "", Map.of());
            Response.Pong pong =
                    (Response.Pong) client.send(ping, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
            long last = lastAcked;
            for (Response.WatchNotice n : pong.events()) {
                if (n.watch() != watch) {
                    throw new AssertionError("an event of watch " + n.watch() + " came to the session of " + watch);
                }
                if (n instanceof Response.WatchEvent e) {
                    received.add(e.change());
                    last = Math.max(last, e.change().rev());
                } else if (n instanceof Response.WatchCancelled c) {
                    if (c.error().code() != ErrorCode.LIMIT) {
                        throw new AssertionError("watch cancelled: " + c.error());
                    }
                    lastAcked = Long.parseLong(c.error().items().get(0)) - 1;
                    synchronized (notes) {
                        notes.add("LIMIT: resume from " + (lastAcked + 1) + " after " + last);
                    }
                    return true;
                }
            }
            lastAcked = last;
        }
        return false;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the session and waits for its thread; what it received is then stable. */
    List<Change> stop() throws InterruptedException {
        stop = true;
        thread.join(30_000);
        if (thread.isAlive()) {
            throw new AssertionError("session on " + prefix + " did not stop");
        }
        if (failure != null) {
            throw failure;
        }
        return List.copyOf(received);
    }

    String notes() {
        synchronized (notes) {
            return String.join("\n", notes);
        }
    }
}
