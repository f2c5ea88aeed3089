package io.haven.daemon.status;

/**
 * A quorum's RocksDB store on this node, from its properties and statistics.
 *
 * @param sizeBytes the size of its SST files ({@code rocksdb.total-sst-files-size})
 * @param pendingCompactionBytes bytes compaction estimates it still has to rewrite ({@code
 *     rocksdb.estimate-pending-compaction-bytes})
 * @param runningCompactions compactions running now ({@code rocksdb.num-running-compactions})
 * @param compactionsCompleted compactions finished since the store was opened
 * @param writeStopped whether writes are stopped right now ({@code rocksdb.is-write-stopped})
 * @param stallMicros microseconds writes have been stalled since the store was opened ({@code STALL_MICROS})
 */
public record StoreInfo(
        long sizeBytes,
        long pendingCompactionBytes,
        int runningCompactions,
        long compactionsCompleted,
        boolean writeStopped,
        long stallMicros) {
    /** For a store whose figures cannot be read (not open yet). */
    public static final StoreInfo EMPTY = new StoreInfo(0, 0, 0, 0, false, 0);

    public StoreInfo {
        if (sizeBytes < 0
                || pendingCompactionBytes < 0
                || runningCompactions < 0
                || compactionsCompleted < 0
                || stallMicros < 0) {
            throw new IllegalArgumentException("negative store figure");
        }
    }
}
