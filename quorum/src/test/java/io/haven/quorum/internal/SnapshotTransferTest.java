package io.haven.quorum.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.storage.Store;
import io.haven.storage.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/** Who may serve a checkpoint: the current leader, to members not ahead of its term. */
class SnapshotTransferTest {
    @TempDir
    Path dir;

    private Store store;
    private SnapshotTransfer transfer;

    @BeforeEach
    void open() throws Exception {
        store = Store.open(dir.resolve("db"), StoreOptions.defaults());
        transfer = new SnapshotTransfer(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aNodeThatDoesNotLeadRefusesToServeItsCheckpoint() {
        IOException e = assertThrows(IOException.class, () -> transfer.serve(open(3), store, OptionalLong.empty()));
        assertTrue(e.getMessage().contains("does not lead"), e.getMessage());
        assertEquals(0, outgoing(), "no checkpoint was taken");
    }

    @Test
    void aLeaderOfAnOlderTermThanTheRequestersRefuses() {
        IOException e = assertThrows(IOException.class, () -> transfer.serve(open(5), store, OptionalLong.of(4)));
        assertTrue(e.getMessage().contains("deposed"), e.getMessage());
        assertEquals(0, outgoing());
    }

    @Test
    void theLeaderOfTheRequestersTermServesItsCheckpoint() throws Exception {
        byte[] reply = transfer.serve(open(5), store, OptionalLong.of(5));
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(reply)) {
            assertEquals(2, u.unpackArrayHeader());
            String token = u.unpackString();
            assertTrue(u.unpackArrayHeader() > 0, "the checkpoint lists its files");
            assertTrue(Files.isDirectory(dir.resolve("outgoing").resolve(token)));
        }
    }

    private long outgoing() {
        Path out = dir.resolve("outgoing");
        if (!Files.isDirectory(out)) {
            return 0;
        }
        try (var s = Files.list(out)) {
            return s.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] open(long term) throws IOException {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(3);
            p.packInt(1);
            p.packInt(SnapshotTransfer.OPEN);
            p.packLong(term);
            return p.toByteArray();
        }
    }
}
