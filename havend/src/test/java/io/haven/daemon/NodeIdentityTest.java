package io.haven.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentityTest {
    @TempDir
    Path data;

    @Test
    void theUuidIsMadeOnceAndKept() throws Exception {
        String first = NodeIdentity.loadOrCreate(data, Optional.empty());
        UUID.fromString(first);
        assertEquals(first, NodeIdentity.loadOrCreate(data, Optional.empty()));
        assertEquals(first, Files.readString(data.resolve("node-id")).strip());
    }

    @Test
    void aRequestedUuidIsKeptOnFirstStart() throws Exception {
        String id = UUID.randomUUID().toString();
        assertEquals(id, NodeIdentity.loadOrCreate(data, Optional.of(id)));
        assertEquals(id, NodeIdentity.loadOrCreate(data, Optional.empty()));
    }

    @Test
    void aDataDirectoryOfAnotherNodeIsRefused() throws Exception {
        NodeIdentity.loadOrCreate(data, Optional.empty());
        assertThrows(
                IllegalArgumentException.class,
                () -> NodeIdentity.loadOrCreate(
                        data, Optional.of(UUID.randomUUID().toString())));
    }

    @Test
    void aNodeIdThatIsNotAUuidIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NodeIdentity.loadOrCreate(data, Optional.of("node-1")));
    }
}
