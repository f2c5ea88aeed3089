package io.haven.quorum;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a node's Raft server and of the quorums it hosts. Each setting has one documented default sized for a
 * shared 2-core machine: elections in seconds, not the 150-300 ms of the Raft paper, so a busy JVM that pauses for
 * a garbage collection or a slow fsync does not depose a healthy leader.
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>election-timeout-min</td><td>2 s</td><td>lower bound of the randomized election timeout</td></tr>
 *   <tr><td>election-timeout-max</td><td>4 s</td><td>upper bound of the randomized election timeout</td></tr>
 *   <tr><td>raft-request-timeout</td><td>6 s</td><td>one Raft RPC (append, vote) before it is retried</td></tr>
 *   <tr><td>snapshot-threshold</td><td>20000</td><td>log entries after which a snapshot is taken and the log purged</td></tr>
 *   <tr><td>log-segment-bytes</td><td>8 MiB</td><td>size of a Raft log segment; only whole segments are purged</td></tr>
 *   <tr><td>batch-max-commands</td><td>256</td><td>DATA commands grouped into one Raft entry at most</td></tr>
 *   <tr><td>batch-max-bytes</td><td>1 MiB</td><td>encoded bytes of one Raft entry at most</td></tr>
 *   <tr><td>batch-max-inflight</td><td>1</td><td>entries a node has in flight per quorum; further commands wait and batch (one: each entry costs CPU on every member, and on two cores fewer, larger entries win; see BENCHMARKS.md)</td></tr>
 *   <tr><td>tick-interval</td><td>500 ms</td><td>how often the leader appends a tick entry so timeouts and leases expire at one log position on every member</td></tr>
 * </table>
 *
 * @param dataDir the node's data directory; Raft storage lives in {@code raft/}, removed groups in {@code
 *     raft-removed/} and each quorum in {@code quorums/<group uuid>/} (store in {@code db/}, name in {@code name})
 */
public record QuorumConfig(
        Path dataDir,
        String raftHost,
        int raftPort,
        Duration electionTimeoutMin,
        Duration electionTimeoutMax,
        Duration raftRequestTimeout,
        long snapshotThreshold,
        long logSegmentBytes,
        int batchMaxCommands,
        int batchMaxBytes,
        int batchMaxInflight,
        Duration tickInterval) {

    public static final Duration ELECTION_TIMEOUT_MIN_DEFAULT = Duration.ofSeconds(2);
    public static final Duration ELECTION_TIMEOUT_MAX_DEFAULT = Duration.ofSeconds(4);
    public static final Duration RAFT_REQUEST_TIMEOUT_DEFAULT = Duration.ofSeconds(6);
    public static final long SNAPSHOT_THRESHOLD_DEFAULT = 20_000;
    public static final long LOG_SEGMENT_BYTES_DEFAULT = 8L << 20;
    public static final int BATCH_MAX_COMMANDS_DEFAULT = 256;
    public static final int BATCH_MAX_BYTES_DEFAULT = 1 << 20;
    public static final int BATCH_MAX_INFLIGHT_DEFAULT = 1;
    public static final Duration TICK_INTERVAL_DEFAULT = Duration.ofMillis(500);

    public QuorumConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(raftHost, "raftHost");
        if (electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
            throw new IllegalArgumentException("election-timeout-max must exceed election-timeout-min");
        }
        if (batchMaxCommands < 1 || batchMaxBytes < 1024 || batchMaxInflight < 1) {
            throw new IllegalArgumentException("batch limits must be positive");
        }
    }

    /** The defaults for a node with the given data directory and Raft address. */
    public static QuorumConfig defaults(Path dataDir, String raftHost, int raftPort) {
        return new QuorumConfig(
                dataDir,
                raftHost,
                raftPort,
                ELECTION_TIMEOUT_MIN_DEFAULT,
                ELECTION_TIMEOUT_MAX_DEFAULT,
                RAFT_REQUEST_TIMEOUT_DEFAULT,
                SNAPSHOT_THRESHOLD_DEFAULT,
                LOG_SEGMENT_BYTES_DEFAULT,
                BATCH_MAX_COMMANDS_DEFAULT,
                BATCH_MAX_BYTES_DEFAULT,
                BATCH_MAX_INFLIGHT_DEFAULT,
                TICK_INTERVAL_DEFAULT);
    }

    /** The same settings with another snapshot threshold and log segment size (tests use small ones). */
    public QuorumConfig withLog(long snapshotEntries, long segmentBytes) {
        return new QuorumConfig(
                dataDir,
                raftHost,
                raftPort,
                electionTimeoutMin,
                electionTimeoutMax,
                raftRequestTimeout,
                snapshotEntries,
                segmentBytes,
                batchMaxCommands,
                batchMaxBytes,
                batchMaxInflight,
                tickInterval);
    }

    /** The same settings with other batch limits: commands per entry, and entries in flight per quorum. */
    public QuorumConfig withBatch(int maxCommands, int maxInflight) {
        return new QuorumConfig(
                dataDir,
                raftHost,
                raftPort,
                electionTimeoutMin,
                electionTimeoutMax,
                raftRequestTimeout,
                snapshotThreshold,
                logSegmentBytes,
                maxCommands,
                batchMaxBytes,
                maxInflight,
                tickInterval);
    }

    public Path raftDir() {
        return dataDir.resolve("raft");
    }

    public Path removedGroupsDir() {
        return dataDir.resolve("raft-removed");
    }

    /** The directory of the quorum whose Raft group has this uuid. */
    public Path quorumDir(String groupUuid) {
        return dataDir.resolve("quorums").resolve(groupUuid);
    }

    public String raftAddress() {
        return raftHost + ":" + raftPort;
    }
}
