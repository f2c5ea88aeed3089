package io.haven.daemon.watch;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenError;
import io.haven.protocol.data.Change;
import io.haven.protocol.message.Push;
import io.haven.protocol.message.Response;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The events waiting for one session: queued in the order they were matched, sent on each pong until the client
 * acknowledges them. An event is dropped only once it was sent and the client's {@code ack} is at or past its
 * revision, so an event is never lost, and never sent again after it was acknowledged.
 *
 * <p>Guarded by its own monitor.
 */
final class SessionQueue {
    private final WatchLimits limits;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private final List<CompletableFuture<Void>> waiters = new ArrayList<>();
    /** Where this session's pushes go; null until the session's connection registers it. */
    private Consumer<Push> sink;
    /** Watches that asked for push delivery. */
    private final Set<Long> pushWatches = new HashSet<>();

    private static final class Entry {
        final Response.WatchNotice notice;
        boolean sent;
        /** Sent as a push: pongs do not carry it again; a ping's ack still drops it. */
        boolean pushed;

        Entry(Response.WatchNotice notice) {
            this.notice = notice;
        }

        long rev() {
            return notice instanceof Response.WatchEvent e ? e.change().rev() : Long.MAX_VALUE;
        }
    }

    SessionQueue(WatchLimits limits) {
        this.limits = limits;
    }

    /**
     * Queues an event of {@code watch}; false when the queue is full (the caller then cancels the watch).
     */
    synchronized boolean offer(long watch, Change change) {
        if (queue.size() >= limits.maxQueuedPerSession()) {
            return false;
        }
        queue.add(new Entry(new Response.WatchEvent(watch, change)));
        wake();
        return true;
    }

    /**
     * Ends {@code watch} with an error: drops its events not yet sent and queues the cancellation, which always
     * fits. Returns the revision of the first dropped event (where the client resumes), or {@code fallback}.
     */
    synchronized long cancel(long watch, ErrorCode code, String message, long fallback) {
        long resume = fallback;
        for (Iterator<Entry> it = queue.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (!e.sent && e.notice.watch() == watch && e.notice instanceof Response.WatchEvent ev) {
                resume = Math.min(resume, ev.change().rev());
                it.remove();
            }
        }
        queue.add(new Entry(new Response.WatchCancelled(
                watch, HavenError.of(code, message + "; resume with from_rev " + resume, String.valueOf(resume)))));
        wake();
        return resume;
    }

    /** Ends {@code watch} after the events it already queued (a catch-up that filled the queue); always fits. */
    synchronized void endAfterQueued(long watch, HavenError error) {
        queue.add(new Entry(new Response.WatchCancelled(watch, error)));
        wake();
    }

    /** Drops what was sent and acknowledged: events at or below {@code ack}, and cancellations already sent. */
    synchronized void ack(long ack) {
        queue.removeIf(e -> e.sent && (e.rev() <= ack || e.notice instanceof Response.WatchCancelled));
    }

    /** Forgets a removed watch's events. */
    synchronized void forget(long watch) {
        pushWatches.remove(watch);
        queue.removeIf(e -> e.notice.watch() == watch);
    }

    /** Whether a pong would carry anything: an entry not delivered as a push. */
    synchronized boolean hasPongEvents() {
        for (Entry e : queue) {
            if (!e.pushed) {
                return true;
            }
        }
        return false;
    }

    synchronized boolean isEmpty() {
        return queue.isEmpty();
    }

    /** The next pong's watchlist: every queued notice (up to the per-pong bound), now marked sent. */
    synchronized List<Response.WatchNotice> drain() {
        List<Response.WatchNotice> out = new ArrayList<>();
        for (Entry e : queue) {
            if (e.pushed) {
                continue;
            }
            if (out.size() >= limits.maxEventsPerPong()) {
                break;
            }
            e.sent = true;
            out.add(e.notice);
        }
        return out;
    }

    /** Completes when something is queued (at once if something is). */
    synchronized CompletableFuture<Void> whenNotEmpty() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (hasPongEvents()) {
            f.complete(null);
        } else {
            waiters.add(f);
        }
        return f;
    }

    /** Called right after an entry was added: pushes it if its watch asked for pushes, else wakes held pings. */
    private void wake() {
        Entry last = queue.peekLast();
        if (last != null && sink != null && pushWatches.contains(last.notice.watch())) {
            last.sent = true;
            last.pushed = true;
            sink.accept(new Push.WatchPush(List.of(last.notice)));
            return;
        }
        if (!waiters.isEmpty()) {
            List<CompletableFuture<Void>> ready = new ArrayList<>(waiters);
            waiters.clear();
            ready.forEach(w -> w.complete(null));
        }
    }

    /** Registers where the session's pushes go. */
    synchronized void sink(Consumer<Push> pushes) {
        sink = pushes;
    }

    /** Marks {@code watch} for push delivery (before any of its events is queued). */
    synchronized void pushWatch(long watch) {
        pushWatches.add(watch);
    }

    synchronized int size() {
        return queue.size();
    }
}
