package io.haven.daemon.http;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** Reads Server-Sent Events as the HTML spec defines them (fields up to a blank line; comments skipped). */
final class EventReader implements Closeable {
    record Event(String name, Optional<String> id, String data) {
        Map<String, Object> json() {
            return JsonReader.object(data);
        }
    }

    private final BufferedReader in;

    EventReader(InputStream in) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next event; empty when the stream ended. Blocks until one arrives. */
    Optional<Event> next() throws IOException {
        String name = "message";
        String id = null;
        StringBuilder data = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new Event(name, Optional.ofNullable(id), data.toString()));
                }
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
            switch (field) {
                case "event" -> name = value;
                case "id" -> id = value;
                case "data" -> data = data == null
                        ? new StringBuilder(value)
                        : data.append('\n').append(value);
                default -> {}
            }
        }
        return Optional.empty();
    }

    /** The next event named {@code name}, skipping others; fails when the stream ends first. */
    Event next(String name) throws IOException {
        while (true) {
            Event e = next().orElseThrow(() -> new AssertionError("the stream ended before a " + name + " event"));
            if (e.name().equals(name)) {
                return e;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
