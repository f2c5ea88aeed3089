package io.haven.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads from other threads while one thread applies, and the store's refusals of misuse. */
class ConcurrencyTest {
    private static final int PUTS = 8;

    @TempDir
    Path dir;

    @Test
    void readsDuringAppliesSeeWholeBatchesOnly() throws Exception {
        try (Store store = Store.open(dir, StoreOptions.defaults())) {
            AtomicBoolean done = new AtomicBoolean();
            CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
                int reads = 0;
                while (!done.get() || reads == 0) {
                    try {
                        DataResult.KvPage page =
                                (DataResult.KvPage) store.read(new DataRequest.KvList("/c/", "", 1000), 0)
                                        .data();
                        if (page.kvs().size() % PUTS != 0) {
                            throw new AssertionError("saw " + page.kvs().size() + " keys: half a batch");
                        }
                    } catch (StoreException e) {
                        throw new AssertionError(e);
                    }
                    reads++;
                }
                return reads;
            });
            for (long index = 1; index <= 100; index++) {
                List<Command> batch = new ArrayList<>();
                for (int i = 0; i < PUTS; i++) {
                    byte[] v = ("v" + i).getBytes(StandardCharsets.UTF_8);
                    batch.add(
                            Command.of(new DataRequest.KvPut("/c/" + index + "/" + i, v, "", DataRequest.NO_VERSION)));
                }
                store.applyBatch(1, index, index, batch);
            }
            done.set(true);
            assertTrue(reader.get(60, TimeUnit.SECONDS) > 0);
            assertEquals(100 * PUTS, store.revision());
        }
    }

    @Test
    void aClosedStoreRefusesUseInsteadOfCrashing() throws Exception {
        Store store = Store.open(dir, StoreOptions.defaults());
        store.close();
        assertThrows(IllegalStateException.class, () -> store.read(new DataRequest.KvGet("/a"), 0));
        assertThrows(IllegalStateException.class, () -> store.applyBatch(1, 1, 0, List.of()));
        store.close();
    }

    @Test
    void aStoreCannotOpenWhereAFileIs() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "not a store");
        assertThrows(StoreException.class, () -> Store.open(file, StoreOptions.defaults()));
        assertThrows(StoreException.class, () -> Store.appliedIndexOf(dir.resolve("missing")));
    }

    @Test
    void aWriteKindIsNotARead() throws Exception {
        try (Store store = Store.open(dir, StoreOptions.defaults())) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> store.read(new DataRequest.KvDelete("/a", DataRequest.NO_VERSION), 0));
        }
    }
}
