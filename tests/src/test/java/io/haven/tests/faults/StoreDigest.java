package io.haven.tests.faults;

import io.haven.storage.StoreOptions;
import io.haven.storage.internal.Cf;
import io.haven.storage.internal.ChangeLog;
import io.haven.storage.internal.Db;
import io.haven.storage.internal.Keys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rocksdb.RocksDBException;

/**
 * The digest of a stopped member's quorum store, read offline (read-only) with the storage module's own {@link Db},
 * column family by column family as storage's DeterminismTest compares replicas: every key and value of every
 * column family, except the two meta entries that say where in the log the member stopped, {@code applied}
 * (term#index) and {@code time} (the last batch's time). The leader appends a tick entry every 500 ms, so members
 * stopped one after another stop a tick or two apart; a tick that changes nothing moves only those two entries,
 * and one that changes anything also moves the revision, which the digest covers.
 *
 * @param applied the member's applied index, {@code term#index}
 * @param revision the revision of its last change
 * @param entries how many key/value pairs went into the digest
 * @param sha256 hex
 */
record StoreDigest(String applied, long revision, long entries, String sha256) {
    private static final Set<String> PER_MEMBER_META = Set.of("applied", "time");
    private static final int PAGE = 1000;

    /** The store of {@code quorum} under a node's data directory. */
    static Path storeDir(Path data, String groupUuid) {
        return data.resolve("quorums").resolve(groupUuid).resolve("db");
    }

    static StoreDigest of(Path store) throws RocksDBException, NoSuchAlgorithmException {
        if (!Files.isDirectory(store)) {
            throw new AssertionError("no store at " + store);
        }
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long entries = 0;
        StoreOptions options = StoreOptions.builder().build();
        try (Db db = Db.open(store, options, true)) {
            for (Cf cf : Cf.values()) {
                md.update(cf.nameBytes());
                byte[] from = new byte[0];
                while (true) {
                    List<Map.Entry<byte[], byte[]>> page = db.layer().scan(cf, from, null, PAGE);
                    for (Map.Entry<byte[], byte[]> e : page) {
                        if (cf == Cf.META && PER_MEMBER_META.contains(new String(e.getKey(), StandardCharsets.UTF_8))) {
                            continue;
                        }
                        md.update(Keys.u64(e.getKey().length));
                        md.update(e.getKey());
                        md.update(Keys.u64(e.getValue().length));
                        md.update(e.getValue());
                        entries++;
                    }
                    if (page.size() < PAGE) {
                        break;
                    }
                    byte[] last = page.get(page.size() - 1).getKey();
                    from = Arrays.copyOf(last, last.length + 1);
                }
            }
            return new StoreDigest(
                    ChangeLog.applied(db.layer()).toString(),
                    ChangeLog.revision(db.layer()),
                    entries,
                    HexFormat.of().formatHex(md.digest()));
        }
    }
}
