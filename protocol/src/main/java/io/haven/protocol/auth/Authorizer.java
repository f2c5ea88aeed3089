package io.haven.protocol.auth;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Kv;
import io.haven.protocol.data.Promise;
import io.haven.protocol.message.Request;
import java.util.List;
import java.util.Objects;

/**
 * Whether an identity may make a request, decided from the request alone, before anything touches storage. Pure:
 * no state, no clock, no I/O; a refusal is an {@code ERROR_FORBIDDEN} {@link HavenException} with status 403 whose
 * {@code items} hold the capability that was missing and whose message names the field it was needed for.
 *
 * <pre>
 *  request                       needs                                        field
 *  connect                       nothing (its auth is the token itself)
 *  become, leave                 control
 *  discover                      discover
 *  heartbeat                     nothing; with a pid: some process:GROUP      pid
 *  manage request                process:GROUP of its group                   group
 *  manage, any other type        some process:GROUP
 *  query promise.get, task.get, kv.get      data:read:ID                      data.id / data.key
 *  query promise.create, promise.settle,    data:write:ID                     data.id / data.key
 *        kv.put, kv.delete
 *  query promise.register        data:write:AWAITER and data:read:AWAITED     data.awaiter, data.awaited
 *  query task.create             data:write on its promise.create's id        data.action.data.id
 *  query task.acquire, release   data:write:ID (a task's id is its promise's)  data.id
 *  query task.suspend            data:write:ID, and each register as above    data.actions[i].data...
 *  query task.complete           data:write:ID and on its settle's id         data.action.data.id
 *  query task.fence              data:write:ID and on its create/settle's id  data.action.data.id
 *  query task.heartbeat          some process:GROUP                           data.pid
 *  query kv.list, promise.search read on some key under the prefix; the page  data.prefix
 *                                is then {@linkplain #filter filtered}
 *  query watch.add               read on some key under the prefix; events    data.prefix
 *                                are then {@linkplain #visible filtered}
 *  query watch.remove            nothing (a session removes its own watches)
 * </pre>
 *
 * A promise.create tagged {@code haven:invoke: GROUP} needs nothing beyond data:write on its id: the id's path is the
 * unit of authority, and the group's processors are the ones who decide which paths they run functions for. A
 * request kind this class does not know is refused (fail closed).
 */
public final class Authorizer {
    public static final int STATUS = 403;

    private static final String ANY_PROCESS = "process:GROUP";

    private Authorizer() {}

    /** Returns when {@code who} may make {@code request}; FORBIDDEN (403) naming what is missing otherwise. */
    public static void authorize(Identity who, Request request) {
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(request, "request");
        Capabilities caps = who.capabilities();
        if (request instanceof Request.Connect) {
            return;
        }
        if (request instanceof Request.Control c) {
            require(who, caps.has(Capability.Operation.CONTROL), c.action().wireName(), "control", "type");
        } else if (request instanceof Request.Discover) {
            require(who, caps.has(Capability.Operation.DISCOVER), "discover", "discover", "type");
        } else if (request instanceof Request.Ping p) {
            if (!p.pid().isEmpty()) {
                require(who, caps.isProcessor(), "heartbeat with a pid", ANY_PROCESS, "pid");
            }
        } else if (request instanceof Request.Manage m) {
            if (m.type().equals("request")) {
                String group = m.fields().getOrDefault("group", "");
                require(who, caps.canProcess(group), "manage request", Capability.PROCESS + group, "group");
            } else {
                require(who, caps.isProcessor(), "manage " + m.type(), ANY_PROCESS, "type");
            }
        } else if (request instanceof Request.Query q) {
            authorize(who, q.data());
        } else {
            throw forbidden(
                    who, "send " + request.action().wireName(), "a capability this node does not know", "action");
        }
    }

