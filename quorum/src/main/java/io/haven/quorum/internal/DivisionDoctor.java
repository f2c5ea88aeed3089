package io.haven.quorum.internal;

import io.haven.quorum.Quorum;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts the division of a quorum this node is still a member of when Ratis closed it on a failure, or when its
 * log appends fail for good (FAULTS.md finding 2). Ratis closes a division, and leaves it closed, when its log
 * worker fails or its state-machine updater throws; and once one of a follower's chained appends fails, every later
 * one fails with it while the division stays up. Either way the member is lost until the process restarts. The
 * division is removed without touching its directory and added back with RECOVER ({@link Membership#restart}): it
 * reads its log and store as after a restart, and the leader appends from where the log ends. A division that closed
 * because a committed configuration no longer holds this node is left alone, and restarts of one group are spaced
 * out (doubling from 5 s up to 5 min) so a failure that repeats on every start does not spin.
 *
 * <p>{@link #check} runs on the leader ticker's thread, one call at a time; the restart itself runs on the
 * membership thread.
 */
public final class DivisionDoctor {
    private static final Logger LOG = LoggerFactory.getLogger(DivisionDoctor.class);
    /** The first wait before a division closed on a failure is restarted again; it doubles up to the maximum. */
    private static final long REVIVE_BACKOFF_MS = 5_000;

    private static final long REVIVE_BACKOFF_MAX_MS = 300_000;
    /** How long a follower's log may stay behind its leader's commit without moving before it counts as stuck. */
    private static final long STALL_MS = 15_000;
    /** A follower whose leader has not sent it anything for this long is cut off, not stuck. */
    private static final long LEADER_SILENT_MS = 3_000;

    private final String nodeId;
    private final QuorumCatalog catalog;
    private final Membership membership;
    private volatile RaftServer server;

    private final Map<RaftGroupId, Revival> revivals = new ConcurrentHashMap<>();
    private final Map<RaftGroupId, Stall> stalls = new ConcurrentHashMap<>();

    public DivisionDoctor(String nodeId, QuorumCatalog catalog, Membership membership) {
        this.nodeId = nodeId;
        this.catalog = catalog;
        this.membership = membership;
    }

    public void started(RaftServer started) {
        server = started;
    }

    /** How many times the division of one group was restarted, and when it may be next. */
    private record Revival(long next, long backoffMs, int count) {}

    /** A follower's log end and since when it has not moved (by {@link System#nanoTime()}). */
    private record Stall(long lastIndex, long since) {}

    /** Looks at every quorum's division once, restarting those closed on a failure or stuck. */
    public void check() {
        for (Quorum quorum : List.copyOf(catalog.quorums())) {
            QuorumHandle q = (QuorumHandle) quorum;
            RaftServer.Division d = division(q.groupId());
            if (d == null) {
                continue;
            }
            LifeCycle.State state = d.getInfo().getLifeCycleState();
            boolean closed = state == LifeCycle.State.CLOSED;
            if (!closed && !(state == LifeCycle.State.RUNNING && stuck(d))) {
                continue;
            }
            if (d.getRaftConf().getPeer(RaftPeerId.valueOf(nodeId), RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER)
                    == null) {
                continue;
            }
            Revival last = revivals.get(q.groupId());
            long now = System.nanoTime();
            if (last != null && now - last.next() < 0) {
                continue;
            }
            if (!catalog.isOpen(q.name(), q) || division(q.groupId()) != d) {
                continue; // left or rejoined meanwhile
            }
            long backoff = last == null ? REVIVE_BACKOFF_MS : Math.min(REVIVE_BACKOFF_MAX_MS, last.backoffMs() * 2);
            revivals.put(
                    q.groupId(),
                    new Revival(
                            now + TimeUnit.MILLISECONDS.toNanos(backoff),
                            backoff,
                            last == null ? 1 : last.count() + 1));
            revive(q.name(), d, closed);
        }
    }

    /**
     * Whether division {@code d} is a follower whose log has not moved for {@link #STALL_MS} although its leader keeps
     * talking to it and has committed past the log's end, with no checkpoint install under way.
     */
    private boolean stuck(RaftServer.Division d) {
        RaftGroupId gid = d.getMemberId().getGroupId();
        RaftProtos.RoleInfoProto role = d.getInfo().getRoleInfoProto();
        boolean listening = role.hasFollowerInfo()
                && role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs() < LEADER_SILENT_MS;
        TermIndex last = d.getRaftLog().getLastEntryTermIndex();
        long lastIndex = last == null ? -1 : last.getIndex();
        ByteString self = RaftPeerId.valueOf(nodeId).toByteString();
        long leaderCommit = d.getCommitInfos().stream()
                .filter(c -> !c.getServer().getId().equals(self))
                .mapToLong(RaftProtos.CommitInfoProto::getCommitIndex)
                .max()
                .orElse(-1);
        boolean installing = d.getStateMachine() instanceof QuorumStateMachine m && m.installing();
        if (!listening || leaderCommit <= lastIndex || installing) {
            stalls.remove(gid);
            return false;
        }
        long now = System.nanoTime();
        Stall s = stalls.get(gid);
        if (s == null || s.lastIndex() != lastIndex) {
            stalls.put(gid, new Stall(lastIndex, now));
            return false;
        }
        return now - s.since() > TimeUnit.MILLISECONDS.toNanos(STALL_MS);
    }

    private void revive(String name, RaftServer.Division d, boolean closed) {
        stalls.remove(d.getMemberId().getGroupId());
        if (closed) {
            LOG.warn("quorum {}: Ratis closed this member's division on a failure; restarting it from its log", name);
        } else {
            LOG.warn(
                    "quorum {}: this member's log has not moved for {} ms although the leader committed past it;"
                            + " restarting its division from its log",
                    name,
                    STALL_MS);
        }
        try {
            membership.restart(name, d);
            LOG.warn("quorum {}: restarted this member's division", name);
        } catch (IOException | RuntimeException e) {
            LOG.warn("quorum {}: restarting this member's division failed; the next tick tries again", name, e);
        }
    }

    /** Restarts of the division of group {@code gid} so far (for tests and status). */
    public int revivals(RaftGroupId gid) {
        Revival r = revivals.get(gid);
        return r == null ? 0 : r.count();
    }

    private RaftServer.Division division(RaftGroupId gid) {
        try {
            return server.getDivision(gid);
        } catch (IOException e) {
            return null;
        }
    }
}
