package io.haven.storage.internal;

import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Kv;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Key/value semantics. {@code version} counts the writes of a key since it was (last) created, starting at 1;
 * {@code rev} is the revision of its last change. An expected version makes a write a compare-and-set:
 *
 * <pre>
 * op      expected version     entry              result
 * put     none (-1)            any                written, version+1 (201)
 * put     0                    absent             created, version 1 (201)
 * put     n > 0                version n          written, version n+1 (201)
 * put     otherwise                               409 CONFLICT, items = [key]
 * delete  none, or version n   present, matching  deleted (201 {deleted: true, rev: the delete's revision})
 * delete  none or 0            absent             nothing (200 {deleted: false, rev: current revision})
 * delete  otherwise                               409 CONFLICT
 * get     -                    absent             404
 * list    prefix, cursor       -                  keys after cursor in byte order (200 {kvs, cursor})
 * </pre>
 *
 * A list page continues strictly after the cursor key, so paging is stable while others write: every key present
 * during the whole listing is returned exactly once.
 */
public final class Kvs {
    private final Checks checks;

    public Kvs(Checks checks) {
        this.checks = checks;
    }

    public DataResponse get(Tx tx, DataRequest.KvGet r) {
        checks.id(r.key(), "key");
        Kv kv = tx.kv(r.key()).orElseThrow(() -> HavenException.notFound("no such key: " + r.key(), r.key()));
        return DataResponse.of(DataKind.KV_GET, DataResponse.OK, new DataResult.KvResult(kv));
    }

    private static void expect(Optional<Kv> current, long expected, String key) {
        if (expected == DataRequest.NO_VERSION) {
            return;
        }
        long actual = current.map(Kv::version).orElse(0L);
        if (actual != expected) {
            throw HavenException.conflict("key " + key + " is at version " + actual + ", not " + expected, key);
        }
    }

    private static void checkExpected(long expected) {
        if (expected < DataRequest.NO_VERSION) {
            throw HavenException.invalid("version must be -1 (none), 0 (absent) or positive", Checks.path("version"));
        }
    }

    public DataResponse put(Tx tx, DataRequest.KvPut r) {
        checks.id(r.key(), "key");
        checks.value(r.value(), "value");
        checks.text(r.contentType(), "content_type");
        checkExpected(r.expectedVersion());
        Optional<Kv> current = tx.kv(r.key());
        expect(current, r.expectedVersion(), r.key());
        long version = current.map(Kv::version).orElse(0L) + 1;
        Kv kv = tx.putKv(r.key(), r.value(), r.contentType(), version);
        return DataResponse.of(DataKind.KV_PUT, DataResponse.CREATED, new DataResult.KvResult(kv));
    }

    public DataResponse delete(Tx tx, DataRequest.KvDelete r) {
        checks.id(r.key(), "key");
        checkExpected(r.expectedVersion());
        Optional<Kv> current = tx.kv(r.key());
        expect(current, r.expectedVersion(), r.key());
        if (current.isEmpty()) {
            return DataResponse.of(
                    DataKind.KV_DELETE, DataResponse.OK, new DataResult.KvDeleted(r.key(), false, tx.revision()));
        }
        long rev = tx.deleteKv(r.key());
        return DataResponse.of(DataKind.KV_DELETE, DataResponse.CREATED, new DataResult.KvDeleted(r.key(), true, rev));
    }

    public DataResponse list(Tx tx, DataRequest.KvList r) {
        checks.text(r.prefix(), "prefix");
        checks.text(r.cursor(), "cursor");
        int limit = checks.limit(r.limit());
        byte[] prefix = Keys.utf8(r.prefix());
        byte[] from = prefix;
        if (!r.cursor().isEmpty()) {
            byte[] after = Keys.successor(Keys.utf8(r.cursor()));
            if (Arrays.compareUnsigned(after, from) > 0) {
                from = after;
            }
        }
        List<Kv> kvs = tx.kvs(from, Keys.prefixEnd(prefix), limit + 1);
        String cursor = "";
        if (kvs.size() > limit) {
            kvs = kvs.subList(0, limit);
            cursor = kvs.get(limit - 1).key();
        }
        return DataResponse.of(DataKind.KV_LIST, DataResponse.OK, new DataResult.KvPage(kvs, cursor));
    }
}
