package io.haven.quorum.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultPointsTest {
    @TempDir
    Path dir;

    @Test
    void aFlushWaitsForTheGateUntilItIsOpened() {
        FaultPoints f = new FaultPoints();
        assertTrue(f.beforeFlush().isDone(), "no gate, no delay: a flush waits for nothing");
        CompletableFuture<Void> gate = f.gateFlushes();
        assertFalse(f.beforeFlush().isDone());
        gate.complete(null);
        assertTrue(f.beforeFlush().isDone(), "an opened gate is gone");
    }

    @Test
    void theFaultPointsFileSlowsFlushesUntilItIsRemoved() throws Exception {
        FaultPoints f = new FaultPoints();
        Path file = dir.resolve("fault-points");
        f.reload(file);
        assertEquals(0, f.flushDelayMs());
        Files.writeString(file, "flush-delay-ms=250\n");
        f.reload(file);
        assertEquals(250, f.flushDelayMs());
        Files.writeString(file, "flush-delay-ms=40\n");
        Files.setLastModifiedTime(
                file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 1000));
        f.reload(file);
        assertEquals(40, f.flushDelayMs(), "a changed file is read again");
        Files.delete(file);
        f.reload(file);
        assertEquals(0, f.flushDelayMs(), "no file, no delay");
    }

    @Test
    void aCountedPointFiresExactlyAsOftenAsItWasSet() {
        FaultPoints f = new FaultPoints();
        f.corruptApplies(2);
        assertTrue(f.takeApplyCorruption());
        assertTrue(f.takeApplyCorruption());
        assertFalse(f.takeApplyCorruption());
    }
}
