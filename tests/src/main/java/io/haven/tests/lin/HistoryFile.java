package io.haven.tests.lin;

import io.haven.protocol.data.PromiseState;
import io.haven.protocol.data.TaskState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Histories as JSON lines, one call a line, for post-mortem files that people read and tools load back:
 *
 * <pre>
 * {"process":3,"key":"reg/1","outcome":"ok","invoke":1200,"complete":5400,"input":{"type":"kv.cas","expected":1,"value":"b"},"output":{"type":"kv.written","version":2}}
 * {"process":4,"key":"reg/1","outcome":"info","invoke":1300,"input":{"type":"kv.write","value":"c"}}
 * </pre>
 *
 * An INFO call has no {@code complete}; a call without an answer has no {@code output}. Inputs and outputs are the
 * models' records, written as their components plus a {@code type} name from a fixed table; their components may
 * be strings, integers, booleans and enums.
 */
public final class HistoryFile {
    private static final Map<String, Class<? extends Record>> TYPES = Map.ofEntries(
            Map.entry("kv.read", KvModel.Read.class),
            Map.entry("kv.write", KvModel.Write.class),
            Map.entry("kv.cas", KvModel.Cas.class),
            Map.entry("kv.delete", KvModel.Delete.class),
            Map.entry("kv.cas-delete", KvModel.CasDelete.class),
            Map.entry("kv.found", KvModel.Found.class),
            Map.entry("kv.missing", KvModel.Missing.class),
            Map.entry("kv.written", KvModel.Written.class),
            Map.entry("kv.conflict", KvModel.Conflict.class),
            Map.entry("kv.deleted", KvModel.Deleted.class),
            Map.entry("promise.create", PromiseModel.Create.class),
            Map.entry("promise.settle", PromiseModel.Settle.class),
            Map.entry("promise.get", PromiseModel.Get.class),
            Map.entry("promise.seen", PromiseModel.Seen.class),
            Map.entry("promise.not-found", PromiseModel.NotFound.class),
            Map.entry("task.enqueue", TaskModel.Enqueue.class),
            Map.entry("task.create", TaskModel.Create.class),
            Map.entry("task.acquire", TaskModel.Acquire.class),
            Map.entry("task.release", TaskModel.Release.class),
            Map.entry("task.complete", TaskModel.Complete.class),
            Map.entry("task.get", TaskModel.Get.class),
            Map.entry("task.created", TaskModel.Created.class),
            Map.entry("task.acquired", TaskModel.Acquired.class),
            Map.entry("task.released", TaskModel.Released.class),
            Map.entry("task.completed", TaskModel.Completed.class),
            Map.entry("task.seen", TaskModel.Seen.class),
            Map.entry("task.conflict", TaskModel.Conflict.class),
            Map.entry("task.not-found", TaskModel.NotFound.class));

    private static final Map<Class<?>, String> NAMES =
            TYPES.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

    private static final Map<Class<?>, Function<String, ?>> ENUMS = Map.of(
            PromiseState.class, name -> PromiseState.of(name).orElseThrow(() -> bad("promise state " + name)),
            TaskState.class, name -> TaskState.of(name).orElseThrow(() -> bad("task state " + name)));

    private HistoryFile() {}

    public static void write(List<Op> ops, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(ops, w);
        }
    }

    public static void write(List<Op> ops, Writer out) throws IOException {
        for (Op op : ops) {
            out.write(line(op));
            out.write('\n');
        }
        out.flush();
    }

    public static List<Op> read(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r);
        }
    }

    /** Reads ops back; blank lines are skipped, a malformed line is an {@link IllegalArgumentException}. */
    public static List<Op> read(BufferedReader in) throws IOException {
        List<Op> ops = new ArrayList<>();
        int number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                ops.add(op(Json.parseObject(line)));
            } catch (IllegalArgumentException | ClassCastException e) {
                throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
            }
        }
        return ops;
    }

    /** One op as a line of JSON (without the newline). */
    public static String line(Op op) {
        StringBuilder b = new StringBuilder();
        b.append("{\"process\":").append(op.process()).append(",\"key\":");
        Json.quote(b, op.key());
        b.append(",\"outcome\":\"").append(op.outcome().wireName()).append('"');
        b.append(",\"invoke\":").append(op.invokeNanos());
        if (op.completeNanos() != Op.INFINITY) {
            b.append(",\"complete\":").append(op.completeNanos());
        }
        b.append(",\"input\":");
        value(b, op.input());
        if (!(op.output() instanceof Unknown)) {
            b.append(",\"output\":");
            value(b, op.output());
        }
        return b.append('}').toString();
    }

    private static void value(StringBuilder b, Object v) {
        String type = NAMES.get(v.getClass());
        if (type == null) {
            throw new IllegalArgumentException(
                    "no history file name for " + v.getClass().getName());
        }
        b.append("{\"type\":\"").append(type).append('"');
        for (RecordComponent c : v.getClass().getRecordComponents()) {
            b.append(',');
            Json.quote(b, c.getName());
            b.append(':');
            Object field;
            try {
                field = c.getAccessor().invoke(v);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + c, e);
            }
            if (field instanceof String s) {
                Json.quote(b, s);
            } else if (field instanceof Enum<?> e) {
                Json.quote(b, e.name());
            } else {
                b.append(field); // integers and booleans
            }
        }
        b.append('}');
    }

    private static Op op(Map<String, Object> o) {
        Outcome outcome = Outcome.of(str(o, "outcome")).orElseThrow(() -> bad("outcome " + o.get("outcome")));
        long invoke = num(o, "invoke");
        long complete = outcome == Outcome.INFO ? Op.INFINITY : num(o, "complete");
        Object output = o.containsKey("output") ? record(map(o, "output")) : Unknown.INSTANCE;
        return new Op(
                Math.toIntExact(num(o, "process")),
                str(o, "key"),
                record(map(o, "input")),
                output,
                outcome,
                invoke,
                complete);
    }

    private static Object record(Map<String, Object> o) {
        String type = str(o, "type");
        Class<? extends Record> cls = TYPES.get(type);
        if (cls == null) {
            throw bad("unknown type " + type);
        }
        RecordComponent[] components = cls.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = field(o, components[i].getName(), types[i]);
        }
        try {
            Constructor<? extends Record> ctor = cls.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw bad(type + ": " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a " + cls.getName(), e);
        }
    }

    private static Object field(Map<String, Object> o, String name, Class<?> type) {
        if (type == String.class) {
            return str(o, name);
        } else if (type == long.class) {
            return num(o, name);
        } else if (type == int.class) {
            return Math.toIntExact(num(o, name));
        } else if (type == boolean.class) {
            return (Boolean) present(o, name);
        } else if (ENUMS.containsKey(type)) {
            return ENUMS.get(type).apply(str(o, name));
        }
        throw new IllegalStateException("no history file form for a " + type.getName());
    }

    private static Object present(Map<String, Object> o, String name) {
        Object v = o.get(name);
        if (v == null) {
            throw bad("missing field " + name);
        }
        return v;
    }

    private static String str(Map<String, Object> o, String name) {
        return (String) present(o, name);
    }

    private static long num(Map<String, Object> o, String name) {
        return (Long) present(o, name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> o, String name) {
        return (Map<String, Object>) present(o, name);
    }

    private static IllegalArgumentException bad(String what) {
        return new IllegalArgumentException(what);
    }
}
