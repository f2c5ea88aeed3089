package io.haven.quorum.internal;

import io.haven.protocol.HavenException;
import io.haven.storage.Store;
import io.haven.storage.StoreException;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The store of one replica, and the lock that keeps reads out of it while it is replaced: a checkpoint install or a
 * repair swaps the store under the write lock, every read of it (queries, the change log, a checkpoint served) runs
 * under the read lock, so no read ever touches a closed RocksDB. The apply thread reads {@link #current()} without
 * the lock: only it, or Ratis while the group is paused, replaces the store.
 */
final class StoreSlot {
    /** A read of the store; a closed slot answers UNAVAILABLE before it runs. */
    interface Read<T> {
        T apply(Store store) throws StoreException, IOException;
    }

    /** A replacement of the store, run under the write lock. */
    interface Swap {
        void run() throws IOException, StoreException;
    }

    private final String what;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile Store store;

    /** @param what names the quorum in errors */
    StoreSlot(String what) {
        this.what = what;
    }

    /** The open store, or null while there is none (before open, during a swap, after close). */
    Store current() {
        return store;
    }

    void set(Store s) {
        store = s;
    }

    /** Runs {@code read} under the read lock; UNAVAILABLE when closed or the store fails. */
    <T> T read(Read<T> read) {
        lock.readLock().lock();
        try {
            Store s = store;
            if (s == null) {
                throw HavenException.unavailable("quorum " + what + " is closed", what);
            }
            return read.apply(s);
        } catch (StoreException | IOException e) {
            throw HavenException.unavailable("quorum " + what + " cannot read its store: " + e.getMessage(), what);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Closes the current store (if any) and runs {@code swap}, which opens the next, under the write lock. */
    void replace(Swap swap) throws IOException, StoreException {
        lock.writeLock().lock();
        try {
            Store old = store;
            store = null;
            if (old != null) {
                old.close();
            }
            swap.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    void close() {
        lock.writeLock().lock();
        try {
            Store s = store;
            store = null;
            if (s != null) {
                s.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
