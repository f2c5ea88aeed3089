package io.haven.daemon.watch;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.message.Push;
import io.haven.protocol.message.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Every watch of this node: registers them, matches each applied change against the watches of its quorum, queues
 * matches per session and hands them out on pongs.
 *
 * <p>A new watch with {@code from_rev} first reads the quorum's change log from that revision, then goes live at a
 * revision read under the quorum's monitor, which the apply path also holds while it matches: every change is
 * delivered exactly once, either from the log or live, in revision order.
 */
public final class WatchHub {
    private static final int CATCH_UP_PAGE = 1_000;

    private final WatchLimits limits;
    private final AtomicLong nextWatchId = new AtomicLong(1);
    private final Map<String, SessionQueue> sessions = new ConcurrentHashMap<>();
    private final Map<String, QuorumWatches> quorums = new ConcurrentHashMap<>();

    public WatchHub(WatchLimits limits) {
        this.limits = limits;
    }

    /** The watches of one quorum; the monitor orders catch-up against the apply path. */
    private static final class QuorumWatches {
        final List<Watch> watches = new CopyOnWriteArrayList<>();
        /**
         * The last revision the apply path reported (at first, the revision the first watch read); -1 before, since 0
         * is a real starting point (a watch added on an empty quorum). A batch that starts past the next one means
         * this replica skipped changes (it installed the leader's checkpoint).
         */
        long seen = -1;
    }

    private static final class Watch {
        final long id;
        final String session;
        final String prefix;
        final String quorumId;
        /** The next revision this watch may deliver; written under the quorum's monitor. */
        long nextRev;

        Watch(long id, String session, String prefix, String quorumId) {
            this.id = id;
            this.session = session;
            this.prefix = prefix;
            this.quorumId = quorumId;
        }
    }

    private SessionQueue queue(String session) {
        return sessions.computeIfAbsent(session, s -> new SessionQueue(limits));
    }

    private QuorumWatches watchesOf(String quorumId) {
        return quorums.computeIfAbsent(quorumId, q -> new QuorumWatches());
    }

    /**
     * watch.add: registers the watch, catches it up from {@code from_rev} (0 = from now on). A revision older than
     * the change log keeps fails with UNAVAILABLE naming the oldest revision kept.
     */
    public DataResponse add(String session, DataRequest.WatchAdd request, ChangeSource source) {
        long held = watchesOfSession(session);
        if (held >= limits.maxWatchesPerSession()) {
            throw HavenException.limit("this session holds " + held + " watches, the most one may hold", "watch");
        }
        SessionQueue q = queue(session);
        Watch w = new Watch(nextWatchId.getAndIncrement(), session, request.prefix(), source.quorumId());
        if (request.push()) {
            q.pushWatch(w.id);
        }
        try {
            return register(q, w, request.fromRev(), source);
        } catch (RuntimeException e) {
            // A refused watch's id never reaches the client: what its catch-up queued must not either.
            q.forget(w.id);
            throw e;
        }
    }

    private DataResponse register(SessionQueue q, Watch w, long fromRev, ChangeSource source) {
        long from = fromRev;
        if (from > 0) {
            long oldest = source.oldestRevision();
            if (from < oldest) {
                throw new HavenException(
                        HavenError.of(
                                ErrorCode.UNAVAILABLE,
                                "revision " + from + " is no longer kept: the oldest revision kept is " + oldest,
                                String.valueOf(oldest)),
                        410);
            }
            // Catch up outside the monitor while far behind, so the apply path is not held up.
            from = catchUp(q, w, from, source, source.revision() - CATCH_UP_PAGE);
            if (from < 0) {
                return cutShort(q, w, -from);
            }
        }
        QuorumWatches qw = watchesOf(source.quorumId());
        long startAfter;
        synchronized (qw) {
            if (from > 0) {
                from = catchUp(q, w, from, source, Long.MAX_VALUE);
                if (from < 0) {
                    return cutShort(q, w, -from);
                }
            }
            startAfter = source.revision();
            if (qw.seen < 0) {
                qw.seen = startAfter;
            }
            w.nextRev = Math.max(from, startAfter + 1);
            qw.watches.add(w);
        }
        return DataResponse.of(DataKind.WATCH_ADD, DataResponse.CREATED, new DataResult.WatchAdded(w.id, startAfter));
    }

    /**
     * The catch-up filled the session's queue before revision {@code resume}: the watch keeps what it queued, ends
     * with a LIMIT notice naming {@code resume} and never goes live. The client acknowledges the page and adds the
     * watch again from {@code resume}, so a replay of any length comes a queue at a time. The answer's {@code rev} is
     * the last revision the page covers.
     */
    private DataResponse cutShort(SessionQueue q, Watch w, long resume) {
        q.endAfterQueued(
                w.id,
                HavenError.of(
                        ErrorCode.LIMIT,
                        "catching up passed this session's queue of " + limits.maxQueuedPerSession()
                                + " events; acknowledge them and add the watch again with from_rev " + resume,
                        String.valueOf(resume)));
        return DataResponse.of(DataKind.WATCH_ADD, DataResponse.CREATED, new DataResult.WatchAdded(w.id, resume - 1));
    }

    /**
     * Queues the log's matching changes from {@code from} until at or past {@code until}; returns the next rev, or
     * minus the rev of the first change that did not fit in the session's queue.
     */
    private long catchUp(SessionQueue q, Watch w, long from, ChangeSource source, long until) {
        long next = from;
        while (next <= source.revision() && next <= until) {
            List<Change> page = source.changesSince(next, CATCH_UP_PAGE);
            if (page.isEmpty()) {
                break;
            }
            if (page.get(0).rev() > next) {
                long oldest = source.oldestRevision();
                throw new HavenException(
                        HavenError.of(
                                ErrorCode.UNAVAILABLE,
                                "revision " + next + " was trimmed from the change log while the watch caught up;"
                                        + " the oldest revision kept is " + oldest,
                                String.valueOf(oldest)),
                        410);
            }
            for (Change c : page) {
                if (c.key().startsWith(w.prefix) && !q.offer(w.id, c)) {
                    return -c.rev();
                }
                next = c.rev() + 1;
            }
        }
        return next;
    }

