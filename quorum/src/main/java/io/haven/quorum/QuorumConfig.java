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
        return builder(dataDir, raftHost, raftPort).build();
    }

    /** A builder starting from the defaults, for a node with the given data directory and Raft address. */
    public static Builder builder(Path dataDir, String raftHost, int raftPort) {
        return new Builder(dataDir, raftHost, raftPort);
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(dataDir, raftHost, raftPort)
                .electionTimeout(electionTimeoutMin, electionTimeoutMax)
                .raftRequestTimeout(raftRequestTimeout)
                .log(snapshotThreshold, logSegmentBytes)
                .batch(batchMaxCommands, batchMaxBytes, batchMaxInflight)
                .tickInterval(tickInterval);
    }

    /** Builds a {@link QuorumConfig}; every setting starts at its default. Not thread-safe. */
    public static final class Builder {
        private final Path dataDir;
        private final String raftHost;
        private final int raftPort;
        private Duration electionTimeoutMin = ELECTION_TIMEOUT_MIN_DEFAULT;
        private Duration electionTimeoutMax = ELECTION_TIMEOUT_MAX_DEFAULT;
        private Duration raftRequestTimeout = RAFT_REQUEST_TIMEOUT_DEFAULT;
        private long snapshotThreshold = SNAPSHOT_THRESHOLD_DEFAULT;
        private long logSegmentBytes = LOG_SEGMENT_BYTES_DEFAULT;
        private int batchMaxCommands = BATCH_MAX_COMMANDS_DEFAULT;
        private int batchMaxBytes = BATCH_MAX_BYTES_DEFAULT;
        private int batchMaxInflight = BATCH_MAX_INFLIGHT_DEFAULT;
        private Duration tickInterval = TICK_INTERVAL_DEFAULT;

        private Builder(Path dataDir, String raftHost, int raftPort) {
            this.dataDir = dataDir;
            this.raftHost = raftHost;
            this.raftPort = raftPort;
        }

        public Builder electionTimeout(Duration min, Duration max) {
            this.electionTimeoutMin = min;
            this.electionTimeoutMax = max;
            return this;
        }

        public Builder raftRequestTimeout(Duration timeout) {
            this.raftRequestTimeout = timeout;
            return this;
        }

        /** Log entries after which a snapshot is taken and the log purged, and the size of one log segment. */
        public Builder log(long snapshotEntries, long segmentBytes) {
            this.snapshotThreshold = snapshotEntries;
            this.logSegmentBytes = segmentBytes;
            return this;
        }

        /** Commands and bytes per Raft entry at most, and entries in flight per quorum. */
        public Builder batch(int maxCommands, int maxBytes, int maxInflight) {
            this.batchMaxCommands = maxCommands;
            this.batchMaxBytes = maxBytes;
            this.batchMaxInflight = maxInflight;
            return this;
        }

        public Builder tickInterval(Duration interval) {
            this.tickInterval = interval;
            return this;
        }

        public QuorumConfig build() {
            return new QuorumConfig(
                    dataDir,
                    raftHost,
                    raftPort,
                    electionTimeoutMin,
                    electionTimeoutMax,
                    raftRequestTimeout,
                    snapshotThreshold,
                    logSegmentBytes,
                    batchMaxCommands,
                    batchMaxBytes,
                    batchMaxInflight,
                    tickInterval);
        }
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
