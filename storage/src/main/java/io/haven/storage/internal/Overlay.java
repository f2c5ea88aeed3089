package io.haven.storage.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
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

    private final EnumMap<Cf, TreeMap<byte[], byte[]>> writes = new EnumMap<>(Cf.class);

    public Overlay(Layer parent) {
        this.parent = parent;
    }

    private TreeMap<byte[], byte[]> map(Cf cf) {
        return writes.computeIfAbsent(cf, c -> new TreeMap<>(Arrays::compareUnsigned));
    }

    public void put(Cf cf, byte[] key, byte[] value) {
        map(cf).put(key, value);
    }

    public void delete(Cf cf, byte[] key) {
        map(cf).put(key, TOMBSTONE);
    }

    @Override
    public byte[] get(Cf cf, byte[] key) {
        TreeMap<byte[], byte[]> m = writes.get(cf);
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
        TreeMap<byte[], byte[]> m = writes.get(cf);
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
        for (Map.Entry<Cf, TreeMap<byte[], byte[]>> e : writes.entrySet()) {
            TreeMap<byte[], byte[]> t = target.writes.get(e.getKey());
            if (t == null) {
                target.writes.put(e.getKey(), e.getValue());
            } else {
                t.putAll(e.getValue());
            }
        }
        writes.clear();
    }

    void writeTo(WriteBatch batch, Db db) throws RocksDBException {
        for (Map.Entry<Cf, TreeMap<byte[], byte[]>> w : writes.entrySet()) {
            for (Map.Entry<byte[], byte[]> e : w.getValue().entrySet()) {
                if (e.getValue() == TOMBSTONE) {
                    db.delete(batch, w.getKey(), e.getKey());
                } else {
                    db.put(batch, w.getKey(), e.getKey(), e.getValue());
                }
            }
        }
    }
}
