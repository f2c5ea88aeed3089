package io.haven.quorum.internal;

import io.haven.quorum.QuorumConfig;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** The Ratis settings a Haven node runs with, from its {@link QuorumConfig}: the one place they are set. */
public final class RatisProperties {
    private RatisProperties() {}

    /** The properties of a node's Raft server and of its clients; see {@link QuorumConfig} for why elections take seconds. */
    public static RaftProperties of(QuorumConfig c) {
        RaftProperties p = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(p, List.of(c.raftDir().toFile()));
        RaftServerConfigKeys.setRemovedGroupsDir(p, c.removedGroupsDir().toFile());
        // gRPC, with a log appender that does not get stuck at a purged term boundary and a guard in front of the
        // follower's appends (see BoundaryAwareRpc, AppendGuard).
        RaftConfigKeys.Rpc.setType(p, new BoundaryAwareRpc());
        GrpcConfigKeys.Server.setHost(p, c.raftHost());
        GrpcConfigKeys.Server.setPort(p, c.raftPort());
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, duration(c.electionTimeoutMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, duration(c.electionTimeoutMax()));
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, duration(c.raftRequestTimeout()));
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, c.snapshotThreshold());
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.max(1, Math.min(1024, c.snapshotThreshold() / 2)));
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(c.logSegmentBytes()));
        // Snapshots carry no files (the store is the snapshot): a lagging member is told to install from the
        // leader and fetches a RocksDB checkpoint itself.
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, false);
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(3, TimeUnit.SECONDS));
        return p;
    }

    static TimeDuration duration(java.time.Duration d) {
        return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
    }
}