    /** Returns when {@code who} may make the DATA request {@code r}, every embedded action included. */
    public static void authorize(Identity who, DataRequest r) {
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(r, "r");
        String kind = r.kind().wireName();
        if (r instanceof DataRequest.PromiseGet g) {
            read(who, kind, g.id(), "data.id");
        } else if (r instanceof DataRequest.PromiseCreate c) {
            write(who, kind, c.id(), "data.id");
        } else if (r instanceof DataRequest.PromiseSettle s) {
            write(who, kind, s.id(), "data.id");
        } else if (r instanceof DataRequest.PromiseRegister reg) {
            register(who, kind, reg, "data");
        } else if (r instanceof DataRequest.PromiseSearch s) {
            readSome(who, kind, s.prefix());
        } else if (r instanceof DataRequest.TaskGet g) {
            read(who, kind, g.id(), "data.id");
        } else if (r instanceof DataRequest.TaskCreate c) {
            write(who, kind, c.action().id(), "data.action.data.id");
        } else if (r instanceof DataRequest.TaskAcquire a) {
            write(who, kind, a.id(), "data.id");
        } else if (r instanceof DataRequest.TaskSuspend s) {
            write(who, kind, s.id(), "data.id");
            List<DataRequest.PromiseRegister> actions = s.actions();
            for (int i = 0; i < actions.size(); i++) {
                register(who, kind, actions.get(i), "data.actions[" + i + "].data");
            }
        } else if (r instanceof DataRequest.TaskComplete c) {
            write(who, kind, c.id(), "data.id");
            write(who, kind, c.action().id(), "data.action.data.id");
        } else if (r instanceof DataRequest.TaskRelease rel) {
            write(who, kind, rel.id(), "data.id");
        } else if (r instanceof DataRequest.TaskFence f) {
            write(who, kind, f.id(), "data.id");
            write(who, kind, f.action().routingKey(), "data.action.data.id");
        } else if (r instanceof DataRequest.TaskHeartbeat) {
            require(who, who.capabilities().isProcessor(), kind, ANY_PROCESS, "data.pid");
        } else if (r instanceof DataRequest.KvGet g) {
            read(who, kind, g.key(), "data.key");
        } else if (r instanceof DataRequest.KvPut p) {
            write(who, kind, p.key(), "data.key");
        } else if (r instanceof DataRequest.KvDelete d) {
            write(who, kind, d.key(), "data.key");
        } else if (r instanceof DataRequest.KvList l) {
            readSome(who, kind, l.prefix());
        } else if (r instanceof DataRequest.WatchAdd w) {
            readSome(who, kind, w.prefix());
        } else if (!(r instanceof DataRequest.WatchRemove)) {
            throw forbidden(who, kind, "a capability this node does not know", "kind");
        }
    }

    private static void register(Identity who, String kind, DataRequest.PromiseRegister r, String field) {
        // The callback is part of the awaiter's task: a write there. The awaited promise is only looked at (and
        // returned), so reading it is enough.
        write(who, kind, r.awaiter(), field + ".awaiter");
        read(who, kind, r.awaited(), field + ".awaited");
    }

    private static void read(Identity who, String kind, String key, String field) {
        require(who, who.capabilities().canRead(key), kind, Capability.DATA_READ + key, field);
    }

    private static void write(Identity who, String kind, String key, String field) {
        require(who, who.capabilities().canWrite(key), kind, Capability.DATA_WRITE + key, field);
    }

    private static void readSome(Identity who, String kind, String prefix) {
        require(
                who,
                who.capabilities().canReadSomeUnder(prefix),
                kind,
                Capability.DATA_READ + (prefix.isEmpty() ? PathRules.ROOT : prefix),
                "data.prefix");
    }

    private static void require(Identity who, boolean allowed, String what, String needed, String field) {
        if (!allowed) {
            throw forbidden(who, what, needed, field);
        }
    }

    private static HavenException forbidden(Identity who, String what, String needed, String field) {
        String message = who.subject() + " may not " + what + ": it needs " + needed + " (" + field + ")";
        return new HavenException(HavenError.of(ErrorCode.FORBIDDEN, message, needed), STATUS);
    }

    /**
     * The response as {@code who} may see it. A {@code kv.list} or {@code promise.search} page loses the entries
     * {@code who} may not read, and a {@code cursor} naming such an entry is replaced by one made from {@code who}'s
     * own capabilities (it skips to just before the next key {@code who} may read, or ends the listing when there
     * is none under the prefix), so that paging still moves on and no cursor names a hidden key. Other responses
     * come back as they are: their request was authorized for everything they hold.
     */
    public static DataResponse filter(Identity who, DataRequest request, DataResponse response) {
        Objects.requireNonNull(who, "who");
        Capabilities caps = who.capabilities();
        if (response.data() instanceof DataResult.KvPage page && request instanceof DataRequest.KvList list) {
            List<Kv> kvs =
                    page.kvs().stream().filter(kv -> caps.canRead(kv.key())).toList();
            String cursor = ListingCursor.visible(caps, list.prefix(), page.cursor());
            if (kvs.size() == page.kvs().size() && cursor.equals(page.cursor())) {
                return response;
            }
            return DataResponse.of(response.kind(), response.status(), new DataResult.KvPage(kvs, cursor));
        }
        if (response.data() instanceof DataResult.PromisePage page && request instanceof DataRequest.PromiseSearch s) {
            List<Promise> promises =
                    page.promises().stream().filter(p -> caps.canRead(p.id())).toList();
            String cursor = ListingCursor.visible(caps, s.prefix(), page.cursor());
            if (promises.size() == page.promises().size() && cursor.equals(page.cursor())) {
                return response;
            }
            return DataResponse.of(response.kind(), response.status(), new DataResult.PromisePage(promises, cursor));
        }
        return response;
    }

    /** Whether a watch of {@code who} may deliver {@code change}: whether {@code who} may read its key. */
    public static boolean visible(Identity who, Change change) {
        return who.capabilities().canRead(change.key());
    }

    /** Whether {@code who} may read the key, promise id or task id {@code key}. */
    public static boolean mayRead(Identity who, String key) {
        return who.capabilities().canRead(key);
    }
}
