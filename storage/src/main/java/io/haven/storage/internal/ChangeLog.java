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
    /** Most expired entries one batch looks at, so that a batch stays small. */
    private static final int AGE_SCAN = 4096;

    private final StoreOptions options;

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

    public static void writeMeta(Overlay batch, AppliedIndex applied, long revision, long oldest) {
        byte[] a = new byte[16];
        System.arraycopy(Keys.u64(applied.term()), 0, a, 0, 8);
        System.arraycopy(Keys.u64(applied.index()), 0, a, 8, 8);
        batch.put(Cf.META, APPLIED, a);
        batch.put(Cf.META, REVISION, Keys.u64(revision));
        batch.put(Cf.META, OLDEST, Keys.u64(oldest));
    }

    /** The oldest revision to keep after this batch; entries below it are to be deleted. */
    public long retain(Layer batch, long now, long oldest, long revision) {
        long keep = oldest;
        if (revision - keep + 1 > options.changeRetentionCount()) {
            keep = revision - options.changeRetentionCount() + 1;
        }
        long cutoff = now - options.changeRetentionMs();
        // Read a few entries at a time: usually the first one is young enough and ends the look.
        int looked = 0;
        int chunk = 8;
        while (looked < AGE_SCAN) {
            List<Map.Entry<byte[], byte[]>> entries =
                    batch.scan(Cf.CHANGES, Keys.u64(keep), Keys.u64(revision + 1), chunk);
            for (Map.Entry<byte[], byte[]> e : entries) {
                if (Codec.changeTime(e.getValue()) >= cutoff) {
                    return Math.min(keep, revision + 1);
                }
                keep = Keys.u64(e.getKey(), 0) + 1;
            }
            if (entries.size() < chunk) {
                break;
            }
            looked += chunk;
            chunk = Math.min(chunk * 4, 1024);
        }
        return Math.min(keep, revision + 1);
    }

    public static List<Change> read(Layer layer, long fromRev, int limit) {
        List<Change> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : layer.scan(Cf.CHANGES, Keys.u64(fromRev), null, limit)) {
            out.add(Codec.change(e.getValue()));
        }
        return out;
    }
}
