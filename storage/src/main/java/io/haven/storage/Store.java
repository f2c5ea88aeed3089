package io.haven.storage;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.storage.internal.ChangeLog;
import io.haven.storage.internal.Core;
import io.haven.storage.internal.Db;
import io.haven.storage.internal.Overlay;
import io.haven.storage.internal.StorageFault;
import io.haven.storage.internal.Tx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated state of one quorum: promises, tasks, key/value entries and the change log, in RocksDB.
 *
 * <p>The store is a deterministic state machine: {@link #applyBatch} takes commands and the leader's time and
 * gives the same state, outcomes, changes and pushes on every replica. It never reads a clock. Each batch is one
 * atomic RocksDB write that also records the batch's {@code term#index} and the last revision, so a store is
 * always exactly "the log applied up to {@link #applied()}".
 *
 * <p>Threads: {@link #applyBatch} is called by one thread at a time (the state machine's applier); {@link #read},
 * {@link #changesSince} and the accessors may be called from any thread at any time and see whole batches only.
 * {@link #close()} must not race other calls. Failures of requests are outcomes or {@link HavenException}s;
 * failures of the engine are {@link StoreException}s.
 */
public final class Store implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);

    private final Db db;
    private final StoreOptions options;
    private final Core core;
    private final ChangeLog changeLog;
    private volatile AppliedIndex applied;
    private volatile long revision;
    private volatile long oldest;
    private volatile long time;
    private volatile boolean closed;
    /** The hash chain as of the applied index; replaced, never changed, by the applying thread. */
    private volatile Chain chain;
    /** Folds changes into the chain; the applying thread's only. */
    private final java.security.MessageDigest sha256;

    private Store(Db db, StoreOptions options) {
        this.db = db;
        this.options = options;
        this.core = new Core(options);
        this.changeLog = new ChangeLog(options);
        this.applied = ChangeLog.applied(db.layer());
        this.revision = ChangeLog.revision(db.layer());
        this.oldest = ChangeLog.oldest(db.layer());
        this.time = ChangeLog.time(db.layer());
        this.chain = ChangeLog.chain(db.layer());
        try {
            this.sha256 = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Opens the store in {@code dir}, creating it if needed. A directory written by {@link #checkpoint} opens like
     * any other (copy it first if the checkpoint must stay untouched).
     */
    public static Store open(Path dir, StoreOptions options) throws StoreException {
        Objects.requireNonNull(options, "options");
        try {
            Files.createDirectories(dir);
            return new Store(Db.open(dir, options, false), options);
        } catch (RocksDBException | java.io.IOException e) {
            throw new StoreException("cannot open store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The applied index recorded in a store or checkpoint directory, read without changing it. */
    public static AppliedIndex appliedIndexOf(Path dir) throws StoreException {
        if (!Files.isDirectory(dir)) {
            throw new StoreException("no store in " + dir);
        }
        try (Db ro =
                Db.open(dir, StoreOptions.builder().blockCacheBytes(1 << 20).build(), true)) {
            return ChangeLog.applied(ro.layer());
        } catch (RocksDBException | StorageFault e) {
            throw new StoreException("cannot read the applied index in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies {@code commands} in order as one atomic write, with the log position {@code term#index} and the
     * leader's time {@code now} (ms since the epoch). A failing command changes nothing and does not affect the
     * others; later commands see the writes of earlier ones. Changes get consecutive revisions.
     *
     * @throws IllegalArgumentException if {@code index} is not above the applied index
     * @throws StoreException if the engine failed; then nothing of the batch was written
     */
    public synchronized ApplyResult applyBatch(long term, long index, long now, List<Command> commands)
            throws StoreException {
        ensureOpen();
        AppliedIndex before = applied;
        if (index <= before.index()) {
            throw new IllegalArgumentException("index " + index + " is not above the applied index " + before);
        }
        Overlay batch = new Overlay(db.layer());
        long rev = revision;
        byte[] hash = chain.hash();
        List<Outcome> outcomes = new ArrayList<>(commands.size());
        List<Change> changes = new ArrayList<>();
        List<TaskPush> pushes = new ArrayList<>();
        try {
            for (Command command : commands) {
                Overlay mine = new Overlay(batch);
                Tx tx = new Tx(mine, now, rev, options, true);
                Outcome outcome;
                try {
                    outcome = command instanceof Command.Data d
                            ? new Outcome.Success(core.execute(tx, d.request()))
                            : core.tick(tx);
                } catch (HavenException e) {
                    outcomes.add(Outcome.Failure.of(e));
                    continue;
                } catch (StorageFault e) {
                    throw e;
                } catch (RuntimeException e) {
                    // Deterministic: every replica fails this command the same way, so failing it keeps them equal.
                    LOG.error("command {} failed at {}#{}", command, term, index, e);
                    outcomes.add(new Outcome.Failure(
                            HavenError.of(ErrorCode.GENERIC, "internal error: " + e),
                            ErrorCode.GENERIC.defaultStatus()));
                    continue;
                }
                mine.mergeInto(batch);
                hash = fold(hash, tx.changes(), tx.records());
                rev = tx.revision();
                outcomes.add(outcome);
                changes.addAll(tx.changes());
                pushes.addAll(tx.pushes());
            }
            long newOldest = changeLog.retain(batch, now, oldest, rev);
            AppliedIndex after = new AppliedIndex(term, index);
            ChangeLog.writeMeta(batch, after, now, rev, newOldest);
            ChangeLog.writeChain(batch, chain.origin(), hash);
            db.write(batch);
            chain = new Chain(index, chain.origin(), hash);
            revision = rev;
            oldest = newOldest;
            time = now;
            applied = after;
        } catch (StorageFault e) {
            changeLog.forget();
            throw new StoreException("apply of " + term + "#" + index + " failed: " + e.getMessage(), e);
        } catch (RocksDBException e) {
            changeLog.forget();
            throw new StoreException("write of " + term + "#" + index + " failed: " + e.getMessage(), e);
        }
        return new ApplyResult(term, index, outcomes, changes, pushes);
    }

    /** {@code hash} with each change folded in: {@code SHA-256(hash, revision, record)}, in revision order. */
    private byte[] fold(byte[] hash, List<Change> changes, List<byte[]> records) {
        for (int i = 0; i < changes.size(); i++) {
            sha256.update(hash);
            sha256.update(io.haven.storage.internal.Keys.u64(changes.get(i).rev()));
            sha256.update(records.get(i));
            hash = sha256.digest();
        }
        return hash;
    }

    /** The hash chain of everything applied, as of the applied index ({@link Chain}). */
    public Chain chain() {
        return chain;
    }

    /**
     * Answers a read kind (promise.get, promise.search, task.get, kv.get, kv.list) from the last applied batch,
     * without writing. Timeouts are applied lazily: a pending promise past its timeout reads as REJECTED_TIMEDOUT
     * (RESOLVED for timers) with {@code settled_on} = its timeout, and its task as FULFILLED.
     *
     * @throws HavenException when the request is refused (404, 400, 413)
     * @throws IllegalArgumentException for a write kind (those go through {@link #applyBatch})
     */
    public DataResponse read(DataRequest request, long now) throws StoreException {
        ensureOpen();
        if (request.kind().isWrite()) {
            throw new IllegalArgumentException(request.kind().wireName() + " is a write; apply it");
        }
        try {
            return db.withSnapshot(
                    layer -> core.execute(new Tx(new Overlay(layer), now, revision, options, false), request));
        } catch (StorageFault e) {
            throw new StoreException("read failed: " + e.getMessage(), e);
        }
    }

    /** The log position of the last applied batch. */
    public AppliedIndex applied() {
        return applied;
    }

    public long appliedIndex() {
        return applied.index();
    }

    public long appliedTerm() {
        return applied.term();
    }

    /**
     * The time ({@code now}) of the last applied batch, 0 before the first; kept with the data so that a restarted
     * replica can refuse to let time go backwards.
     */
    public long time() {
        return time;
    }

    /** The revision of the last committed change (0 before the first). */
    public long revision() {
        return revision;
    }

    /** The oldest revision the change log still holds ({@code revision() + 1} when it holds none). */
    public long oldestRevision() {
        return oldest;
    }

    /**
     * Up to {@code limit} changes with revision {@code >= fromRev}, in order. Revisions below {@link
     * #oldestRevision()} are gone: a caller asking for them must check first (and cancel the watch).
     */
    public List<Change> changesSince(long fromRev, int limit) throws StoreException {
        ensureOpen();
        try {
            return ChangeLog.read(db.layer(), Math.max(fromRev, 1), limit);
        } catch (StorageFault e) {
            throw new StoreException("change log read failed: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a consistent copy of the store (a RocksDB checkpoint: hard links where possible) into {@code target},
     * which must not exist yet. {@link #open} on it gives this store as of its applied index ({@link
     * #appliedIndexOf}).
     */
    public void checkpoint(Path target) throws StoreException {
        ensureOpen();
        try {
            db.checkpoint(target);
        } catch (RocksDBException e) {
            throw new StoreException("checkpoint into " + target + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Makes every applied batch durable (syncs the write-ahead log), so the applied index survives a machine crash;
     * the Raft log below it may then be purged.
     */
    public void flush() throws StoreException {
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            throw new StoreException("sync failed: " + e.getMessage(), e);
        }
    }

    /** Closes every native handle. The store must not be used afterwards. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            db.close();
        }
    }

    /** A closed RocksDB handle would crash the JVM, not throw: refuse early instead. */
    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
    }
}
