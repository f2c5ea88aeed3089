package io.haven.storage;

import static io.haven.storage.Fixture.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the change log from a revision, and its retention by count and age. */
class ChangeLogTest {
    @TempDir
    Path dir;

    private static Command put(String key) {
        return Command.of(new DataRequest.KvPut(key, bytes("v"), "", DataRequest.NO_VERSION));
    }

    @Test
    void changesSinceReadsFromTheGivenRevisionInclusiveUpToTheLimit() throws Exception {
        try (Fixture f = new Fixture(dir)) {
            f.batch(1, put("/a"), put("/b"), put("/c"), put("/d"));
            List<Change> some = f.store.changesSince(2, 2);
            assertEquals(List.of(2L, 3L), some.stream().map(Change::rev).toList());
            assertEquals(List.of("/b", "/c"), some.stream().map(Change::key).toList());
            assertTrue(f.store.changesSince(5, 10).isEmpty());
        }
    }

    @Test
    void retentionByCountKeepsTheNewestChanges() throws Exception {
        StoreOptions o = StoreOptions.builder().changeRetentionCount(5).build();
        try (Fixture f = new Fixture(dir, o)) {
            assertEquals(1, f.store.oldestRevision());
            f.batch(1, put("/1"), put("/2"), put("/3"));
            f.batch(2, put("/4"), put("/5"), put("/6"), put("/7"), put("/8"));
            assertEquals(4, f.store.oldestRevision());
            assertEquals(
                    List.of(4L, 5L, 6L, 7L, 8L),
                    f.store.changesSince(1, 100).stream().map(Change::rev).toList());
        }
    }

    @Test
    void retentionByAgeDropsChangesOlderThanTheWindow() throws Exception {
        StoreOptions o = StoreOptions.builder().changeRetentionMs(1000).build();
        try (Fixture f = new Fixture(dir, o)) {
            f.batch(1_000, put("/1"), put("/2"));
            f.batch(1_500, put("/3"));
            f.batch(2_200, put("/4"));
            assertEquals(3, f.store.oldestRevision());
            assertEquals(
                    List.of(3L, 4L),
                    f.store.changesSince(0, 100).stream().map(Change::rev).toList());
        }
    }

    @Test
    void retentionSurvivesAReopen() throws Exception {
        StoreOptions o = StoreOptions.builder().changeRetentionCount(2).build();
        try (Fixture f = new Fixture(dir, o)) {
            f.batch(1, put("/1"), put("/2"), put("/3"));
            f.reopen();
            assertEquals(2, f.store.oldestRevision());
            assertEquals(3, f.store.revision());
        }
    }
}
