package io.haven.storage.internal;

import io.haven.protocol.data.Change;
import io.haven.storage.AppliedIndex;
import io.haven.storage.StoreOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The change log's retention and the store's meta entries. Retention is decided inside each batch from the batch's
 * time, so every replica keeps the same window: at most change-retention-count changes, none older than
 * change-retention-ms (the newest batch's changes are always kept).
 */
public final class ChangeLog {
    private static final byte[] APPLIED = Keys.utf8("applied");
    private static final byte[] REVISION = Keys.utf8("revision");
    private static final byte[] OLDEST = Keys.utf8("oldest");
    private static final byte[] TIME = Keys.utf8("time");
    private static final byte[] CHAIN = Keys.utf8("chain");
    /** Most entries one batch deletes, so that a batch stays small. */
    private static final int MAX_TRIM = 4096;

    private static final long UNKNOWN = Long.MIN_VALUE;

    private final StoreOptions options;

    /**
     * The time of the oldest kept entry, when known: a cache that spares most batches a read of the log. Only
     * the applying thread uses it.
     */
    private long oldestTime = UNKNOWN;

    public ChangeLog(StoreOptions options) {
        this.options = options;
    }

    public static AppliedIndex applied(Layer layer) {
        byte[] b = layer.get(Cf.META, APPLIED);
        return b == null ? AppliedIndex.NONE : new AppliedIndex(Keys.u64(b, 0), Keys.u64(b, 8));
    }

    public static long revision(Layer layer) {
        byte[] b = layer.get(Cf.META, REVISION);
        return b == null ? 0 : Keys.u64(b, 0);
    }

    public static long oldest(Layer layer) {
        byte[] b = layer.get(Cf.META, OLDEST);
        return b == null ? 1 : Keys.u64(b, 0);
    }

    public static long time(Layer layer) {
        byte[] b = layer.get(Cf.META, TIME);
        return b == null ? 0 : Keys.u64(b, 0);
    }

    /**
     * The store's hash chain as recorded with its last batch; a store written before the chain existed has none and
     * begins one at its revision (see {@link io.haven.storage.Chain}).
     */
    public static io.haven.storage.Chain chain(Layer layer) {
        byte[] b = layer.get(Cf.META, CHAIN);
        if (b == null) {
            return new io.haven.storage.Chain(
                    applied(layer).index(), revision(layer), new byte[io.haven.storage.Chain.HASH_BYTES]);
        }
        byte[] hash = java.util.Arrays.copyOfRange(b, 8, 8 + io.haven.storage.Chain.HASH_BYTES);
        return new io.haven.storage.Chain(applied(layer).index(), Keys.u64(b, 0), hash);
    }

    public static void writeChain(Overlay batch, long origin, byte[] hash) {
        byte[] b = new byte[8 + hash.length];
        System.arraycopy(Keys.u64(origin), 0, b, 0, 8);
        System.arraycopy(hash, 0, b, 8, hash.length);
        batch.put(Cf.META, CHAIN, b);
    }

    public static void writeMeta(Overlay batch, AppliedIndex applied, long time, long revision, long oldest) {
        byte[] a = new byte[16];
        System.arraycopy(Keys.u64(applied.term()), 0, a, 0, 8);
        System.arraycopy(Keys.u64(applied.index()), 0, a, 8, 8);
        batch.put(Cf.META, APPLIED, a);
        batch.put(Cf.META, REVISION, Keys.u64(revision));
        batch.put(Cf.META, OLDEST, Keys.u64(oldest));
        batch.put(Cf.META, TIME, Keys.u64(time));
    }

    /**
     * Trims the change log inside {@code batch} and returns the oldest revision kept. Entries are deleted one by
     * one (range deletions would pile up and slow every later read of the log), at most {@value #MAX_TRIM} per
     * batch, so a large backlog is worked off over several batches.
     */
    public long retain(Overlay batch, long now, long oldest, long revision) {
        long keep = oldest;
        if (revision - keep + 1 > options.changeRetentionCount()) {
            keep = revision - options.changeRetentionCount() + 1;
        }
        keep = Math.min(keep, oldest + MAX_TRIM);
        long cutoff = now - options.changeRetentionMs();
        if (oldestTime == UNKNOWN || oldestTime < cutoff || keep != oldest) {
            keep = ageCut(batch, keep, Math.min(revision + 1, oldest + MAX_TRIM), cutoff);
        }
        for (long r = oldest; r < keep; r++) {
            batch.delete(Cf.CHANGES, Keys.u64(r));
        }
        return keep;
    }

    /** The first revision in {@code [from, to)} at or after {@code cutoff}; remembers its time. */
    private long ageCut(Layer batch, long from, long to, long cutoff) {
        long keep = from;
        if (keep < to) {
            // Usually the first entry is young enough: one point read instead of an iterator.
            byte[] first = batch.get(Cf.CHANGES, Keys.u64(keep));
            if (first != null && Codec.changeTime(first) >= cutoff) {
                oldestTime = Codec.changeTime(first);
                return keep;
            }
        }
        int chunk = 8;
        while (keep < to) {
            List<Map.Entry<byte[], byte[]>> entries = batch.scan(Cf.CHANGES, Keys.u64(keep), Keys.u64(to), chunk);
            for (Map.Entry<byte[], byte[]> e : entries) {
                long time = Codec.changeTime(e.getValue());
                if (time >= cutoff) {
                    oldestTime = time;
                    return keep;
                }
                keep = Keys.u64(e.getKey(), 0) + 1;
            }
            if (entries.size() < chunk) {
                break;
            }
            chunk = Math.min(chunk * 4, 1024);
        }
        oldestTime = UNKNOWN;
        return Math.max(from, Math.min(keep, to));
    }

    /** Drops what {@link #retain} remembered, after a batch that was not written. */
    public void forget() {
        oldestTime = UNKNOWN;
    }

    public static List<Change> read(Layer layer, long fromRev, int limit) {
        List<Change> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : layer.scan(Cf.CHANGES, Keys.u64(fromRev), null, limit)) {
            out.add(Codec.change(e.getValue()));
        }
        return out;
    }
}
