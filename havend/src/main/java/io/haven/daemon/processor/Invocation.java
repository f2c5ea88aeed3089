package io.haven.daemon.processor;

import io.haven.protocol.HavenException;
import io.haven.protocol.data.Promise;
import io.haven.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an invocation asks for, from its promise's {@code param.data} (UTF-8 JSON):
 *
 * <pre>
 * {"func": NAME, "args": ANY, "retry"?: {...}, "on_exit"?: "restart" | "none" | {"requests": [...]}}
 * </pre>
 *
 * {@code on_exit} is seed 004's policy for a run that fails: {@code restart} (the default) retries per {@code retry};
 * {@code none} rejects after the first failure; {@code {"requests": [...]}} rejects after the first failure and
 * then runs the given DATA requests ({@code {"kind": ..., "data": {...}}}, as the JSON form of protocol-docs/data.md's
 * requests: kv.put, kv.delete, promise.create, promise.settle).
 *
 * @param args the {@code args} value as JSON values (null when absent)
 * @param followUps the requests of {@code on_exit: {requests}} (empty otherwise)
 */
record Invocation(String function, Object args, RetryPolicy retry, List<Map<String, Object>> followUps) {
    /** The invocation of {@code promise}; INVALID naming what is wrong when its param is not one. */
    static Invocation of(Promise promise) {
        Map<String, Object> m;
        try {
            m = Json.parseObject(new String(promise.param().data(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw HavenException.invalid(
                    "the param of invocation " + promise.id() + " is not a JSON object: " + e.getMessage(), "param");
        }
        if (!(m.get("func") instanceof String func) || func.isEmpty()) {
            throw HavenException.invalid(
                    "the param of invocation " + promise.id() + " names no function (\"func\")", "func");
        }
        Object onExit = m.getOrDefault("on_exit", "restart");
        RetryPolicy retry;
        List<Map<String, Object>> followUps = new ArrayList<>();
        if ("restart".equals(onExit)) {
            retry = RetryPolicy.of(m.get("retry"));
        } else if ("none".equals(onExit)) {
            retry = RetryPolicy.NONE;
        } else if (onExit instanceof Map<?, ?> o && o.get("requests") instanceof List<?> requests) {
            retry = RetryPolicy.NONE;
            for (Object r : requests) {
                if (!(r instanceof Map<?, ?> request)) {
                    throw HavenException.invalid("on_exit.requests must be request objects", "on_exit");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) request;
                followUps.add(typed);
            }
        } else {
            throw HavenException.invalid("on_exit must be \"restart\", \"none\" or {\"requests\": [...]}", "on_exit");
        }
        return new Invocation(func, m.get("args"), retry, List.copyOf(followUps));
    }

    /** The param of an invocation of {@code function} with {@code args} (JSON values), as a client sends it. */
    static byte[] param(String function, Object args) {
        java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("func", function);
        m.put("args", args);
        return Json.write(m).getBytes(StandardCharsets.UTF_8);
    }
}
