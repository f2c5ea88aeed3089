package io.haven.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.daemon.service.DataService;
import io.haven.daemon.service.Services;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HavenNodeTest {
    @TempDir
    Path data;

    private HavendConfig config() {
        return HavendConfig.from(
                Map.of(HavendConfig.DATA_KEY, data.toString(), HavendConfig.LISTEN_KEY, "127.0.0.1:0"));
    }

    private static Services closeTracking(AtomicBoolean closed) {
        DataService data = new DataService() {
            @Override
            public java.util.concurrent.CompletableFuture<io.haven.protocol.data.DataResponse> query(
                    io.haven.protocol.message.Request.Query query, io.haven.daemon.service.RequestContext context) {
                return DataService.unavailable().query(query, context);
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        return Services.unavailable().withData(data);
    }

    @Test
    void theServicesFactorySeesTheSettledNodeId() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        try (HavenNode node = HavenNode.start(config(), (c, n) -> {
            seen.set(n.uuid());
            return Services.unavailable();
        })) {
            assertEquals(Files.readString(data.resolve("node-id")).strip(), seen.get());
            assertEquals(node.uuid(), seen.get());
        }
    }

    @Test
    void aFactoryThatCannotOpenItsStorageStopsTheStart() {
        assertThrows(
                IOException.class,
                () -> HavenNode.start(config(), (c, n) -> {
                    throw new IOException("disk gone");
                }));
    }

    @Test
    void closingTheNodeClosesItsServices() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        HavenNode node = HavenNode.start(config(), closeTracking(closed));
        node.close();
        assertTrue(closed.get());
    }

    @Test
    void aNodeThatCannotBindClosesItsServicesAndReportsIt() throws Exception {
        try (HavenNode first = HavenNode.start(config())) {
            AtomicBoolean closed = new AtomicBoolean();
            HavendConfig same = config().with(Map.of(
                    HavendConfig.LISTEN_KEY, "127.0.0.1:" + first.address().getPort()));
            IOException e = assertThrows(IOException.class, () -> HavenNode.start(same, closeTracking(closed)));
            assertTrue(e.getMessage()
                    .contains("cannot listen on 127.0.0.1:" + first.address().getPort()));
            assertTrue(closed.get());
        }
    }
}
