package io.haven.protocol.codec;

import static io.haven.protocol.codec.Out.opt;

import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Kv;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.Task;
import java.util.ArrayList;
import java.util.List;

/** The {@code data} of DATA replies, one shape per result record ({@code protocol-docs/data.md}, "Results"). */
final class ResultCodec {
    private ResultCodec() {}

    /** {@code {kind, status, data}}: a DATA response on its own, as task.fence's result nests it. */
    static void response(Out out, DataResponse r) {
        out.map(3)
                .str("kind")
                .str(r.kind().wireName())
                .str("status")
                .num(r.status())
                .str("data");
        result(out, r.data());
    }

    static DataResponse response(WireMap m) {
        DataKind kind = m.constant("kind", DataKind::of);
        return new DataResponse(kind, status(m), result(m.map("data")));
    }

    static int status(WireMap m) {
        long s = m.uint("status");
        if (s < 100 || s > 599) {
            throw DecodeException.bad(m.path("status") + " must be from 100 to 599", m.path("status"));
        }
        return (int) s;
    }

    /** The {@code data} map of a successful DATA response; its shape names the result type. */
    static void result(Out out, DataResult result) {
        if (result instanceof DataResult.Empty) {
            out.map(0);
        } else if (result instanceof DataResult.PromiseResult r) {
            out.map(1).str("promise");
            ObjectCodec.promise(out, r.promise());
        } else if (result instanceof DataResult.TaskResult r) {
            out.map(1).str("task");
            ObjectCodec.task(out, r.task());
        } else if (result instanceof DataResult.TaskPromiseResult r) {
            out.map(2).str("task");
            ObjectCodec.task(out, r.task());
            out.str("promise");
            ObjectCodec.promise(out, r.promise());
        } else if (result instanceof DataResult.Invoke r) {
            out.map(2).str("kind").str("invoke").str("data").map(1).str("invoked");
            ObjectCodec.promise(out, r.invoked());
        } else if (result instanceof DataResult.Resume r) {
            boolean state = r.state().length > 0;
            out.map(2).str("kind").str("resume").str("data").map(2 + opt(state)).str("invoked");
            ObjectCodec.promise(out, r.invoked());
            out.str("awaited");
            ObjectCodec.promise(out, r.awaited());
            if (state) {
                out.str("state").bin(r.state());
            }
        } else if (result instanceof DataResult.Fenced r) {
            out.map(1).str("action");
            response(out, r.action());
        } else if (result instanceof DataResult.PromisePage r) {
            boolean cursor = !r.cursor().isEmpty();
            out.map(1 + opt(cursor)).str("promises").array(r.promises().size());
            for (Promise p : r.promises()) {
                ObjectCodec.promise(out, p);
            }
            if (cursor) {
                out.str("cursor").str(r.cursor());
            }
        } else if (result instanceof DataResult.KvResult r) {
            out.map(1).str("kv");
            ObjectCodec.kv(out, r.kv());
        } else if (result instanceof DataResult.KvDeleted r) {
            out.map(3)
                    .str("key")
                    .str(r.key())
                    .str("deleted")
                    .bool(r.deleted())
                    .str("rev")
                    .num(r.rev());
        } else if (result instanceof DataResult.KvPage r) {
            boolean cursor = !r.cursor().isEmpty();
            out.map(1 + opt(cursor)).str("kvs").array(r.kvs().size());
            for (Kv kv : r.kvs()) {
                ObjectCodec.kv(out, kv);
            }
            if (cursor) {
                out.str("cursor").str(r.cursor());
            }
        } else if (result instanceof DataResult.WatchAdded r) {
            out.map(2).str("watch").num(r.watch()).str("rev").num(r.rev());
        } else {
            throw new IllegalArgumentException("unknown data result " + result);
        }
    }

    /** Reads a result by its shape: the fields present say which result it is (data.md, "Results"). */
    static DataResult result(WireMap d) {
        if (d.has("kind")) {
            String kind = d.str("kind");
            WireMap inner = d.map("data");
            if (kind.equals("invoke")) {
                return new DataResult.Invoke(ObjectCodec.promise(inner.map("invoked")));
            }
            if (kind.equals("resume")) {
                return new DataResult.Resume(
                        ObjectCodec.promise(inner.map("invoked")),
                        ObjectCodec.promise(inner.map("awaited")),
                        inner.optBin("state"));
            }
            throw DecodeException.bad("unknown " + d.path("kind") + " " + WireMap.quote(kind), d.path("kind"));
        }
        if (d.has("action")) {
            return new DataResult.Fenced(response(d.map("action")));
        }
        if (d.has("promises")) {
            List<Promise> promises = new ArrayList<>();
            for (WireMap p : d.maps("promises", true)) {
                promises.add(ObjectCodec.promise(p));
            }
            return new DataResult.PromisePage(promises, d.optStr("cursor"));
        }
        if (d.has("kvs")) {
            List<Kv> kvs = new ArrayList<>();
            for (WireMap k : d.maps("kvs", true)) {
                kvs.add(ObjectCodec.kv(k));
            }
            return new DataResult.KvPage(kvs, d.optStr("cursor"));
        }
        if (d.has("kv")) {
            return new DataResult.KvResult(ObjectCodec.kv(d.map("kv")));
        }
        if (d.has("deleted")) {
            return new DataResult.KvDeleted(d.str("key"), d.bool("deleted"), d.uint("rev"));
        }
        if (d.has("watch")) {
            return new DataResult.WatchAdded(d.uint("watch"), d.uint("rev"));
        }
        if (d.has("task")) {
            Task task = ObjectCodec.task(d.map("task"));
            return d.has("promise")
                    ? new DataResult.TaskPromiseResult(task, ObjectCodec.promise(d.map("promise")))
                    : new DataResult.TaskResult(task);
        }
        if (d.has("promise")) {
            return new DataResult.PromiseResult(ObjectCodec.promise(d.map("promise")));
        }
        // Keys of later versions are ignored like everywhere else, so a map with none of the known ones is empty.
        return DataResult.Empty.INSTANCE;
    }
}
