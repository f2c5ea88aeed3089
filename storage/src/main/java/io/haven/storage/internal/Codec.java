package io.haven.storage.internal;

import io.haven.protocol.data.Change;
import io.haven.protocol.data.Kv;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.PromiseState;
import io.haven.protocol.data.Task;
import io.haven.protocol.data.TaskState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stored byte form of promises, tasks, kv entries and changes. Maps are written in key order so that equal
 * values give equal bytes on every replica (a {@code Map.copyOf}'s iteration order differs between JVMs). Enum
 * values are written as explicit codes, never ordinals.
 */
public final class Codec {
    private Codec() {}

    public static byte[] promise(Promise p) {
        Writer w = new Writer(promiseSize(p));
        writePromise(w, p);
        return w.toBytes();
    }

    public static Promise promise(byte[] b) {
        return readPromise(new Reader(b));
    }

    public static byte[] task(TaskRow t) {
        Writer w = new Writer(96);
        writeTask(w, t.task());
        w.string(t.group());
        w.string(t.awaited());
        // Added after the first release, so at the end: rows written before read as no failures and no state.
        writeFailures(w, t.task());
        w.bytes(t.saved());
        return w.toBytes();
    }

    public static TaskRow task(byte[] b) {
        Reader r = new Reader(b);
        Task t = readTask(r);
        String group = r.string();
        String awaited = r.string();
        if (!r.hasMore()) {
            return new TaskRow(t, group, awaited);
        }
        t = readFailures(r, t);
        return new TaskRow(t, group, awaited, r.bytes());
    }

    private static void writeFailures(Writer w, Task t) {
        w.i64(t.attempts());
        w.string(t.lastError());
    }

    private static Task readFailures(Reader r, Task t) {
        return r.hasMore() ? t.withFailures(r.i64(), r.string()) : t;
    }

    public static byte[] kv(Kv kv) {
        Writer w = new Writer(kvSize(kv));
        writeKv(w, kv);
        return w.toBytes();
    }

    public static Kv kv(byte[] b) {
        return readKv(new Reader(b));
    }

    /** A change log entry: the time it was applied, then the change. */
    public static byte[] change(long time, Change c) {
        int size = 128;
        if (c instanceof Change.PromiseChanged pc) {
            size = 17 + promiseSize(pc.promise());
        } else if (c instanceof Change.KvChanged kc) {
            size = 17 + kvSize(kc.kv());
        }
        Writer w = new Writer(size);
        w.i64(time);
        w.i64(c.rev());
        if (c instanceof Change.PromiseChanged pc) {
            w.u8(1);
            writePromise(w, pc.promise());
        } else if (c instanceof Change.TaskChanged tc) {
            w.u8(2);
            writeTask(w, tc.task());
            writeFailures(w, tc.task());
        } else if (c instanceof Change.KvChanged kc) {
            w.u8(3);
            writeKv(w, kc.kv());
        } else if (c instanceof Change.KvRemoved kr) {
            w.u8(4);
            w.string(kr.key());
        }
        return w.toBytes();
    }

    public static long changeTime(byte[] b) {
        return new Reader(b).i64();
    }

    public static Change change(byte[] b) {
        Reader r = new Reader(b);
        r.i64();
        long rev = r.i64();
        int kind = r.u8();
        return switch (kind) {
            case 1 -> new Change.PromiseChanged(rev, readPromise(r));
            case 2 -> new Change.TaskChanged(rev, readFailures(r, readTask(r)));
            case 3 -> new Change.KvChanged(rev, readKv(r));
            case 4 -> new Change.KvRemoved(rev, r.string());
            default -> throw new IllegalStateException("unknown change kind " + kind);
        };
    }

    // Upper bounds of what the writers below produce, so that a record is written into one array sized once
    // (growing it copied each promise three or four times on the apply path; see BENCHMARKS.md).

    private static int promiseSize(Promise p) {
        return 1 + 8 * 3 + stringSize(p.id()) + payloadSize(p.param()) + payloadSize(p.value()) + mapSize(p.tags());
    }

    private static int kvSize(Kv kv) {
        return 16 + stringSize(kv.key()) + 4 + kv.value().length + stringSize(kv.contentType());
    }

    private static int payloadSize(Payload p) {
        return mapSize(p.headers()) + 4 + p.data().length;
    }

    private static int mapSize(Map<String, String> m) {
        int n = 4;
        for (Map.Entry<String, String> e : m.entrySet()) {
            n += stringSize(e.getKey()) + stringSize(e.getValue());
        }
        return n;
    }

    private static int stringSize(String s) {
        return 4 + 3 * s.length();
    }

    private static void writePromise(Writer w, Promise p) {
        w.string(p.id());
        w.u8(promiseState(p.state()));
        writePayload(w, p.param());
        writePayload(w, p.value());
        w.i64(p.timeout());
        writeMap(w, p.tags());
        w.i64(p.createdOn());
        w.i64(p.settledOn());
    }

    private static Promise readPromise(Reader r) {
        String id = r.string();
        PromiseState state = promiseState(r.u8());
        Payload param = readPayload(r);
        Payload value = readPayload(r);
        long timeout = r.i64();
        Map<String, String> tags = readMap(r);
        return new Promise(id, state, param, value, timeout, tags, r.i64(), r.i64());
    }

    private static void writeTask(Writer w, Task t) {
        w.string(t.id());
        w.u8(taskState(t.state()));
        w.i64(t.version());
        w.string(t.pid());
        w.i64(t.ttl());
        w.i64(t.expiresOn());
        w.string(t.current());
        w.i32(t.resumes().size());
        for (String s : t.resumes()) {
            w.string(s);
        }
    }

    private static Task readTask(Reader r) {
        String id = r.string();
        TaskState state = taskState(r.u8());
        long version = r.i64();
        String pid = r.string();
        long ttl = r.i64();
        long expiresOn = r.i64();
        String current = r.string();
        int n = r.i32();
        List<String> resumes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            resumes.add(r.string());
        }
        return new Task(id, state, version, pid, ttl, expiresOn, current, resumes);
    }

    private static void writeKv(Writer w, Kv kv) {
        w.string(kv.key());
        w.bytes(kv.value());
        w.string(kv.contentType());
        w.i64(kv.version());
        w.i64(kv.rev());
    }

    private static Kv readKv(Reader r) {
        return new Kv(r.string(), r.bytes(), r.string(), r.i64(), r.i64());
    }

    private static void writePayload(Writer w, Payload p) {
        writeMap(w, p.headers());
        w.bytes(p.data());
    }

    private static Payload readPayload(Reader r) {
        Map<String, String> headers = readMap(r);
        return new Payload(headers, r.bytes());
    }

    private static void writeMap(Writer w, Map<String, String> m) {
        w.i32(m.size());
        if (m.isEmpty()) {
            return;
        }
        // Keys in their natural order, so equal maps encode to equal bytes on every member.
        Map<String, String> sorted =
                m.size() == 1 || (m instanceof java.util.SortedMap<String, String> sm && sm.comparator() == null)
                        ? m
                        : new TreeMap<>(m);
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            w.string(e.getKey());
            w.string(e.getValue());
        }
    }

    private static Map<String, String> readMap(Reader r) {
        int n = r.i32();
        if (n == 0) {
            return Map.of();
        }
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            m.put(r.string(), r.string());
        }
        return m;
    }

    private static int promiseState(PromiseState s) {
        return switch (s) {
            case PENDING -> 1;
            case RESOLVED -> 2;
            case REJECTED -> 3;
            case REJECTED_CANCELED -> 4;
            case REJECTED_TIMEDOUT -> 5;
        };
    }

    private static PromiseState promiseState(int code) {
        return switch (code) {
            case 1 -> PromiseState.PENDING;
            case 2 -> PromiseState.RESOLVED;
            case 3 -> PromiseState.REJECTED;
            case 4 -> PromiseState.REJECTED_CANCELED;
            case 5 -> PromiseState.REJECTED_TIMEDOUT;
            default -> throw new IllegalStateException("unknown promise state " + code);
        };
    }

    private static int taskState(TaskState s) {
        return switch (s) {
            case PENDING -> 1;
            case ACQUIRED -> 2;
            case SUSPENDED -> 3;
            case FULFILLED -> 4;
        };
    }

    private static TaskState taskState(int code) {
        return switch (code) {
            case 1 -> TaskState.PENDING;
            case 2 -> TaskState.ACQUIRED;
            case 3 -> TaskState.SUSPENDED;
            case 4 -> TaskState.FULFILLED;
            default -> throw new IllegalStateException("unknown task state " + code);
        };
    }

    /** Growable big-endian writer. */
    static final class Writer {
        private byte[] buf;
        private int pos;

        Writer(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        private void room(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }

        void u8(int v) {
            room(1);
            buf[pos++] = (byte) v;
        }

        void i32(int v) {
            room(4);
            for (int s = 24; s >= 0; s -= 8) {
                buf[pos++] = (byte) (v >>> s);
            }
        }

        void i64(long v) {
            room(8);
            for (int s = 56; s >= 0; s -= 8) {
                buf[pos++] = (byte) (v >>> s);
            }
        }

        void bytes(byte[] b) {
            i32(b.length);
            room(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        /** UTF-8 with its length in front; ASCII (ids, keys, paths) is written without an intermediate array. */
        void string(String s) {
            int n = s.length();
            room(4 + n);
            int start = pos;
            pos += 4;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    pos = start;
                    bytes(s.getBytes(StandardCharsets.UTF_8));
                    return;
                }
                buf[pos++] = (byte) c;
            }
            for (int i = 0, shift = 24; i < 4; i++, shift -= 8) {
                buf[start + i] = (byte) (n >>> shift);
            }
        }

        byte[] toBytes() {
            return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
        }
    }

    /** Reader of what {@link Writer} wrote; stored bytes are trusted (the store wrote them). */
    static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        boolean hasMore() {
            return pos < buf.length;
        }

        int u8() {
            return buf[pos++] & 0xff;
        }

        int i32() {
            int v = 0;
            for (int i = 0; i < 4; i++) {
                v = (v << 8) | (buf[pos++] & 0xff);
            }
            return v;
        }

        long i64() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (buf[pos++] & 0xff);
            }
            return v;
        }

        byte[] bytes() {
            int n = i32();
            byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }

        String string() {
            int n = i32();
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }
    }
}
