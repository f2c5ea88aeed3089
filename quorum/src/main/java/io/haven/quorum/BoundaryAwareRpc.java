package io.haven.quorum;

import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.grpc.server.GrpcLogAppender;
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
 * Ratis' gRPC transport with one change to the leader's log appender, for a case Ratis 3.2.2 gets stuck in (FAULTS.md,
 * finding 1). A new term starts a new log segment, so a killed leader's log ends exactly where the new leader's
 * first segment of its term begins. Once the new leader has purged every segment before that one and no more, the
 * restarted node's next index is the leader's log start: Ratis tells a follower to install a snapshot only when its
 * next index is <em>below</em> the log start, and it cannot send entries either, because it cannot name the entry
 * before them (purged, and not the index of the state machine's snapshot). Its appender fails an assertion and is
 * never restarted, so the node is lost until leadership moves.
 *
 * <p>This appender sees that case before building a request and moves the follower's next index one below the log
 * start; on its next round Ratis notifies the follower to install the leader's checkpoint, as for any follower
 * behind the log, and the follower catches up through {@link SnapshotTransfer}.
 *
 * <p>Registered by class name ({@link #name()}) through {@code raft.rpc.type}; Ratis instantiates it reflectively.
 */
public final class BoundaryAwareRpc implements RpcType {
    private static final Logger LOG = LoggerFactory.getLogger(BoundaryAwareRpc.class);

    /** Log appenders made in this JVM (a leader makes one per follower); tests see the transport is in use. */
    private static final java.util.concurrent.atomic.AtomicLong APPENDERS =
            new java.util.concurrent.atomic.AtomicLong();

    public BoundaryAwareRpc() {}

    static long appendersMade() {
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
    }

    private static final class Appender extends GrpcLogAppender {
        Appender(RaftServer.Division server, LeaderState state, FollowerInfo follower) {
            super(server, state, follower);
        }

        @Override
        public AppendEntriesRequestProto newAppendEntriesRequest(long callId, boolean heartbeat)
                throws RaftLogIOException {
            FollowerInfo follower = getFollower();
            long next = follower.getNextIndex();
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
            return super.newAppendEntriesRequest(callId, heartbeat);
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
