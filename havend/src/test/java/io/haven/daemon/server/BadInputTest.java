package io.haven.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.daemon.HavenNode;
import io.haven.daemon.HavendConfig;
import io.haven.protocol.Action;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Response;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input on real sockets: the node answers or closes, never crashes, hangs or stops serving others. */
class BadInputTest {
    private static final int MAX_FRAME = 64 * 1024;
    private static final long FRAME_TIMEOUT_MS = 500;

    @TempDir
    static Path data;

    static HavenNode node;

    @BeforeAll
    static void start() throws Exception {
        node = Nodes.start(
                data,
                HavendConfig.MAX_FRAME_KEY,
                String.valueOf(MAX_FRAME),
                HavendConfig.FRAME_TIMEOUT_MS_KEY,
                String.valueOf(FRAME_TIMEOUT_MS));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static byte[] header(int length) {
        return ByteBuffer.allocate(4).putInt(length).array();
    }

    private static void assertStillServes() throws Exception {
        try (WireClient c = WireClient.open(node.address())) {
            c.send(WireClient.connect(99));
            assertEquals(99, c.read(Response.ConnectReply.class).reqId());
        }
    }

    @Test
    void aLengthOverTheLimitIsAnsweredWithLimitAndTheConnectionClosed() throws Exception {
        try (WireClient c = WireClient.open(node.address())) {
            c.sendRaw(header(MAX_FRAME + 1));
            Response.Failure f = c.readFailure();
            assertEquals(ErrorCode.LIMIT, f.error().code());
            assertEquals(413, f.status());
            assertEquals(Envelope.NO_REQID, f.reqId());
            assertTrue(c.readsEof());
        }
        assertStillServes();
    }

    @Test
    void aNegativeLengthIsAnsweredWithLimitAndTheConnectionClosed() throws Exception {
        try (WireClient c = WireClient.open(node.address())) {
            c.sendRaw(header(-1));
            assertEquals(ErrorCode.LIMIT, c.readFailure().error().code());
            assertTrue(c.readsEof());
        }
    }

    @Test
    void aTruncatedFrameIsClosedAfterTheFrameTimeoutWhileOthersAreServed() throws Exception {
        try (WireClient stuck = WireClient.open(node.address())) {
            stuck.sendRaw(header(100));
            stuck.sendRaw(new byte[10]);
            long start = System.nanoTime();
            assertStillServes();
            Response.Failure f = stuck.readFailure();
            assertEquals(ErrorCode.TIMEOUT, f.error().code());
            assertTrue(stuck.readsEof());
            long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(tookMs >= FRAME_TIMEOUT_MS - 50 && tookMs < FRAME_TIMEOUT_MS * 10, "closed after " + tookMs);
        }
    }

    @Test
    void aFrameThatIsNotAMapIsInvalidAndTheConnectionStaysOpen() throws Exception {
        try (WireClient c = WireClient.open(node.address())) {
            c.sendBody(Msgpack.value(List.of(1, 2, 3)));
            Response.Failure f = c.readFailure();
            assertEquals(ErrorCode.INVALID, f.error().code());
            assertEquals(Envelope.NO_REQID, f.reqId());
            assertEquals(Action.CONNECT, f.action(), "without a readable action the failure is connect's");
            c.send(WireClient.connect(1));
            assertEquals(1, c.read(Response.ConnectReply.class).reqId());
        }
    }

    @Test
    void anEmptyFrameIsInvalid() throws Exception {
        try (WireClient c = WireClient.open(node.address())) {
            c.sendBody(new byte[0]);
            assertEquals(ErrorCode.INVALID, c.readFailure().error().code());
        }
    }

    @Test
    void aFieldOfTheWrongTypeIsInvalidNamingTheField() throws Exception {
        try (WireClient c = WireClient.open(node.address())) {
            c.sendBody(Msgpack.map("action", "connect", "_reqid", 5, "version", 1));
            Response.Failure f = c.readFailure();
            assertEquals(5, f.reqId());
            assertEquals(ErrorCode.INVALID, f.error().code());
            assertEquals(List.of("version"), f.error().items());
        }
    }

    @Test
    void aWrongTypeAfterConnectEchoesTheActionAndReqid() throws Exception {
        try (WireClient c = WireClient.connected(node.address())) {
            c.sendBody(Msgpack.map("action", "heartbeat", "type", "ping", "_reqid", 6, "ack", "zero"));
            Response.Failure f = c.readFailure();
            assertEquals(6, f.reqId());
            assertEquals(Action.HEARTBEAT, f.action());
            assertEquals(List.of("ack"), f.error().items());
        }
    }

    @Test
    void anUnknownActionIsInvalidNamingTheFieldAction() throws Exception {
        try (WireClient c = WireClient.connected(node.address())) {
            c.sendBody(Msgpack.map("action", "explode", "_reqid", 9));
            Response.Failure f = c.readFailure();
            assertEquals(9, f.reqId());
            assertEquals(ErrorCode.INVALID, f.error().code());
            assertEquals(List.of("action"), f.error().items());
            c.send(WireClient.ping(10));
            assertEquals(10, c.read(Response.Pong.class).reqId(), "the session survives a bad message");
        }
    }

    @Test
    void randomBytesNeverStopTheNodeFromServing() throws Exception {
        Random random = new Random(42);
        List<WireClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                WireClient c = WireClient.open(node.address());
                clients.add(c);
                byte[] junk = new byte[1 + random.nextInt(8192)];
                random.nextBytes(junk);
                c.sendRaw(junk);
            }
            assertStillServes();
            for (WireClient c : clients) {
                assertTrue(c.closedByPeer(Duration.ofMillis(FRAME_TIMEOUT_MS * 6)) || stillAnswers(c));
            }
        } finally {
            for (WireClient c : clients) {
                c.close();
            }
        }
        assertStillServes();
    }

    /** A connection whose junk happened to end on a frame boundary stays open and must still answer. */
    private static boolean stillAnswers(WireClient c) throws Exception {
        c.send(WireClient.connect(77));
        Response r = (Response) c.read();
        while (r.reqId() != 77) {
            r = (Response) c.read();
        }
        return true;
    }

    @Test
    void aClosedBadConnectionIsNoLongerCounted() throws Exception {
        try (WireClient c = WireClient.open(node.address())) {
            c.sendRaw(header(-7));
            c.readFailure();
            assertTrue(c.readsEof());
        }
        assertFalse(node.connections() > 100);
        assertTrue(WireClient.eventually(Duration.ofSeconds(5), () -> node.connections() == 0));
    }
}
