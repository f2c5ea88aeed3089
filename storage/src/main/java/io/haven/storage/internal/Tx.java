package io.haven.storage.internal;

import io.haven.protocol.data.Change;
import io.haven.protocol.data.Kv;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.TaskState;
import io.haven.storage.StoreOptions;
import io.haven.storage.TaskPush;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The context one command runs in: its time, its private overlay of writes, and the changes and pushes it makes.
 * Typed accessors keep the secondary column families (timeouts, pids, callbacks) in step with promises and tasks,
 * and give every change the next revision. Confined to the applying thread.
 */
public final class Tx {
    private final Overlay layer;
    private final long now;
    private final StoreOptions options;
    private final boolean recording;
    private long rev;
    private final List<Change> changes = new ArrayList<>();
    /** The change-log records of {@link #changes}, as written: what the store's hash chain folds in. */
    private final List<byte[]> records = new ArrayList<>();

    private final List<TaskPush> pushes = new ArrayList<>();

    /**
     * @param recording false for reads: timeouts are computed on a throwaway overlay and no change is logged
     */
    public Tx(Overlay layer, long now, long rev, StoreOptions options, boolean recording) {
        this.layer = layer;
        this.now = now;
        this.rev = rev;
        this.options = options;
        this.recording = recording;
    }

    public long now() {
        return now;
    }

    public StoreOptions options() {
        return options;
    }

    public Overlay layer() {
        return layer;
    }

    /** The revision of the last change made so far. */
    public long revision() {
        return rev;
    }

    public List<Change> changes() {
        return changes;
    }

    /** The change-log records of {@link #changes()}, in the same order, as written to the log. */
    public List<byte[]> records() {
        return records;
    }

    public List<TaskPush> pushes() {
        return pushes;
    }

    public void push(TaskPush p) {
        pushes.add(p);
    }

    private long record(java.util.function.LongFunction<Change> change) {
        if (!recording) {
            return rev;
        }
        rev++;
        Change c = change.apply(rev);
        changes.add(c);
        byte[] record = Codec.change(now, c);
        records.add(record);
        layer.put(Cf.CHANGES, Keys.u64(rev), record);
        return rev;
    }

    // ---- promises

    public Optional<Promise> promise(String id) {
        byte[] b = layer.get(Cf.PROMISES, Keys.utf8(id));
        return b == null ? Optional.empty() : Optional.of(Codec.promise(b));
    }

    /** Stores {@code next} (replacing {@code old}, if any) and keeps its timeout entry in step. */
    public void savePromise(Optional<Promise> old, Promise next) {
        if (old.isPresent() && old.get().state().isPending()) {
            layer.delete(Cf.TIMEOUTS, Keys.timeout(old.get().timeout(), Keys.TIMEOUT_PROMISE, next.id()));
        }
        if (next.state().isPending()) {
            layer.put(Cf.TIMEOUTS, Keys.timeout(next.timeout(), Keys.TIMEOUT_PROMISE, next.id()), new byte[0]);
        }
        layer.put(Cf.PROMISES, Keys.utf8(next.id()), Codec.promise(next));
        record(r -> new Change.PromiseChanged(r, next));
    }

