package io.haven.quorum.internal;

import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.grpc.server.GrpcLogAppender;
import org.apache.ratis.grpc.server.GrpcServices;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.rpc.RpcFactory;
import org.apache.ratis.rpc.RpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.leader.FollowerInfo;
import org.apache.ratis.server.leader.LeaderState;
import org.apache.ratis.server.leader.LogAppender;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.raftlog.RaftLogIOException;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ratis' gRPC transport with changes to the leader's log appender. The first is for a case Ratis 3.2.2 gets stuck in
 * (FAULTS.md, finding 1). A new term starts a new log segment, so a killed leader's log ends exactly where the new leader's
 * first segment of its term begins. Once the new leader has purged every segment before that one and no more, the
 * restarted node's next index is the leader's log start: Ratis tells a follower to install a snapshot only when its
 * next index is <em>below</em> the log start, and it cannot send entries either, because it cannot name the entry
 * before them (purged, and not the index of the state machine's snapshot). Its appender fails an assertion and is
 * never restarted, so the node is lost until leadership moves.
 *
 * <p>This appender sees that case before building a request and moves the follower's next index one below the log
 * start; on its next round Ratis notifies the follower to install the leader's checkpoint, as for any follower
 * behind the log, and the follower catches up through {@link SnapshotTransfer}. A follower whose answer moves its next
 * index below the log start between Ratis' check for an install and the request being built gets no request that
 * round (Ratis would read a purged entry and end the appender), and the install the next round.
 *
 * <p>The others are for linearizable reads: the heartbeat a ReadIndex round asks for is neither dropped by a request
 * already on its way (see {@link Appender#resetHeartbeatTrigger()}) nor left unable to confirm the round because
 * appends were in flight when it was sent (see {@link Appender#shouldSendAppendEntries()}).
 *
 * <p>Registered by class name ({@link #name()}) through {@code raft.rpc.type}; Ratis instantiates it reflectively.
 */
public final class BoundaryAwareRpc implements RpcType {
    private static final Logger LOG = LoggerFactory.getLogger(BoundaryAwareRpc.class);

    /** Log appenders made in this JVM (a leader makes one per follower); tests see the transport is in use. */
    private static final java.util.concurrent.atomic.AtomicLong APPENDERS =
            new java.util.concurrent.atomic.AtomicLong();

    /** The running appenders of every leader in this JVM, by the leader's member id (group and peer). */
    private static final java.util.Map<org.apache.ratis.protocol.RaftGroupMemberId, java.util.Set<Appender>> RUNNING =
            new java.util.concurrent.ConcurrentHashMap<>();

    public BoundaryAwareRpc() {}

    /**
     * Asks every appender of this member (when it leads) for a heartbeat now. A ReadIndex round that has waited
     * longer than a round trip uses it: whatever kept the heartbeat it asked for from confirming it (a race with a
     * request being built, a reply overtaken), a heartbeat asked for now is sent after the round began and carries
     * the commit index once no append is in flight.
     */
    static void nudge(org.apache.ratis.protocol.RaftGroupMemberId leader) {
        java.util.Set<Appender> appenders = RUNNING.get(leader);
        if (appenders != null) {
            for (Appender a : appenders) {
                a.triggerHeartbeat();
            }
        }
    }

    public static long appendersMade() {
        return APPENDERS.get();
    }

    @Override
    public String name() {
        return BoundaryAwareRpc.class.getName();
    }

    @Override
    public RpcFactory newFactory(Parameters parameters) {
        return new Factory(parameters);
    }

    private static final class Factory extends GrpcFactory {
        Factory(Parameters parameters) {
            super(parameters);
        }

        @Override
        public LogAppender newLogAppender(RaftServer.Division server, LeaderState state, FollowerInfo follower) {
            APPENDERS.incrementAndGet();
            return new Appender(server, state, follower);
        }

        /** Every append request reaches this node's divisions through an {@link AppendGuard}. */
        @Override
        public GrpcServices newRaftServerRpc(RaftServer server) {
            return super.newRaftServerRpc(AppendGuard.guarding(server));
        }
    }

    private static final class Appender extends GrpcLogAppender {
        /**
         * The call id the next request was to get when a ReadIndex round last asked for a heartbeat; -1 before the
         * first. See {@link #resetHeartbeatTrigger()}.
         */
        private final java.util.concurrent.atomic.AtomicLong triggeredAt =
                new java.util.concurrent.atomic.AtomicLong(-1);

        Appender(RaftServer.Division server, LeaderState state, FollowerInfo follower) {
            super(server, state, follower);
            RUNNING.computeIfAbsent(server.getMemberId(), k -> java.util.concurrent.ConcurrentHashMap.newKeySet())
                    .add(this);
        }

        @Override
        public java.util.concurrent.CompletableFuture<org.apache.ratis.util.LifeCycle.State> stopAsync() {
            RUNNING.computeIfPresent(getServer().getMemberId(), (k, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
            return super.stopAsync();
        }

        /** A ReadIndex round asked for a heartbeat that has not been sent yet. */
        private final java.util.concurrent.atomic.AtomicBoolean triggered =
                new java.util.concurrent.atomic.AtomicBoolean();

        /** The heartbeat a round asked for left while appends were in flight: send one more once they are answered. */
        private volatile boolean heartbeatAgain;

        @Override
        public void triggerHeartbeat() {
            triggeredAt.set(getCallId());
            triggered.set(true);
            super.triggerHeartbeat();
        }

        /**
         * A heartbeat sent while appends to the follower are in flight carries no previous entry, and so a commit index
         * of 0 (Ratis' {@code effectiveCommitIndex}): the follower's reply cannot confirm a ReadIndex round, whose
         * index the follower must report as committed. The round then waited for the next entry (the leader's 500 ms
         * tick) or the periodic heartbeat: under a mix of reads and writes, about 4% of linearizable reads took
         * 100-500 ms (QuorumTest). Once the appends in flight are answered, this asks for one more heartbeat, which
         * names the previous entry and carries the commit index.
         */
        @Override
        public boolean shouldSendAppendEntries() {
            if (heartbeatAgain && !hasPendingDataRequests()) {
                heartbeatAgain = false;
                triggerHeartbeat();
            }
            return super.shouldSendAppendEntries();
        }

        /**
         * Ratis clears the heartbeat trigger whenever it sends a request, also one it built <em>before</em> a ReadIndex
         * round asked for a heartbeat. That request's reply cannot confirm the round (its call id is below the one the
         * round waits for), so the round waited for the next periodic heartbeat, up to half the minimum election
         * timeout (1 s by default): linearizable reads mixed with writes had a p99 near 500 ms. A trigger that arrived
         * after the request being sent was built is kept, so the appender's next round sends the heartbeat at once.
         */
        @Override
        protected void resetHeartbeatTrigger() {
            // Called while sending the request that took call id getCallId() - 1.
            if (triggeredAt.get() >= getCallId()) {
                return;
            }
            triggered.set(false);
            super.resetHeartbeatTrigger();
        }

        @Override
        public AppendEntriesRequestProto newAppendEntriesRequest(long callId, boolean heartbeat)
                throws RaftLogIOException {
            if (triggered.get() && hasPendingDataRequests()) {
                // Built now, the heartbeat a round asked for carries no commit index (see shouldSendAppendEntries).
                heartbeatAgain = true;
            }
            FollowerInfo follower = getFollower();
            long next = follower.getNextIndex();
            if (!heartbeat && belowLogStart(next)) {
                // The follower's answer moved its next index below the log start (purged) after this round had
                // checked whether it must install a snapshot: Ratis would read the purged entry, fail, and end this
                // appender for good (QuorumTest saw a restarted member never catch up). Nothing is sent this round;
                // the next one notifies the follower to install the leader's checkpoint.
                return null;
            }
            if (!heartbeat && atUnnameableLogStart(next, follower)) {
                LOG.info(
                        "{}: the entry before {}'s next index {} is purged and is not the snapshot's; asking it to"
                                + " install the checkpoint instead",
                        getServer().getMemberId(),
                        follower.getId(),
                        next);
                follower.setNextIndex(next - 1);
                return null;
            }
            AppendEntriesRequestProto request = super.newAppendEntriesRequest(callId, heartbeat);
            return request == null ? null : capHeartbeatCommit(request, follower);
        }

        /**
         * A heartbeat carries at most the commit index the follower is known to hold (its match index): a follower
         * commits {@code min(leaderCommit, previous)} from a heartbeat without waiting for its queued appends, and
         * Ratis names as {@code previous} the entry before the follower's next index, which it may not hold yet
         * (after an INCONSISTENCY answer dropped the requests in flight, {@link #heartbeatAgain} fires a heartbeat
         * at once). The follower guards against this too ({@link AppendGuard}); this keeps a Haven leader from ever
         * asking for it. Appends are left alone: the follower bounds their commit by the entries they carry, after
         * appending them.
         */
        private static AppendEntriesRequestProto capHeartbeatCommit(
                AppendEntriesRequestProto request, FollowerInfo follower) {
            if (request.getEntriesCount() > 0 || request.getLeaderCommit() <= follower.getMatchIndex()) {
                return request;
            }
            return request.toBuilder()
                    .setLeaderCommit(Math.max(0, follower.getMatchIndex()))
                    .build();
        }

        /** Whether the entry at {@code next} is purged from the leader's log. */
        private boolean belowLogStart(long next) {
            RaftLog log = getRaftLog();
            return next >= RaftLog.LEAST_VALID_LOG_INDEX && next < log.getStartIndex();
        }

        /** Whether Ratis would have to send from its log start without knowing the entry before it. */
        private boolean atUnnameableLogStart(long next, FollowerInfo follower) {
            RaftLog log = getRaftLog();
            if (next <= RaftLog.LEAST_VALID_LOG_INDEX || next != log.getStartIndex() || next >= log.getNextIndex()) {
                return false;
            }
            if (log.getTermIndex(next - 1) != null || follower.getSnapshotIndex() + 1 == next) {
                return false;
            }
            SnapshotInfo snapshot = getServer().getStateMachine().getLatestSnapshot();
            return snapshot == null || snapshot.getIndex() != next - 1;
        }
    }
}
