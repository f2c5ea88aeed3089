package io.haven.storage;

import io.haven.protocol.HavenException;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Kv;
import java.util.ArrayList;
import java.util.List;

/** The key/value part of the {@link Model}. */
final class ModelKv {
    private ModelKv() {}

    private static void expect(Kv cur, long expected, String key) {
        if (expected != DataRequest.NO_VERSION && (cur == null ? 0 : cur.version()) != expected) {
            throw HavenException.conflict("cas", key);
        }
    }

    static DataResponse execute(Model m, DataRequest r) {
        ModelState s = m.s;
        if (r instanceof DataRequest.KvGet x) {
            Kv kv = s.kv.get(x.key());
            if (kv == null) {
                throw HavenException.notFound("no such key", x.key());
            }
            return Model.resp(DataKind.KV_GET, 200, new DataResult.KvResult(kv));
        } else if (r instanceof DataRequest.KvPut x) {
            Kv cur = s.kv.get(x.key());
            expect(cur, x.expectedVersion(), x.key());
            long version = (cur == null ? 0 : cur.version()) + 1;
            Kv kv = new Kv(x.key(), x.value(), x.contentType(), version, s.rev + 1);
            s.kv.put(x.key(), kv);
            m.record(kv.rev(), new Change.KvChanged(kv.rev(), kv));
            return Model.resp(DataKind.KV_PUT, 201, new DataResult.KvResult(kv));
        } else if (r instanceof DataRequest.KvDelete x) {
            Kv cur = s.kv.get(x.key());
            expect(cur, x.expectedVersion(), x.key());
            if (cur == null) {
                return Model.resp(DataKind.KV_DELETE, 200, new DataResult.KvDeleted(x.key(), false, s.rev));
            }
            s.kv.remove(x.key());
            long rev = s.rev + 1;
            m.record(rev, new Change.KvRemoved(rev, x.key()));
            return Model.resp(DataKind.KV_DELETE, 201, new DataResult.KvDeleted(x.key(), true, rev));
        } else if (r instanceof DataRequest.KvList x) {
            int limit = x.limit() == 0 ? m.options().defaultPageSize() : x.limit();
            List<Kv> page = new ArrayList<>();
            String cursor = "";
            for (Kv kv : s.kv.values()) {
                if (kv.key().startsWith(x.prefix()) && kv.key().compareTo(x.cursor()) > 0) {
                    if (page.size() == limit) {
                        cursor = page.get(limit - 1).key();
                        break;
                    }
                    page.add(kv);
                }
            }
            return Model.resp(DataKind.KV_LIST, 200, new DataResult.KvPage(page, cursor));
        }
        throw new IllegalArgumentException(r.toString());
    }
}
