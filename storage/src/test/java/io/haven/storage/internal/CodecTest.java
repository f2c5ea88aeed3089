package io.haven.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.haven.protocol.data.Change;
import io.haven.protocol.data.Kv;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.PromiseState;
import io.haven.protocol.data.Task;
import io.haven.protocol.data.TaskState;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecTest {
    private static Promise promise(Map<String, String> tags) {
        return new Promise(
                "p/ü",
                PromiseState.REJECTED_CANCELED,
                new Payload(Map.of("h", "v"), "param".getBytes(StandardCharsets.UTF_8)),
                Payload.of("value".getBytes(StandardCharsets.UTF_8)),
                -5,
                tags,
                7,
                9);
    }

    @Test
    void aPromiseReadsBackEqual() {
        Promise p = promise(Map.of("a", "1", "b", "2"));
        assertEquals(p, Codec.promise(Codec.promise(p)));
    }

    @Test
    void equalPromisesEncodeToEqualBytesWhateverTheirTagOrder() {
        Map<String, String> ab = new LinkedHashMap<>();
        Map<String, String> ba = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            ab.put("k" + i, "v" + i);
        }
        for (int i = 19; i >= 0; i--) {
            ba.put("k" + i, "v" + i);
        }
        assertArrayEquals(Codec.promise(promise(ab)), Codec.promise(promise(ba)));
    }

    @Test
    void aTaskRowReadsBackEqual() {
        TaskRow row = new TaskRow(
                new Task("t", TaskState.PENDING, 3, "", 500, 1234, Task.RESUME, List.of("a", "b")), "g", "a");
        assertEquals(row, Codec.task(Codec.task(row)));
    }

    @Test
    void everyKindOfChangeReadsBackEqualWithItsTime() {
        Kv kv = new Kv("/k", new byte[] {1, 2, 3}, "application/octet-stream", 2, 11);
        List<Change> changes = List.of(
                new Change.PromiseChanged(1, promise(Map.of())),
                new Change.TaskChanged(2, new Task("t", TaskState.ACQUIRED, 0, "w", 9, 10, Task.INVOKE, List.of())),
                new Change.KvChanged(3, kv),
                new Change.KvRemoved(4, "/k"));
        for (Change c : changes) {
            byte[] b = Codec.change(42, c);
            assertEquals(c, Codec.change(b));
            assertEquals(42, Codec.changeTime(b));
        }
    }

    @Test
    void timeoutKeysSortLikeTheirSignedTimes() {
        byte[] negative = Keys.timeout(-1, Keys.TIMEOUT_PROMISE, "a");
        byte[] zero = Keys.timeout(0, Keys.TIMEOUT_PROMISE, "a");
        byte[] big = Keys.timeout(Long.MAX_VALUE, Keys.TIMEOUT_TASK, "a");
        assertEquals(-1, Integer.signum(java.util.Arrays.compareUnsigned(negative, zero)));
        assertEquals(-1, Integer.signum(java.util.Arrays.compareUnsigned(zero, big)));
        assertEquals(Long.MAX_VALUE, Keys.timeoutTime(big));
        assertEquals("a", Keys.timeoutId(big));
    }
}
