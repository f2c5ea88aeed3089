package io.haven.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.daemon.HavenNode;
import io.haven.protocol.message.Response;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdleConnectionsTest {
    private static final int IDLE = 1_000;

    @TempDir
    Path data;

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void aThousandIdleConnectionsDoNotStopANewClientOrBloatTheHeap() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try (HavenNode node = Nodes.start(data)) {
            long before = usedHeap();
            for (int i = 0; i < IDLE; i++) {
                Socket s = new Socket();
                s.connect(node.address(), 5_000);
                idle.add(s);
            }
            assertTrue(WireClient.eventually(Duration.ofSeconds(20), () -> node.connections() == IDLE));
            long start = System.nanoTime();
            try (WireClient c = WireClient.open(node.address())) {
                c.send(WireClient.connect(1));
                assertEquals(1, c.read(Response.ConnectReply.class).reqId());
            }
            long answerMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
            long grownMb = (usedHeap() - before) / (1024 * 1024);
            System.out.printf(
                    "%d idle connections: heap grew %d MiB (client side included), new client answered in %d ms%n",
                    IDLE, grownMb, answerMs);
            assertTrue(answerMs < 2_000, "a new client waited " + answerMs + " ms");
            assertTrue(grownMb < 64, "heap grew by " + grownMb + " MiB for " + IDLE + " idle connections");
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }
}
