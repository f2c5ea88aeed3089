package io.haven.daemon.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The status page's files, read once from the classpath ({@code io/haven/daemon/http/page/}). Only these paths are
 * served, so no request can name another resource.
 */
final class StaticAssets {
    private static final String ROOT = "page/";

    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/app.js", "app.js",
            "/style.css", "style.css",
            "/favicon.svg", "favicon.svg");

    private final Map<String, Reply> replies;

    private StaticAssets(Map<String, Reply> replies) {
        this.replies = replies;
    }

    /** @throws IllegalStateException when a file is missing from the classpath (a broken build) */
    static StaticAssets load() {
        Map<String, Reply> replies = new HashMap<>();
        for (Map.Entry<String, String> e : FILES.entrySet()) {
            replies.put(e.getKey(), new Reply(200, contentType(e.getValue()), read(e.getValue())));
        }
        return new StaticAssets(Map.copyOf(replies));
    }

    Optional<Reply> find(String path) {
        return Optional.ofNullable(replies.get(path));
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("status page file " + ROOT + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "application/octet-stream";
    }
}
