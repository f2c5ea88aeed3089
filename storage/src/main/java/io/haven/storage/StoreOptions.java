package io.haven.storage;

/**
 * Settings of a {@link Store}. Every setting has a documented default ({@link #defaults()}); change them with
 * {@link #builder()}.
 *
 * <p>Memory: RocksDB's off-heap use is bounded by {@code block-cache-bytes} (data, index and filter blocks) plus
 * the memtables, which a write-buffer manager caps at {@code total-write-buffer-bytes} and charges to the block
 * cache. Each column family also has {@code write-buffer-bytes} x {@code max-write-buffers} as its own ceiling.
 * Index and filter blocks are held by the open table files outside the cache (about 1.5 bytes per stored key),
 * so that lookups of absent ids, the common case of an apply, never re-read them. With the defaults a store
 * stays near 64 MiB native memory plus that per-key share.
 *
 * <p>Durability: {@code sync} is false by default because the Raft log is the durable record and a lost tail of
 * applied batches is replayed from it (the applied index is written in the same batch, so the store never gets
 * ahead of or out of step with what it recorded). Without Raft (tests, tools) use {@code sync = true}: then every
 * batch {@link Store#applyBatch} has returned survives a crash of the machine.
 *
 * @param blockCacheBytes {@code block-cache-bytes}: shared LRU block cache; default 32 MiB
 * @param writeBufferBytes {@code write-buffer-bytes}: memtable size per column family; default 8 MiB
 * @param maxWriteBuffers {@code max-write-buffers}: memtables per column family; default 2
 * @param totalWriteBufferBytes {@code total-write-buffer-bytes}: all memtables together; default 32 MiB
 * @param sync {@code sync}: fsync the WAL on every batch; default false (see above)
 * @param maxIdBytes {@code max-id-bytes}: promise/task ids, kv keys, pids, tag keys and values; default 1 KiB
 * @param maxValueBytes {@code max-value-bytes}: a kv value, a promise param or value; default 1 MiB
 * @param maxTags {@code max-tags}: tags per promise; default 64
 * @param maxPageSize {@code max-page-size}: largest {@code limit} of a search or list; default 1000
 * @param defaultPageSize {@code default-page-size}: the page size when a request's limit is 0; default 100
 * @param pendingRetryMs {@code pending-retry-ms}: the ttl a task starts with when it is enqueued (promise.create
 *     tagged {@code haven:invoke}) or resumed: how long its message waits for an acquire before it is pushed again.
 *     After an acquire the holder's ttl takes its place (a release or a lost lease waits that long, as Resonate's
 *     transition table has it). Part of the state machine's semantics: every member of a quorum must use the same
 *     value. Default 30 s
 * @param sweepLimit {@code sweep-limit}: most items one tick expires; default 1000
 * @param changeRetentionCount {@code change-retention-count}: most changes the change log keeps; default 100,000
 * @param changeRetentionMs {@code change-retention-ms}: age after which changes are dropped; default 1 h
 */
public record StoreOptions(
        long blockCacheBytes,
        long writeBufferBytes,
        int maxWriteBuffers,
        long totalWriteBufferBytes,
        boolean sync,
        int maxIdBytes,
        int maxValueBytes,
        int maxTags,
        int maxPageSize,
        int defaultPageSize,
        long pendingRetryMs,
        int sweepLimit,
        long changeRetentionCount,
        long changeRetentionMs) {

    public StoreOptions {
        positive(blockCacheBytes, "block-cache-bytes");
        positive(writeBufferBytes, "write-buffer-bytes");
        positive(maxWriteBuffers, "max-write-buffers");
        positive(totalWriteBufferBytes, "total-write-buffer-bytes");
        positive(maxIdBytes, "max-id-bytes");
        positive(maxValueBytes, "max-value-bytes");
        positive(maxTags, "max-tags");
        positive(maxPageSize, "max-page-size");
        positive(defaultPageSize, "default-page-size");
        positive(pendingRetryMs, "pending-retry-ms");
        positive(sweepLimit, "sweep-limit");
        positive(changeRetentionCount, "change-retention-count");
        positive(changeRetentionMs, "change-retention-ms");
        if (defaultPageSize > maxPageSize) {
            throw new IllegalArgumentException("default-page-size above max-page-size");
        }
    }

    private static void positive(long v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + v);
        }
    }

    public static StoreOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.blockCacheBytes = blockCacheBytes;
        b.writeBufferBytes = writeBufferBytes;
        b.maxWriteBuffers = maxWriteBuffers;
        b.totalWriteBufferBytes = totalWriteBufferBytes;
        b.sync = sync;
        b.maxIdBytes = maxIdBytes;
        b.maxValueBytes = maxValueBytes;
        b.maxTags = maxTags;
        b.maxPageSize = maxPageSize;
        b.defaultPageSize = defaultPageSize;
        b.pendingRetryMs = pendingRetryMs;
        b.sweepLimit = sweepLimit;
        b.changeRetentionCount = changeRetentionCount;
        b.changeRetentionMs = changeRetentionMs;
        return b;
    }

    /** Builds {@link StoreOptions}; starts from the defaults. Not thread-safe. */
    public static final class Builder {
        private long blockCacheBytes = 32L << 20;
        private long writeBufferBytes = 8L << 20;
        private int maxWriteBuffers = 2;
        private long totalWriteBufferBytes = 32L << 20;
        private boolean sync;
        private int maxIdBytes = 1024;
        private int maxValueBytes = 1 << 20;
        private int maxTags = 64;
        private int maxPageSize = 1000;
        private int defaultPageSize = 100;
        private long pendingRetryMs = 30_000;
        private int sweepLimit = 1000;
        private long changeRetentionCount = 100_000;
        private long changeRetentionMs = 3_600_000;

        private Builder() {}

        public Builder blockCacheBytes(long v) {
            blockCacheBytes = v;
            return this;
        }

        public Builder writeBufferBytes(long v) {
            writeBufferBytes = v;
            return this;
        }

        public Builder maxWriteBuffers(int v) {
            maxWriteBuffers = v;
            return this;
        }

        public Builder totalWriteBufferBytes(long v) {
            totalWriteBufferBytes = v;
            return this;
        }

        public Builder sync(boolean v) {
            sync = v;
            return this;
        }

        public Builder maxIdBytes(int v) {
            maxIdBytes = v;
            return this;
        }

        public Builder maxValueBytes(int v) {
            maxValueBytes = v;
            return this;
        }

        public Builder maxTags(int v) {
            maxTags = v;
            return this;
        }

        public Builder maxPageSize(int v) {
            maxPageSize = v;
            return this;
        }

        public Builder defaultPageSize(int v) {
            defaultPageSize = v;
            return this;
        }

        public Builder pendingRetryMs(long v) {
            pendingRetryMs = v;
            return this;
        }

        public Builder sweepLimit(int v) {
            sweepLimit = v;
            return this;
        }

        public Builder changeRetentionCount(long v) {
            changeRetentionCount = v;
            return this;
        }

        public Builder changeRetentionMs(long v) {
            changeRetentionMs = v;
            return this;
        }

        public StoreOptions build() {
            return new StoreOptions(
                    blockCacheBytes,
                    writeBufferBytes,
                    maxWriteBuffers,
                    totalWriteBufferBytes,
                    sync,
                    maxIdBytes,
                    maxValueBytes,
                    maxTags,
                    maxPageSize,
                    defaultPageSize,
                    pendingRetryMs,
                    sweepLimit,
                    changeRetentionCount,
                    changeRetentionMs);
        }
    }
}
