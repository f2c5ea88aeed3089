package io.haven.daemon.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven through the DevTools protocol, for the status page tests: one browser process
 * per instance, pages opened as targets of it, commands sent over one WebSocket with the JDK's client. Conditions on
 * the page are awaited inside the page (a MutationObserver resolves a promise), so nothing here sleeps.
 */
final class Chromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final long COMMAND_SECONDS = 30;

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    /** The browser's last lines on stderr, for failure messages. Guarded by itself. */
    private final ArrayDeque<String> log;

    private Chromium(Process process, Path profile, WebSocket socket, ArrayDeque<String> log) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
        this.log = log;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    static Chromium launch() throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("haven-chromium-");
        Process process = new ProcessBuilder(List.of(
                        BINARY.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-dev-shm-usage",
                        "--user-data-dir=" + profile,
                        "--remote-debugging-address=127.0.0.1",
                        "--remote-debugging-port=0",
                        "about:blank"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        ArrayDeque<String> log = new ArrayDeque<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader err = new BufferedReader(
                            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = err.readLine()) != null) {
                            synchronized (log) {
                                log.add(line);
                                if (log.size() > 50) {
                                    log.removeFirst();
                                }
                            }
                            if (line.startsWith("DevTools listening on ")) {
                                endpoint.complete(line.substring("DevTools listening on ".length())
                                        .strip());
                            }
                        }
                    } catch (IOException e) {
                        endpoint.completeExceptionally(e);
                    }
                    endpoint.completeExceptionally(new IOException("chromium exited before it listened: " + log));
                },
                "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        Listener listener = new Listener();
        try {
            String ws = endpoint.get(COMMAND_SECONDS, TimeUnit.SECONDS);
            WebSocket socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(URI.create(ws), listener)
                    .get(COMMAND_SECONDS, TimeUnit.SECONDS);
            Chromium chromium = new Chromium(process, profile, socket, log);
            listener.chromium = chromium;
            return chromium;
        } catch (Exception e) {
            destroy(process);
            deleteTree(profile);
            throw new IOException("cannot drive chromium: " + e + "; its log: " + log, e);
        }
    }

    /** A new page (tab) in the browser, 1280 by 1000 CSS pixels. */
    Page open() throws Exception {
        String target = (String)
                call(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId");
        String session = (String) call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                .get("sessionId");
        Page page = new Page(session);
        call(
                session,
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", 1280, "height", 1000, "deviceScaleFactor", 1, "mobile", false));
        return page;
    }

    final class Page {
        private final String session;

        private Page(String session) {
            this.session = session;
        }

        void navigate(URI url) throws Exception {
            Map<String, Object> r = call(session, "Page.navigate", Map.of("url", url.toString()));
            if (r.containsKey("errorText")) {
                throw new AssertionError("navigation to " + url + " failed: " + r.get("errorText"));
            }
        }

        /** The value of a JavaScript expression (a promise is awaited). */
        Object evaluate(String expression) throws Exception {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("expression", expression);
            params.put("awaitPromise", true);
            params.put("returnByValue", true);
            Map<String, Object> r = call(session, "Runtime.evaluate", params);
            if (r.containsKey("exceptionDetails")) {
                throw new AssertionError("page script failed: " + Json.write(r.get("exceptionDetails")));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) r.get("result");
            return result.get("value");
        }

        /**
         * Waits until {@code condition} (a JavaScript expression) is true on the page, checking it whenever the DOM
         * changes; fails naming {@code what} after {@code seconds}.
         */
        void await(String what, String condition, int seconds) throws Exception {
            String script = "new Promise((resolve, reject) => {"
                    + "  const test = () => { try { return Boolean(" + condition + "); } catch (e) { return false; } };"
                    + "  if (test()) { resolve(true); return; }"
                    + "  const observer = new MutationObserver(() => {"
                    + "    if (test()) { observer.disconnect(); clearTimeout(timer); resolve(true); } });"
                    + "  observer.observe(document, {subtree: true, childList: true, characterData: true,"
                    + "    attributes: true});"
                    + "  const timer = setTimeout(() => { observer.disconnect(); reject(new Error("
                    + Json.write("timed out waiting until " + what) + " + ' (page: ' + document.body.innerText"
                    + ".slice(0, 2000) + ')')); }, " + seconds * 1000 + ");"
                    + "})";
            evaluate(script);
        }

        /** The page as a PNG, the whole of its height. */
        byte[] screenshot() throws Exception {
            Map<String, Object> r =
                    call(session, "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
            return Base64.getDecoder().decode((String) r.get("data"));
        }
    }

    private Map<String, Object> call(String session, String method, Map<String, Object> params) throws Exception {
        long id = ids.incrementAndGet();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        if (session != null) {
            message.put("sessionId", session);
        }
        message.put("method", method);
        message.put("params", params);
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(Json.write(message), true).get(COMMAND_SECONDS, TimeUnit.SECONDS);
        try {
            return answer.get(COMMAND_SECONDS + 30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(method + " failed: " + e.getCause().getMessage() + "; browser log: " + log());
        }
    }

    @SuppressWarnings("unchecked")
    private void received(String text) {
        Map<String, Object> message = JsonReader.object(text);
        Object id = message.get("id");
        if (id == null) {
            return; // an event; the tests do not subscribe to any
        }
        CompletableFuture<Map<String, Object>> answer = pending.remove(((Number) id).longValue());
        if (answer == null) {
            return;
        }
        if (message.containsKey("error")) {
            answer.completeExceptionally(new IOException(Json.write(message.get("error"))));
        } else {
            answer.complete((Map<String, Object>) message.get("result"));
        }
    }

    private String log() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile Chromium chromium;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                Chromium c = chromium;
                if (c != null) {
                    c.received(text);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        destroy(process);
        deleteTree(profile);
    }

    private static void destroy(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        for (ProcessHandle child : children) {
            child.destroyForcibly();
            try {
                child.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Gone already, or stuck: the profile directory may then stay behind in the temp dir.
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
