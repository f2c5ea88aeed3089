package io.haven.tests.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.data.PromiseState;
import io.haven.protocol.data.TaskState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryFileTest {
    /** One call of every input and output record, with strings that need escaping. */
    private static final List<Op> EVERY_KIND = List.of(
            Op.ok(1, "a/\"quoted\"\n", new KvModel.Read(), new KvModel.Found("v\\1\u0001é", 3), 10, 20),
            Op.ok(1, "a", new KvModel.Read(), new KvModel.Missing(), 10, 20),
            Op.ok(2, "a", new KvModel.Write("x"), new KvModel.Written(1), 11, 21),
            Op.ok(2, "a", new KvModel.Cas(0, "y"), new KvModel.Conflict(), 11, 21),
            Op.ok(2, "a", new KvModel.Delete(), new KvModel.Deleted(true), 11, 21),
            Op.info(3, "a", new KvModel.CasDelete(4), 12),
            Op.fail(4, "a", new KvModel.Write("z"), 13, 14),
            Op.ok(
                    5,
                    "p",
                    new PromiseModel.Create("param"),
                    new PromiseModel.Seen(201, PromiseState.PENDING, "param", ""),
                    15,
                    16),
            Op.ok(
                    5,
                    "p",
                    new PromiseModel.Settle(PromiseState.REJECTED_CANCELED, "v"),
                    new PromiseModel.NotFound(),
                    17,
                    18),
            Op.info(5, "p", new PromiseModel.Get(), 19),
            Op.ok(6, "t", new TaskModel.Enqueue(), new TaskModel.Created(201), 1, 2),
            Op.ok(6, "t", new TaskModel.Create("pid-1"), new TaskModel.Created(200), 1, 2),
            Op.ok(6, "t", new TaskModel.Acquire(0, "pid-1"), new TaskModel.Acquired(), 3, 4),
            Op.ok(6, "t", new TaskModel.Release(0), new TaskModel.Released(), 5, 6),
            Op.ok(6, "t", new TaskModel.Complete(1), new TaskModel.Completed(201), 7, 8),
            Op.ok(6, "t", new TaskModel.Get(), new TaskModel.Seen(TaskState.FULFILLED, 1), 9, 10),
            Op.ok(6, "t", new TaskModel.Acquire(9, "q"), new TaskModel.Conflict(), 9, 10),
            Op.ok(6, "t", new TaskModel.Release(9), new TaskModel.NotFound(), 9, 10));

    @Test
    void aHistoryWrittenToAFileReadsBackEqual(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("history.jsonl");
        HistoryFile.write(EVERY_KIND, file);
        assertEquals(EVERY_KIND, HistoryFile.read(file));
        assertEquals(EVERY_KIND.size(), Files.readAllLines(file).size());
    }

    @Test
    void aLineIsReadableJsonNamingTheCall() throws IOException {
        StringWriter out = new StringWriter();
        HistoryFile.write(List.of(Op.ok(3, "reg/1", new KvModel.Cas(1, "b"), new KvModel.Written(2), 1200, 5400)), out);
        assertEquals(
                "{\"process\":3,\"key\":\"reg/1\",\"outcome\":\"ok\",\"invoke\":1200,\"complete\":5400,"
                        + "\"input\":{\"type\":\"kv.cas\",\"expected\":1,\"value\":\"b\"},"
                        + "\"output\":{\"type\":\"kv.written\",\"version\":2}}\n",
                out.toString());
    }

    @Test
    void aMalformedLineIsRejectedWithItsLineNumber() {
        String text = HistoryFile.line(EVERY_KIND.get(1)) + "\n{\"process\":1,\"key\":\"a\",\"outcome\":\"maybe\"}\n";
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> HistoryFile.read(new BufferedReader(new StringReader(text))));
        assertTrue(e.getMessage().startsWith("line 2:"), e.getMessage());
    }
}
