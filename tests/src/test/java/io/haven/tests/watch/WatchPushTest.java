package io.haven.tests.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.client.ClientOptions;
import io.haven.client.HavenClient;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.message.Push;
import io.haven.protocol.message.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A watch added with {@code push: true} delivers its events as pushes over a real connection, in order, once. */
class WatchPushTest {
    @TempDir
    Path dir;

    @Test
    void aPushWatchDeliversEveryChangeAsAPushWithoutWaitingForAPing() throws Exception {
        LinkedBlockingQueue<Response.WatchNotice> received = new LinkedBlockingQueue<>();
        try (DevNode node = DevNode.start(dir);
                HavenClient watcher = HavenClient.connect(ClientOptions.of(node.address())
                                .withAutoHeartbeat(false)
                                .withPushListener(p -> {
                                    if (p instanceof Push.WatchPush w) {
                                        received.addAll(w.events());
                                    }
                                }))
                        .get(30, TimeUnit.SECONDS);
                HavenClient writer =
                        HavenClient.connect(ClientOptions.of(node.address())).get(30, TimeUnit.SECONDS)) {
            watcher.query(new DataRequest.WatchAdd("/push/", 0, true)).get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 20; i++) {
                writer.query(new DataRequest.KvPut(
                                "/push/" + i, ("v" + i).getBytes(StandardCharsets.UTF_8), "", DataRequest.NO_VERSION))
                        .get(30, TimeUnit.SECONDS);
            }
            List<String> keys = new ArrayList<>();
            long lastRev = 0;
            while (keys.size() < 20) {
                Response.WatchNotice n = received.poll(30, TimeUnit.SECONDS);
                assertTrue(n instanceof Response.WatchEvent, "an event arrived without a ping: " + n);
                Response.WatchEvent e = (Response.WatchEvent) n;
                assertTrue(e.change().rev() > lastRev, "revisions ascend");
                lastRev = e.change().rev();
                keys.add(e.change().key());
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add("/push/" + i);
            }
            assertEquals(expected, keys);
            Response.Pong pong = watcher.ping(lastRev).get(30, TimeUnit.SECONDS);
            assertEquals(List.of(), pong.events(), "pushed events do not come again on pongs");
            String session = watcher.session().orElseThrow().session();
            assertEquals(0, node.role().watches().queued(session), "the ack dropped them");
        }
    }
}
