package io.haven.daemon.server;

import io.haven.daemon.HavenNode;
import io.haven.daemon.HavendConfig;
import io.haven.daemon.service.Services;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Starts in-process nodes on an ephemeral loopback port with a fresh data directory. */
final class Nodes {
    private Nodes() {}

    static HavenNode start(Path data, String... settings) throws Exception {
        return start(data, Services.unavailable(), settings);
    }

    static HavenNode start(Path data, Services services, String... settings) throws Exception {
        Map<String, String> m = new HashMap<>();
        m.put(HavendConfig.DATA_KEY, data.toString());
        m.put(HavendConfig.LISTEN_KEY, "127.0.0.1:0");
        for (int i = 0; i < settings.length; i += 2) {
            m.put(settings[i], settings[i + 1]);
        }
        return HavenNode.start(HavendConfig.from(m), services);
    }
}
