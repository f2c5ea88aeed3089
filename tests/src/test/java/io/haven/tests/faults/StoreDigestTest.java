package io.haven.tests.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.haven.protocol.data.DataRequest;
import io.haven.storage.Command;
import io.haven.storage.Store;
import io.haven.storage.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline digest that compares members' stores after a fault run. */
class StoreDigestTest {
    @TempDir
    Path dir;

    private static Command put(String key, String value) {
        return Command.of(new DataRequest.KvPut(
                key, value.getBytes(StandardCharsets.UTF_8), "text/plain", DataRequest.NO_VERSION));
    }

    private Path store(String name, List<List<Command>> batches) throws Exception {
        Path p = dir.resolve(name);
        try (Store s = Store.open(p, StoreOptions.builder().build())) {
            long index = 0;
            for (List<Command> batch : batches) {
                index++;
                s.applyBatch(1, index, 1_000 + index, batch);
            }
        }
        return p;
    }

    @Test
    void membersThatStoppedTicksApartHaveTheSameDigest() throws Exception {
        StoreDigest a = StoreDigest.of(store("a", List.of(List.of(put("/k", "1")), List.of(put("/j", "2")))));
        StoreDigest b = StoreDigest.of(store(
                "b",
                List.of(
                        List.of(put("/k", "1")),
                        List.of(put("/j", "2")),
                        List.of(Command.tick()),
                        List.of(Command.tick()))));
        assertNotEquals(a.applied(), b.applied());
        assertEquals(a.sha256(), b.sha256());
        assertEquals(a.revision(), b.revision());
    }

    @Test
    void oneValueApartGivesAnotherDigest() throws Exception {
        StoreDigest a = StoreDigest.of(store("a", List.of(List.of(put("/k", "1")), List.of(put("/j", "2")))));
        StoreDigest b = StoreDigest.of(store("b", List.of(List.of(put("/k", "1")), List.of(put("/j", "3")))));
        assertEquals(a.revision(), b.revision());
        assertNotEquals(a.sha256(), b.sha256());
    }
}