    /** Promises with ids in {@code [from, to)}, in id order. */
    public List<Promise> promises(byte[] from, byte[] to, int limit) {
        List<Promise> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : layer.scan(Cf.PROMISES, from, to, limit)) {
            out.add(Codec.promise(e.getValue()));
        }
        return out;
    }

    // ---- tasks

    public Optional<TaskRow> task(String id) {
        byte[] b = layer.get(Cf.TASKS, Keys.utf8(id));
        return b == null ? Optional.empty() : Optional.of(Codec.task(b));
    }

    private static boolean timed(TaskRow t) {
        return (t.state() == TaskState.PENDING || t.state() == TaskState.ACQUIRED)
                && t.task().expiresOn() > 0;
    }

    /** Stores {@code next} (replacing {@code old}, if any) and keeps its expiry and pid entries in step. */
    public void saveTask(Optional<TaskRow> old, TaskRow next) {
        String id = next.id();
        if (old.isPresent()) {
            TaskRow o = old.get();
            if (timed(o)) {
                layer.delete(Cf.TIMEOUTS, Keys.timeout(o.task().expiresOn(), Keys.TIMEOUT_TASK, id));
            }
            if (o.state() == TaskState.ACQUIRED) {
                layer.delete(Cf.PIDS, Keys.pidTask(o.task().pid(), id));
            }
        }
        if (timed(next)) {
            layer.put(Cf.TIMEOUTS, Keys.timeout(next.task().expiresOn(), Keys.TIMEOUT_TASK, id), new byte[0]);
        }
        if (next.state() == TaskState.ACQUIRED) {
            layer.put(Cf.PIDS, Keys.pidTask(next.task().pid(), id), new byte[0]);
        }
        layer.put(Cf.TASKS, Keys.utf8(id), Codec.task(next));
        record(r -> new Change.TaskChanged(r, next.task()));
    }

    /** Ids of the tasks {@code pid} holds, in id order. */
    public List<String> tasksOf(String pid) {
        byte[] prefix = Keys.pidPrefix(pid);
        List<String> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : layer.scan(Cf.PIDS, prefix, Keys.prefixEnd(prefix), Integer.MAX_VALUE)) {
            out.add(Keys.pairSecond(e.getKey(), prefix));
        }
        return out;
    }

    // ---- callbacks

    /** Records that {@code awaiter} waits on {@code awaited}; false if it already did. */
    public boolean addCallback(String awaited, String awaiter) {
        byte[] f = Keys.forward(awaited, awaiter);
        if (layer.get(Cf.CALLBACKS, f) != null) {
            return false;
        }
        layer.put(Cf.CALLBACKS, f, new byte[0]);
        layer.put(Cf.CALLBACKS, Keys.reverse(awaiter, awaited), new byte[0]);
        return true;
    }

    public void removeCallback(String awaited, String awaiter) {
        layer.delete(Cf.CALLBACKS, Keys.forward(awaited, awaiter));
        layer.delete(Cf.CALLBACKS, Keys.reverse(awaiter, awaited));
    }

    /** Who waits on {@code awaited}, in id order. */
    public List<String> awaiters(String awaited) {
        return seconds(Keys.forwardPrefix(awaited));
    }

    /** What {@code awaiter} waits on, in id order. */
    public List<String> awaitedBy(String awaiter) {
        return seconds(Keys.reversePrefix(awaiter));
    }

    private List<String> seconds(byte[] prefix) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e :
                layer.scan(Cf.CALLBACKS, prefix, Keys.prefixEnd(prefix), Integer.MAX_VALUE)) {
            out.add(Keys.pairSecond(e.getKey(), prefix));
        }
        return out;
    }

    // ---- timeouts

    /** Up to {@code limit} keys of timeout entries due at {@code now}, earliest first. */
    public List<byte[]> due(int limit) {
        List<byte[]> out = new ArrayList<>();
        byte[] to = Keys.prefixEnd(Keys.time(now));
        for (Map.Entry<byte[], byte[]> e : layer.scan(Cf.TIMEOUTS, Keys.time(Long.MIN_VALUE), to, limit)) {
            out.add(e.getKey());
        }
        return out;
    }

    // ---- kv

    public Optional<Kv> kv(String key) {
        byte[] b = layer.get(Cf.KV, Keys.utf8(key));
        return b == null ? Optional.empty() : Optional.of(Codec.kv(b));
    }

    /** Stores a new version of an entry; returns it with the revision of this change. */
    public Kv putKv(String key, byte[] value, String contentType, long version) {
        Kv kv = new Kv(key, value, contentType, version, recording ? rev + 1 : rev);
        record(r -> new Change.KvChanged(r, kv));
        layer.put(Cf.KV, Keys.utf8(key), Codec.kv(kv));
        return kv;
    }

    /** Deletes an entry; returns the revision of this change. */
    public long deleteKv(String key) {
        long r = record(x -> new Change.KvRemoved(x, key));
        layer.delete(Cf.KV, Keys.utf8(key));
        return r;
    }

    public List<Kv> kvs(byte[] from, byte[] to, int limit) {
        List<Kv> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : layer.scan(Cf.KV, from, to, limit)) {
            out.add(Codec.kv(e.getValue()));
        }
        return out;
    }
}
