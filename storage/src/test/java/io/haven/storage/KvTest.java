package io.haven.storage;

import static io.haven.storage.Fixture.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Kv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key/value table: versions, revisions, compare-and-set, deletes and paging. */
class KvTest {
    @TempDir
    Path dir;

    Fixture f;

    @BeforeEach
    void open() throws Exception {
        f = new Fixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private static DataRequest.KvPut put(String key, String value, long expected) {
        return new DataRequest.KvPut(key, bytes(value), "text/plain", expected);
    }

    private static Kv kvOf(DataResponse r) {
        return ((DataResult.KvResult) r.data()).kv();
    }

    private static DataResult.KvDeleted deletedOf(DataResponse r) {
        return (DataResult.KvDeleted) r.data();
    }

    @Test
    void putCountsTheKeysWritesAndStampsTheRevision() throws Exception {
        f.ok(1, put("/other", "x", DataRequest.NO_VERSION));
        DataResponse first = f.ok(1, put("/a", "1", DataRequest.NO_VERSION));
        assertEquals(201, first.status());
        assertEquals(new Kv("/a", bytes("1"), "text/plain", 1, 2), kvOf(first));
        assertEquals(List.of(new Change.KvChanged(2, kvOf(first))), f.last.changes());
        Kv second = kvOf(f.ok(1, put("/a", "2", DataRequest.NO_VERSION)));
        assertEquals(2, second.version());
        assertEquals(3, second.rev());
        Kv read = ((DataResult.KvResult)
                        f.store.read(new DataRequest.KvGet("/a"), 1).data())
                .kv();
        assertEquals(second, read);
    }

    @Test
    void putWithVersionZeroCreatesOnlyAnAbsentKey() throws Exception {
        assertEquals(1, kvOf(f.ok(1, put("/a", "1", 0))).version());
        f.assertFailure(f.fail(1, put("/a", "2", 0)), ErrorCode.CONFLICT, 409, "/a");
        assertArrayEquals(
                bytes("1"), kvOf(f.store.read(new DataRequest.KvGet("/a"), 1)).value());
    }

    @Test
    void putWithAStaleVersionIsAConflictAndWritesNothing() throws Exception {
        f.ok(1, put("/a", "1", DataRequest.NO_VERSION));
        f.ok(1, put("/a", "2", 1));
        long rev = f.store.revision();
        f.assertFailure(f.fail(1, put("/a", "3", 1)), ErrorCode.CONFLICT, 409, "/a");
        assertEquals(rev, f.store.revision());
        assertEquals(2, kvOf(f.store.read(new DataRequest.KvGet("/a"), 1)).version());
    }

    @Test
    void deleteOfAPresentKeyRemovesItWith201AndItsRevision() throws Exception {
        f.ok(1, put("/a", "1", DataRequest.NO_VERSION));
        DataResponse r = f.ok(1, new DataRequest.KvDelete("/a", 1));
        assertEquals(201, r.status());
        assertEquals(new DataResult.KvDeleted("/a", true, 2), deletedOf(r));
        assertEquals(List.of(new Change.KvRemoved(2, "/a")), f.last.changes());
        f.assertFailure(f.fail(1, new DataRequest.KvGet("/a")), ErrorCode.UNAVAILABLE, 404, "/a");
    }

    @Test
    void deleteOfAnAbsentKeyIs200WithDeletedFalseAndTheCurrentRevision() throws Exception {
        f.ok(1, put("/b", "1", DataRequest.NO_VERSION));
        DataResponse r = f.ok(1, new DataRequest.KvDelete("/a", DataRequest.NO_VERSION));
        assertEquals(200, r.status());
        assertEquals(new DataResult.KvDeleted("/a", false, 1), deletedOf(r));
        assertTrue(f.last.changes().isEmpty());
    }

    @Test
    void deleteWithAStaleVersionIsAConflict() throws Exception {
        f.ok(1, put("/a", "1", DataRequest.NO_VERSION));
        f.assertFailure(f.fail(1, new DataRequest.KvDelete("/a", 7)), ErrorCode.CONFLICT, 409, "/a");
        f.assertFailure(f.fail(1, new DataRequest.KvDelete("/absent", 3)), ErrorCode.CONFLICT, 409, "/absent");
    }

    @Test
    void aRecreatedKeyCountsItsVersionsFromOneAgain() throws Exception {
        f.ok(1, put("/a", "1", DataRequest.NO_VERSION));
        f.ok(1, put("/a", "2", DataRequest.NO_VERSION));
        f.ok(1, new DataRequest.KvDelete("/a", DataRequest.NO_VERSION));
        assertEquals(1, kvOf(f.ok(1, put("/a", "3", 0))).version());
    }

    @Test
    void aValueAboveTheLimitIsRefusedNamingTheField() throws Exception {
        DataRequest.KvPut big = new DataRequest.KvPut("/a", new byte[(1 << 20) + 1], "", DataRequest.NO_VERSION);
        f.assertFailure(f.fail(1, big), ErrorCode.LIMIT, 413, "data.value");
    }

    @Test
    void listPagesAreStableWhileOthersWrite() throws Exception {
        List<String> initial = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String k = String.format("/k/%02d", i);
            initial.add(k);
            f.ok(1, put(k, "v", DataRequest.NO_VERSION));
        }
        f.ok(1, put("/l/outside", "v", DataRequest.NO_VERSION));
        List<String> seen = new ArrayList<>();
        String cursor = "";
        int page = 0;
        do {
            DataResult.KvPage p = (DataResult.KvPage)
                    f.store.read(new DataRequest.KvList("/k/", cursor, 6), 1).data();
            p.kvs().forEach(kv -> seen.add(kv.key()));
            cursor = p.cursor();
            // Between pages others write: keys behind and ahead of the cursor, updates of keys already seen.
            f.ok(1, put(String.format("/k/%02d-new", page), "v", DataRequest.NO_VERSION));
            f.ok(1, put("/k/00", "again" + page, DataRequest.NO_VERSION));
            f.ok(1, put("/k/", "root" + page, DataRequest.NO_VERSION));
            page++;
        } while (!cursor.isEmpty());
        for (String k : initial) {
            assertEquals(1, seen.stream().filter(k::equals).count(), k);
        }
        assertEquals(seen.stream().sorted().toList(), seen);
        assertEquals(seen.size(), seen.stream().distinct().count());
        assertTrue(seen.stream().allMatch(k -> k.startsWith("/k/")));
    }

    @Test
    void aFullLastPageHasNoCursor() throws Exception {
        for (int i = 0; i < 4; i++) {
            f.ok(1, put("/k/" + i, "v", DataRequest.NO_VERSION));
        }
        DataResult.KvPage p = (DataResult.KvPage)
                f.store.read(new DataRequest.KvList("/k/", "", 4), 1).data();
        assertEquals(4, p.kvs().size());
        assertEquals("", p.cursor());
    }
}
