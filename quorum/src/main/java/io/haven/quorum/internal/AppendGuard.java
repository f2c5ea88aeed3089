package io.haven.quorum.internal;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.proto.RaftProtos.AppendEntriesReplyProto;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.util.ProtoUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A follower-side guard in front of Ratis 3.2.2's {@code appendEntriesAsync}, closing two ways in which a follower
 * commits (and then applies) entries it does not hold (FAULTS.md finding 5).
 *
 * <p>Ratis composes a follower's appends into one chain ({@code raft.server.log.append-entries.compose.enabled},
 * on by default) and accepts a request whose previous entry is only <em>pending</em> in that chain. Two of its paths
 * then go wrong while an older leader's appends are still queued:
 *
 * <ol>
 *   <li><b>A heartbeat commits what a queued append is about to truncate.</b> A heartbeat does not wait for the
 *       chain: the follower sets its commit index to {@code min(leaderCommit, previous)} at once, bounded only by
 *       its flush index. When {@code previous} names an entry of the new leader that is still queued, the
 *       follower's log at those indices holds the deposed leader's flushed, uncommitted tail; the state-machine
 *       updater applies it from the log cache, and the queued append truncates it afterwards. Applied, never
 *       committed. Here a heartbeat keeps its commit index only when its previous entry is in the follower's log
 *       itself (not merely queued) and no queued append of an older term could still truncate at or below it;
 *       otherwise its commit index is cleared (the follower's commit stays where it is; the heartbeat still
 *       counts as a heartbeat).
 *   <li><b>A request that starts where a queued one starts is taken for a duplicate.</b> Ratis keys its queued
 *       appends by their first index, answers such a request SUCCESS with a match index of its last entry, and
 *       appends nothing of it: the leader then counts the follower as holding entries it does not have (possibly
 *       of another term), and commits on that count. Here an append that overlaps one still in flight waits until
 *       those in flight have finished, and is handed to Ratis then, so Ratis sees it with nothing queued before
 *       it (it appends what is new and truncates what conflicts, as Raft says).
 * </ol>
 *
 * Requests are handed to Ratis in the order they came. In steady state nothing overlaps and nothing is held back;
 * the guard acts only after a leader resends from an earlier index or leadership moves with appends queued.
 *
 * <p>The guard is installed by {@link BoundaryAwareRpc} between the gRPC service and the Raft server, so every
 * follower of every Haven quorum goes through it. Thread-safe: the state of each group is guarded by its {@link
 * Group}'s monitor, held only for bookkeeping, never across a call into Ratis.
 */
final class AppendGuard {
    private static final Logger LOG = LoggerFactory.getLogger(AppendGuard.class);

    private final RaftServer server;
    private final Map<RaftGroupId, Group> groups = new ConcurrentHashMap<>();
    /** Heartbeats whose commit index was cleared, and appends held back, since start (for tests and logs). */
    private final AtomicLong clearedCommits = new AtomicLong();

    private final AtomicLong heldBack = new AtomicLong();

    AppendGuard(RaftServer server) {
        this.server = server;
    }

