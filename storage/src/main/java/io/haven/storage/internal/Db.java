package io.haven.storage.internal;

import io.haven.storage.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.rocksdb.AbstractNativeReference;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB database of one store with its column families and every native object it owns. Native objects are
 * closed explicitly, in the reverse order of their creation. Thread-safe as RocksDB is; {@link #close()} must not
 * race other calls.
 */
public final class Db implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private final List<AbstractNativeReference> owned;
    private final RocksDB rocks;
    private final ColumnFamilyHandle[] handles;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;
    private final Layer layer;

    private Db(
            List<AbstractNativeReference> owned,
            RocksDB rocks,
            ColumnFamilyHandle[] handles,
            WriteOptions writeOptions,
            ReadOptions readOptions) {
        this.owned = owned;
        this.rocks = rocks;
        this.handles = handles;
        this.writeOptions = writeOptions;
        this.readOptions = readOptions;
        this.layer = new View(readOptions);
    }

    /** Opens (creating if missing) the database in {@code dir}; read-only opens never write to it. */
    public static Db open(Path dir, StoreOptions o, boolean readOnly) throws RocksDBException {
        List<AbstractNativeReference> owned = new ArrayList<>();
        try {
            LRUCache cache = keep(owned, new LRUCache(o.blockCacheBytes()));
            WriteBufferManager wbm = keep(owned, new WriteBufferManager(o.totalWriteBufferBytes(), cache));
            BloomFilter bloom = keep(owned, new BloomFilter(10));
            BlockBasedTableConfig table = new BlockBasedTableConfig()
                    .setBlockCache(cache)
                    .setFilterPolicy(bloom)
                    // Index and filter blocks stay with their open table files (about 1.5 bytes per key) instead
                    // of competing for the block cache: most applies probe ids that do not exist, and a filter
                    // evicted from the cache made each such probe read and checksum it again.
                    .setCacheIndexAndFilterBlocks(false);
            ColumnFamilyOptions cfOptions = keep(
                    owned,
                    new ColumnFamilyOptions()
                            .setWriteBufferSize(o.writeBufferBytes())
                            .setMaxWriteBufferNumber(o.maxWriteBuffers())
                            // Most applies look up an id that does not exist yet: a memtable bloom filter
                            // answers those without walking the memtables.
                            .setMemtablePrefixBloomSizeRatio(0.1)
                            .setMemtableWholeKeyFiltering(true)
                            // Levels sized for a small store that is written all the time. With RocksDB's
                            // 256 MiB base level, a store under that size keeps all its data in one level that
                            // every L0 compaction rewrites whole, so compaction work per write grows with the
                            // store (in the 3-node create benchmark the leader's store compacted 35 s a minute
                            // after two minutes, BENCHMARKS.md). A base level as large as L0 at its compaction trigger
                            // (4 memtables), in files of one memtable, bounds what each compaction rewrites.
                            .setMaxBytesForLevelBase(4 * o.writeBufferBytes())
                            .setTargetFileSizeBase(o.writeBufferBytes())
                            .setCompressionType(org.rocksdb.CompressionType.LZ4_COMPRESSION)
                            .setTableFormatConfig(table));
            DBOptions dbOptions = keep(
                    owned,
                    new DBOptions()
                            .setCreateIfMissing(true)
                            .setCreateMissingColumnFamilies(true)
                            .setWriteBufferManager(wbm)
                            .setMaxBackgroundJobs(2)
                            .setKeepLogFileNum(3)
                            .setMaxTotalWalSize(4 * o.totalWriteBufferBytes()));
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            for (Cf cf : Cf.values()) {
                descriptors.add(new ColumnFamilyDescriptor(cf.nameBytes(), cfOptions));
            }
            List<ColumnFamilyHandle> handleList = new ArrayList<>();
            RocksDB rocks = readOnly
                    ? RocksDB.openReadOnly(dbOptions, dir.toString(), descriptors, handleList)
                    : RocksDB.open(dbOptions, dir.toString(), descriptors, handleList);
            // The handles must close before the database, which must close before its options.
            owned.add(rocks);
            handleList.forEach(owned::add);
            WriteOptions writeOptions = keep(owned, new WriteOptions().setSync(o.sync()));
            ReadOptions readOptions = keep(owned, new ReadOptions());
            return new Db(owned, rocks, handleList.toArray(new ColumnFamilyHandle[0]), writeOptions, readOptions);
        } catch (RocksDBException | RuntimeException e) {
            closeAll(owned);
            throw e;
        }
    }

    private static <T extends AbstractNativeReference> T keep(List<AbstractNativeReference> owned, T ref) {
        owned.add(ref);
        return ref;
    }

    private static void closeAll(List<AbstractNativeReference> owned) {
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).close();
        }
        owned.clear();
    }

    ColumnFamilyHandle handle(Cf cf) {
        return handles[cf.ordinal()];
    }

    /** The current committed state. */
    public Layer layer() {
        return layer;
    }

    /** Atomically writes {@code overlay}'s changes. */
    public void write(Overlay overlay) throws RocksDBException {
        try (WriteBatch batch = new WriteBatch()) {
            overlay.writeTo(batch, this);
            rocks.write(writeOptions, batch);
        }
    }

    void put(WriteBatch batch, Cf cf, byte[] key, byte[] value) throws RocksDBException {
        batch.put(handle(cf), key, value);
    }

    void delete(WriteBatch batch, Cf cf, byte[] key) throws RocksDBException {
        batch.delete(handle(cf), key);
    }

    /** Runs {@code body} over a consistent snapshot of the committed state. */
    public <T> T withSnapshot(java.util.function.Function<Layer, T> body) {
        Snapshot snapshot = rocks.getSnapshot();
        try (ReadOptions ro = new ReadOptions().setSnapshot(snapshot)) {
            return body.apply(new View(ro));
        } finally {
            rocks.releaseSnapshot(snapshot);
        }
    }

    /** Writes a RocksDB checkpoint (hard links where possible) into {@code target}, which must not exist. */
    /** Makes every write so far durable: the write-ahead log is synced to disk. */
    public void syncWal() throws RocksDBException {
        rocks.flushWal(true);
    }

    public void checkpoint(Path target) throws RocksDBException {
        rocks.flushWal(true);
        try (Checkpoint checkpoint = Checkpoint.create(rocks)) {
            checkpoint.createCheckpoint(target.toString());
        }
    }

    @Override
    public void close() {
        closeAll(owned);
    }

    /** A layer reading RocksDB through given read options. */
    private final class View implements Layer {
        private final ReadOptions ro;

        View(ReadOptions ro) {
            this.ro = ro;
        }

        @Override
        public byte[] get(Cf cf, byte[] key) {
            try {
                return rocks.get(handle(cf), ro, key);
            } catch (RocksDBException e) {
                throw new StorageFault("read of " + cf + " failed", e);
            }
        }

        @Override
        public List<Map.Entry<byte[], byte[]>> scan(Cf cf, byte[] from, byte[] to, int limit) {
            List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
            if (limit <= 0) {
                return out;
            }
            try (RocksIterator it = rocks.newIterator(handle(cf), ro)) {
                it.seek(from);
                while (it.isValid() && out.size() < limit) {
                    byte[] key = it.key();
                    if (to != null && Arrays.compareUnsigned(key, to) >= 0) {
                        break;
                    }
                    out.add(Map.entry(key, it.value()));
                    it.next();
                }
                it.status();
            } catch (RocksDBException e) {
                throw new StorageFault("scan of " + cf + " failed", e);
            }
            return out;
        }
    }
}
