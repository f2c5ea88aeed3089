package io.haven.storage.internal;

import java.util.List;
import java.util.Map;

/** A readable view of the column families: the database, or writes not yet committed layered over it. */
public interface Layer {
    /** The value stored under {@code key}, or null if there is none. */
    byte[] get(Cf cf, byte[] key);

    /**
     * Up to {@code limit} entries with {@code from <= key < to} in key order ({@code to} null: no upper bound).
     */
    List<Map.Entry<byte[], byte[]>> scan(Cf cf, byte[] from, byte[] to, int limit);
}