    /** {@code server} as a {@link RaftServer} whose {@code appendEntriesAsync} goes through a new guard. */
    static RaftServer guarding(RaftServer server) {
        AppendGuard guard = new AppendGuard(server);
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("appendEntriesAsync")
                    && args != null
                    && args.length == 1
                    && args[0] instanceof AppendEntriesRequestProto request) {
                return guard.appendEntriesAsync(request);
            }
            return forward(server, method, args);
        };
        return (RaftServer)
                Proxy.newProxyInstance(RaftServer.class.getClassLoader(), new Class<?>[] {RaftServer.class}, handler);
    }

    private static Object forward(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    long clearedCommits() {
        return clearedCommits.get();
    }

    long heldBack() {
        return heldBack.get();
    }

    /** The guarded {@code appendEntriesAsync}: see the class comment. */
    CompletableFuture<AppendEntriesReplyProto> appendEntriesAsync(AppendEntriesRequestProto request)
            throws IOException {
        RaftGroupId gid = ProtoUtils.toRaftGroupId(request.getServerRequest().getRaftGroupId());
        RaftServer.Division division = server.getDivision(gid);
        Group group = groups.compute(gid, (k, g) -> g != null && g.division == division ? g : new Group(division));
        return group.submit(request);
    }

    /**
     * An append handed to Ratis and not answered yet: its leader's term and the indices it carries. Compared by
     * identity: each stands for one request.
     */
    private static final class InFlight {
        final long term;
        final long first;
        final long last;

        InFlight(long term, long first, long last) {
            this.term = term;
            this.first = first;
            this.last = last;
        }

        boolean overlaps(long from, long to) {
            return first <= to && from <= last;
        }
    }

    /** An append held back until the appends in flight before it have been answered. */
    private record Held(AppendEntriesRequestProto request, CompletableFuture<AppendEntriesReplyProto> reply) {}

    /** The guard's view of one division (a new division of the same group starts afresh). */
    private final class Group {
        private final RaftServer.Division division;
        // Guarded by this.
        private final List<InFlight> inFlight = new ArrayList<>();
        private final ArrayDeque<Held> held = new ArrayDeque<>();

        Group(RaftServer.Division division) {
            this.division = division;
        }

        CompletableFuture<AppendEntriesReplyProto> submit(AppendEntriesRequestProto request) throws IOException {
            if (request.getEntriesCount() == 0) {
                return server.appendEntriesAsync(heartbeat(request));
            }
            long first = request.getEntries(0).getIndex();
            long last = request.getEntries(request.getEntriesCount() - 1).getIndex();
            InFlight mine = new InFlight(request.getLeaderTerm(), first, last);
            synchronized (this) {
                if (!held.isEmpty() || overlapsInFlight(first, last)) {
                    CompletableFuture<AppendEntriesReplyProto> reply = new CompletableFuture<>();
                    held.add(new Held(request, reply));
                    heldBack.incrementAndGet();
                    LOG.info(
                            "{}: holding back an append of {}..{} (term {}) until the appends in flight before it"
                                    + " are answered",
                            division.getMemberId(),
                            first,
                            last,
                            request.getLeaderTerm());
                    return reply;
                }
                inFlight.add(mine);
            }
            return forward(request, mine);
        }

        private boolean overlapsInFlight(long first, long last) {
            for (InFlight f : inFlight) {
                if (f.overlaps(first, last)) {
                    return true;
                }
            }
            return false;
        }

        private CompletableFuture<AppendEntriesReplyProto> forward(AppendEntriesRequestProto request, InFlight mine)
                throws IOException {
            CompletableFuture<AppendEntriesReplyProto> reply;
            try {
                reply = server.appendEntriesAsync(request);
            } catch (IOException | RuntimeException e) {
                answered(mine);
                throw e;
            }
            reply.whenComplete((r, e) -> answered(mine));
            return reply;
        }

        /** Drops an answered append and hands Ratis the held ones that no longer overlap anything in flight. */
        private void answered(InFlight done) {
            List<Held> ready = new ArrayList<>();
            List<InFlight> started = new ArrayList<>();
            synchronized (this) {
                inFlight.removeIf(f -> f == done);
                while (!held.isEmpty()) {
                    AppendEntriesRequestProto next = held.peek().request();
                    long first = next.getEntries(0).getIndex();
                    long last = next.getEntries(next.getEntriesCount() - 1).getIndex();
                    if (overlapsInFlight(first, last)) {
                        break;
                    }
                    InFlight f = new InFlight(next.getLeaderTerm(), first, last);
                    inFlight.add(f);
                    ready.add(held.poll());
                    started.add(f);
                }
            }
            for (int i = 0; i < ready.size(); i++) {
                Held h = ready.get(i);
                try {
                    forward(h.request(), started.get(i)).whenComplete((r, e) -> {
                        if (e != null) {
                            h.reply().completeExceptionally(e);
                        } else {
                            h.reply().complete(r);
                        }
                    });
                } catch (IOException | RuntimeException e) {
                    h.reply().completeExceptionally(e);
                }
            }
        }

        /**
         * A heartbeat as it may reach Ratis: with its commit index cleared unless its previous entry is in the log
         * itself and no queued append of an older term could truncate at or below it.
         */
        private AppendEntriesRequestProto heartbeat(AppendEntriesRequestProto request) {
            if (!request.hasPreviousLog() || request.getLeaderCommit() <= 0) {
                return request; // Ratis commits min(leaderCommit, 0) for these: nothing new.
            }
            TermIndex previous = TermIndex.valueOf(request.getPreviousLog());
            if (safeToCommit(previous, request.getLeaderTerm())) {
                return request;
            }
            clearedCommits.incrementAndGet();
            LOG.debug(
                    "{}: clearing the commit index {} of a heartbeat whose previous entry {} this follower does not"
                            + " hold yet",
                    division.getMemberId(),
                    request.getLeaderCommit(),
                    previous);
            return request.toBuilder().setLeaderCommit(0).build();
        }

        private boolean safeToCommit(TermIndex previous, long leaderTerm) {
            synchronized (this) {
                for (InFlight f : inFlight) {
                    if (f.term < leaderTerm && f.first <= previous.getIndex()) {
                        return false;
                    }
                }
                for (Held h : held) {
                    AppendEntriesRequestProto r = h.request();
                    if (r.getLeaderTerm() < leaderTerm && r.getEntries(0).getIndex() <= previous.getIndex()) {
                        return false;
                    }
                }
            }
            TermIndex logged = division.getRaftLog().getTermIndex(previous.getIndex());
            return previous.equals(logged);
        }
    }
}