    private long watchesOfSession(String session) {
        long n = 0;
        for (QuorumWatches qw : quorums.values()) {
            for (Watch w : qw.watches) {
                if (w.session.equals(session)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** watch.remove: 200 with nothing more; 404 for a watch this session does not hold. */
    public DataResponse remove(String session, long watch) {
        for (QuorumWatches qw : quorums.values()) {
            for (Watch w : qw.watches) {
                if (w.id == watch && w.session.equals(session)) {
                    qw.watches.remove(w);
                    queue(session).forget(watch);
                    return DataResponse.of(DataKind.WATCH_REMOVE, DataResponse.OK, DataResult.Empty.INSTANCE);
                }
            }
        }
        throw HavenException.notFound("this session holds no watch " + watch, String.valueOf(watch));
    }

    /** The apply path of a quorum replica: matches changes (in revision order) against the quorum's watches. */
    public void applied(String quorumId, List<Change> changes) {
        QuorumWatches qw = quorums.get(quorumId);
        if (qw == null || changes.isEmpty()) {
            return;
        }
        synchronized (qw) {
            long first = changes.get(0).rev();
            if (qw.seen >= 0 && first > qw.seen + 1) {
                skipped(qw, first);
            }
            qw.seen = Math.max(qw.seen, changes.get(changes.size() - 1).rev());
            for (Watch w : qw.watches) {
                for (Change c : changes) {
                    if (c.rev() < w.nextRev || !c.key().startsWith(w.prefix)) {
                        continue;
                    }
                    SessionQueue q = sessions.get(w.session);
                    if (q == null) {
                        break;
                    }
                    if (!q.offer(w.id, c)) {
                        qw.watches.remove(w);
                        q.cancel(
                                w.id,
                                ErrorCode.LIMIT,
                                "the session fell " + limits.maxQueuedPerSession() + " events behind, so its watch "
                                        + w.id + " was cancelled",
                                c.rev());
                        break;
                    }
                    w.nextRev = c.rev() + 1;
                }
            }
        }
    }

    /**
     * The replica installed the leader's checkpoint: its state is at {@code revision} now, and the changes after what
     * the apply path last reported were never reported. Watches that needed them end at once (no later batch may come
     * to reveal the gap).
     */
    public void checkpointInstalled(String quorumId, long revision) {
        QuorumWatches qw = quorums.get(quorumId);
        if (qw == null) {
            return;
        }
        synchronized (qw) {
            if (qw.seen >= 0 && revision > qw.seen) {
                skipped(qw, revision + 1);
            }
            qw.seen = Math.max(qw.seen, revision);
        }
    }

    /**
     * The replica jumped from {@code qw.seen} to {@code first} without reporting the changes between (a checkpoint
     * install): the watches that needed them end with LIMIT naming where to resume, and the client's catch-up from
     * there reads them from the installed change log.
     */
    private void skipped(QuorumWatches qw, long first) {
        for (Watch w : qw.watches) {
            if (w.nextRev >= first) {
                continue;
            }
            qw.watches.remove(w);
            SessionQueue q = sessions.get(w.session);
            if (q != null) {
                q.cancel(
                        w.id,
                        ErrorCode.LIMIT,
                        "this member skipped revisions " + (qw.seen + 1) + " to " + (first - 1)
                                + " (it installed the leader's checkpoint), so its watch " + w.id + " was cancelled",
                        Math.max(w.nextRev, qw.seen + 1));
            }
        }
    }

    /**
     * A ping: drops what the client acknowledged, then answers with what is queued, holding the ping up to {@code
     * waitMs} when nothing is.
     */
    public CompletableFuture<Response.Pong> ping(String session, long reqId, long ack, long waitMs) {
        SessionQueue q = queue(session);
        q.ack(ack);
        if (waitMs <= 0 || q.hasPongEvents()) {
            return CompletableFuture.completedFuture(new Response.Pong(reqId, q.drain()));
        }
        return q.whenNotEmpty()
                .completeOnTimeout(null, waitMs, TimeUnit.MILLISECONDS)
                .thenApply(ready -> new Response.Pong(reqId, q.drain()));
    }

    /** A session opened on a connection: its push-delivered watches send through {@code pushes}. */
    public void sessionOpened(String session, Consumer<Push> pushes) {
        queue(session).sink(pushes);
    }

    /** The session ended (its connection closed or its ttl passed): its watches and queue go. */
    public void closeSession(String session) {
        for (QuorumWatches qw : quorums.values()) {
            qw.watches.removeIf(w -> w.session.equals(session));
        }
        sessions.remove(session);
    }

    /** Events queued for a session now (for tests and metrics). */
    public int queued(String session) {
        SessionQueue q = sessions.get(session);
        return q == null ? 0 : q.size();
    }

    /** Watches held now, over all sessions. */
    public int watches() {
        int n = 0;
        for (QuorumWatches qw : quorums.values()) {
            n += qw.watches.size();
        }
        return n;
    }

    List<Long> sessionWatchIds(String session) {
        List<Long> ids = new ArrayList<>();
        for (QuorumWatches qw : quorums.values()) {
            for (Watch w : qw.watches) {
                if (w.session.equals(session)) {
                    ids.add(w.id);
                }
            }
        }
        return ids;
    }
}
