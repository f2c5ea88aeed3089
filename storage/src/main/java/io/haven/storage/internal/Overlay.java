package io.haven.storage.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Writes not yet committed, layered over a parent view: reads see this layer's writes first. A batch has one
 * overlay over the database and each command one over the batch's, so a command sees the earlier commands of its
 * batch, and a failed command is dropped by discarding its overlay. Confined to the applying thread.
 */
public final class Overlay implements Layer {
    /** Marks a deleted key; compared by identity, never stored. */
    private static final byte[] TOMBSTONE = new byte[0];

    private final Layer parent;

    @SuppressWarnings("unchecked")
    private final TreeMap<byte[], byte[]>[] writes = new TreeMap[Cf.values().length];

    public Overlay(Layer parent) {
        this.parent = parent;
    }

    private TreeMap<byte[], byte[]> map(Cf cf) {
        TreeMap<byte[], byte[]> m = writes[cf.ordinal()];
        if (m == null) {
            m = new TreeMap<>(Arrays::compareUnsigned);
            writes[cf.ordinal()] = m;
        }
        return m;
    }

    public void put(Cf cf, byte[] key, byte[] value) {
        map(cf).put(key, value);
    }

    public void delete(Cf cf, byte[] key) {
        map(cf).put(key, TOMBSTONE);
    }

    @Override
    public byte[] get(Cf cf, byte[] key) {
        TreeMap<byte[], byte[]> m = writes[cf.ordinal()];
        if (m != null) {
            byte[] v = m.get(key);
            if (v != null) {
                return v == TOMBSTONE ? null : v;
            }
        }
        return parent.get(cf, key);
    }

    @Override
    public List<Map.Entry<byte[], byte[]>> scan(Cf cf, byte[] from, byte[] to, int limit) {
        if (to != null && Arrays.compareUnsigned(from, to) >= 0) {
            return new ArrayList<>();
        }
        TreeMap<byte[], byte[]> m = writes[cf.ordinal()];
        if (m == null || m.isEmpty()) {
            return parent.scan(cf, from, to, limit);
        }
        NavigableMap<byte[], byte[]> mine = to == null ? m.tailMap(from, true) : m.subMap(from, true, to, false);
        int tombstones = 0;
        for (byte[] v : mine.values()) {
            if (v == TOMBSTONE) {
                tombstones++;
            }
        }
        // Each tombstone hides at most one parent entry, so this many parent entries are enough for the limit.
        List<Map.Entry<byte[], byte[]>> below =
                parent.scan(cf, from, to, (int) Math.min(Integer.MAX_VALUE, (long) limit + tombstones));
        List<Map.Entry<byte[], byte[]>> out = new ArrayList<>(Math.min(limit, below.size() + mine.size()));
        Iterator<Map.Entry<byte[], byte[]>> a = mine.entrySet().iterator();
        Iterator<Map.Entry<byte[], byte[]>> b = below.iterator();
        Map.Entry<byte[], byte[]> x = a.hasNext() ? a.next() : null;
        Map.Entry<byte[], byte[]> y = b.hasNext() ? b.next() : null;
        while (out.size() < limit && (x != null || y != null)) {
            int c = x == null ? 1 : y == null ? -1 : Arrays.compareUnsigned(x.getKey(), y.getKey());
            if (c <= 0) {
                if (x.getValue() != TOMBSTONE) {
                    out.add(x);
                }
                x = a.hasNext() ? a.next() : null;
                if (c == 0) {
                    y = b.hasNext() ? b.next() : null;
                }
            } else {
                out.add(y);
                y = b.hasNext() ? b.next() : null;
            }
        }
        return out;
    }

    /** Moves this layer's writes into {@code target} (normally its parent). */
    public void mergeInto(Overlay target) {
        for (int i = 0; i < writes.length; i++) {
            if (writes[i] != null) {
                TreeMap<byte[], byte[]> t = target.writes[i];
                if (t == null) {
                    target.writes[i] = writes[i];
                } else {
                    t.putAll(writes[i]);
                }
                writes[i] = null;
            }
        }
    }

    void writeTo(WriteBatch batch, Db db) throws RocksDBException {
        Cf[] cfs = Cf.values();
        for (int i = 0; i < writes.length; i++) {
            if (writes[i] == null) {
                continue;
            }
            for (Map.Entry<byte[], byte[]> e : writes[i].entrySet()) {
                if (e.getValue() == TOMBSTONE) {
                    db.delete(batch, cfs[i], e.getKey());
                } else {
                    db.put(batch, cfs[i], e.getKey(), e.getValue());
                }
            }
        }
    }
}
