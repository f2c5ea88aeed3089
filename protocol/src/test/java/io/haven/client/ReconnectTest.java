package io.haven.client;

import static io.haven.client.Outcomes.failure;
import static io.haven.client.Outcomes.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.message.Request;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReconnectTest {
    private static final Duration QUICK = Duration.ofMillis(10);

    /** Closes the connection when it reads the first DATA query; later connections are served normally. */
    private static TestNode.Script closeOnFirstQuery(AtomicBoolean closed) {
        return e -> {
            if (e.request() instanceof Request.Query && closed.compareAndSet(false, true)) {
                e.channel().close();
                return true;
            }
            return false;
        };
    }

    @Test
    void aRequestInFlightWhenTheConnectionDropsFailsWithUnavailable() throws Exception {
        try (TestNode node = new TestNode().script(closeOnFirstQuery(new AtomicBoolean()));
                HavenClient client = value(HavenClient.connect(node.options().withReconnectBackoff(QUICK, QUICK)))) {
            HavenException e = failure(client.query(new DataRequest.KvGet("/x")));
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertTrue(e.getMessage().contains("may have been applied"), e.getMessage());
        }
    }

    @Test
    void theClientReconnectsAndRunsConnectAgainAfterTheNodeClosesTheConnection() throws Exception {
        try (TestNode node = new TestNode().script(closeOnFirstQuery(new AtomicBoolean()));
                HavenClient client = value(HavenClient.connect(node.options().withReconnectBackoff(QUICK, QUICK)))) {
            failure(client.query(new DataRequest.KvGet("/x")));
            // Sent while the client may still be reconnecting: it waits for the new connection.
            assertEquals(200, value(client.ping()).status());
            assertEquals(2, node.connects());
            assertEquals("session-2", client.session().orElseThrow().session());
        }
    }

    @Test
    void requestsWaitingForAConnectionFailWithUnavailableWhenTheirDeadlinePasses() throws Exception {
        TestNode node = new TestNode();
        try (HavenClient client = value(HavenClient.connect(node.options().withReconnectBackoff(QUICK, QUICK)))) {
            node.close();
            HavenException e;
            do {
                // Until the client notices the loss a ping may still be written to the dying socket.
                e = failure(client.send(Request.Ping.of(0), Duration.ofMillis(200)));
            } while (client.isConnected());
            e = failure(client.send(Request.Ping.of(0), Duration.ofMillis(200)));
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertTrue(e.getMessage().contains("not sent"), e.getMessage());
        }
    }
}
