package io.haven.protocol.codec;

import static io.haven.protocol.codec.Out.opt;

import io.haven.protocol.data.Kv;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.PromiseState;
import io.haven.protocol.data.Task;
import io.haven.protocol.data.TaskState;

/** The DATA objects: payloads, promises, tasks and kv entries ({@code protocol-docs/data.md}, "Objects"). */
final class ObjectCodec {
    private ObjectCodec() {}

    static void payload(Out out, Payload p) {
        boolean headers = !p.headers().isEmpty();
        boolean data = p.data().length > 0;
        out.map(opt(headers) + opt(data));
        if (headers) {
            out.str("headers").strMap(p.headers());
        }
        if (data) {
            out.str("data").bin(p.data());
        }
    }

    static Payload payload(WireMap m) {
        return new Payload(m.optStrMap("headers"), m.optBin("data"));
    }

    static void promise(Out out, Promise p) {
        boolean param = !p.param().isEmpty();
        boolean value = !p.value().isEmpty();
        boolean tags = !p.tags().isEmpty();
        boolean settled = p.settledOn() != 0;
        out.map(4 + opt(param) + opt(value) + opt(tags) + opt(settled));
        out.str("id").str(p.id());
        out.str("state").str(p.state().wireName());
        if (param) {
            out.str("param");
            payload(out, p.param());
        }
        if (value) {
            out.str("value");
            payload(out, p.value());
        }
        out.str("timeout").num(p.timeout());
        if (tags) {
            out.str("tags").strMap(p.tags());
        }
        out.str("created_on").num(p.createdOn());
        if (settled) {
            out.str("settled_on").num(p.settledOn());
        }
    }

    static Promise promise(WireMap m) {
        return new Promise(
                m.str("id"),
                m.constant("state", PromiseState::of),
                payload(m.optMap("param")),
                payload(m.optMap("value")),
                m.uint("timeout"),
                m.optStrMap("tags"),
                m.uint("created_on"),
                m.optUint("settled_on", 0));
    }

    static void task(Out out, Task t) {
        boolean pid = !t.pid().isEmpty();
        boolean ttl = t.ttl() != 0;
        boolean expires = t.expiresOn() != 0;
        boolean current = !t.current().isEmpty();
        boolean resumes = !t.resumes().isEmpty();
        boolean attempts = t.attempts() != 0;
        boolean error = !t.lastError().isEmpty();
        out.map(3 + opt(pid) + opt(ttl) + opt(expires) + opt(current) + opt(resumes) + opt(attempts) + opt(error));
        out.str("id").str(t.id());
        out.str("state").str(t.state().wireName());
        out.str("version").num(t.version());
        if (pid) {
            out.str("pid").str(t.pid());
        }
        if (ttl) {
            out.str("ttl").num(t.ttl());
        }
        if (expires) {
            out.str("expires_on").num(t.expiresOn());
        }
        if (current) {
            out.str("current").str(t.current());
        }
        if (resumes) {
            out.str("resumes").strs(t.resumes());
        }
        if (attempts) {
            out.str("attempts").num(t.attempts());
        }
        if (error) {
            out.str("last_error").str(t.lastError());
        }
    }

    static Task task(WireMap m) {
        return new Task(
                m.str("id"),
                m.constant("state", TaskState::of),
                m.uint("version"),
                m.optStr("pid"),
                m.optUint("ttl", 0),
                m.optUint("expires_on", 0),
                m.optStr("current"),
                m.strs("resumes", false),
                m.optUint("attempts", 0),
                m.optStr("last_error"));
    }

    static void kv(Out out, Kv kv) {
        boolean value = kv.value().length > 0;
        boolean type = !kv.contentType().isEmpty();
        out.map(3 + opt(value) + opt(type));
        out.str("key").str(kv.key());
        if (value) {
            out.str("value").bin(kv.value());
        }
        if (type) {
            out.str("content_type").str(kv.contentType());
        }
        out.str("version").num(kv.version());
        out.str("rev").num(kv.rev());
    }

    static Kv kv(WireMap m) {
        return new Kv(m.str("key"), m.optBin("value"), m.optStr("content_type"), m.uint("version"), m.uint("rev"));
    }
}
