package io.haven.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.data.DataRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hash chain: equal on replicas that applied the same, different as soon as one stored something else. */
class ChainTest {
    @TempDir
    Path dir;

    private static Command put(String key, String value) {
        return Command.of(
                new DataRequest.KvPut(key, value.getBytes(StandardCharsets.UTF_8), "", DataRequest.NO_VERSION));
    }

    @Test
    void twoReplicasThatApplyTheSameBatchesAgreeAtEveryIndex() throws Exception {
        try (Store a = Store.open(dir.resolve("a"), StoreOptions.defaults());
                Store b = Store.open(dir.resolve("b"), StoreOptions.defaults())) {
            for (int i = 1; i <= 20; i++) {
                List<Command> batch = List.of(put("/k" + (i % 3), "v" + i), put("/j", "w" + i));
                a.applyBatch(1, i, 1000L * i, batch);
                b.applyBatch(1, i, 1000L * i, batch);
                assertTrue(a.chain().agreesWith(b.chain()), "index " + i);
                assertEquals(i, a.chain().index());
            }
        }
    }

    @Test
    void oneDifferentValueMakesEveryLaterChainDiffer() throws Exception {
        try (Store a = Store.open(dir.resolve("a"), StoreOptions.defaults());
                Store b = Store.open(dir.resolve("b"), StoreOptions.defaults())) {
            a.applyBatch(1, 1, 1000, List.of(put("/k", "same")));
            b.applyBatch(1, 1, 1000, List.of(put("/k", "same")));
            a.applyBatch(1, 2, 2000, List.of(put("/k", "good")));
            b.applyBatch(1, 2, 2000, List.of(put("/k", "evil")));
            assertFalse(a.chain().agreesWith(b.chain()));
            a.applyBatch(1, 3, 3000, List.of(put("/k", "again")));
            b.applyBatch(1, 3, 3000, List.of(put("/k", "again")));
            assertFalse(a.chain().agreesWith(b.chain()), "the chain remembers the difference");
        }
    }

    @Test
    void aBatchWithoutChangesLeavesTheHashAsItWas() throws Exception {
        try (Store a = Store.open(dir.resolve("a"), StoreOptions.defaults())) {
            a.applyBatch(1, 1, 1000, List.of(put("/k", "v")));
            Chain before = a.chain();
            a.applyBatch(1, 2, 2000, List.of(Command.tick()));
            assertEquals(2, a.chain().index());
            assertEquals(before.origin(), a.chain().origin());
            assertTrue(java.util.Arrays.equals(before.hash(), a.chain().hash()), "a tick that expired nothing");
        }
    }

    @Test
    void theChainSurvivesAReopenAndACheckpoint() throws Exception {
        Chain written;
        try (Store a = Store.open(dir.resolve("a"), StoreOptions.defaults())) {
            a.applyBatch(1, 1, 1000, List.of(put("/k", "v")));
            a.applyBatch(1, 2, 2000, List.of(put("/k", "w")));
            written = a.chain();
            a.checkpoint(dir.resolve("cp"));
        }
        try (Store reopened = Store.open(dir.resolve("a"), StoreOptions.defaults());
                Store copy = Store.open(dir.resolve("cp"), StoreOptions.defaults())) {
            assertTrue(reopened.chain().agreesWith(written));
            assertTrue(copy.chain().agreesWith(written));
        }
    }

    @Test
    void anEmptyStoreStartsAtOriginZeroWithAZeroHash() throws Exception {
        try (Store a = Store.open(dir.resolve("a"), StoreOptions.defaults())) {
            assertEquals(0, a.chain().origin());
            assertEquals(0, a.chain().index());
            assertTrue(java.util.Arrays.equals(
                    new byte[Chain.HASH_BYTES], a.chain().hash()));
            a.applyBatch(1, 1, 1000, List.of(put("/k", "v")));
            assertNotEquals(new Chain(1, 0, new byte[Chain.HASH_BYTES]), a.chain());
        }
    }
}
