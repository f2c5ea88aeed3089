package io.haven.daemon.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/** One whole HTTP answer: its status, content type and body. */
record Reply(int status, String contentType, byte[] body) {
    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    Reply {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }

    static Reply json(int status, Object value) {
        return new Reply(status, JSON, Json.write(value).getBytes(StandardCharsets.UTF_8));
    }

    static Reply text(int status, String text) {
        return new Reply(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code {"error": {"status", "code", "message"}}}: how every API failure reads. */
    static Reply error(int status, String code, String message) {
        return json(status, Map.of("error", Map.of("status", status, "code", code, "message", message)));
    }
}
