package io.haven.tests.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.codec.Frames;
import io.haven.protocol.codec.MessageCodec;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.PromiseState;
import io.haven.protocol.message.Consistency;
import io.haven.protocol.message.DiscoverType;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.ServerMessage;
import java.io.DataInputStream;
import java.io.EOFException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throws well over 100,000 random and mutated frames at a live havend process, then checks that it still answers
 * CONNECT correctly. Every framed body must get exactly one answer, every answer must be a well-formed protocol v1
 * message, and no answer may be a server fault (ERROR_GENERIC).
 */
class LiveFuzzTest {
    private static final int CONNECTIONS = 4;
    private static final int FRAMES_PER_CONNECTION = 26_000;
    private static final int JUNK_STREAMS = 100;
    private static final long SEED = Long.getLong("haven.fuzz.seed", 20261121L);

    @TempDir
    Path data;

    /** Well-formed requests of every action; the mutations start from these. */
    private static List<byte[]> seeds() {
        List<Request> requests = List.of(
                new Request.Connect(Envelope.of(1), "1", "fuzz", ""),
                new Request.Ping(new Envelope(2, "", 0), 5, 0, "", Map.of()),
                new Request.Ping(Envelope.of(3), 0, 20, "p1", Map.of("t1", "running")),
                new Request.Discover(Envelope.of(4), DiscoverType.UUID, "00000000-0000-0000-0000-000000000000", ""),
                new Request.Discover(Envelope.of(5), DiscoverType.LOCATION, "", ""),
                new Request.Discover(Envelope.of(6), DiscoverType.QUORUM, "", "/app/x"),
                new Request.Query(
                        new Envelope(7, "token", 100),
                        new DataRequest.PromiseGet("p1"),
                        Consistency.LINEARIZABLE,
                        false),
                new Request.Query(
                        Envelope.of(8),
                        new DataRequest.PromiseCreate(
                                "p2", new Payload(Map.of("h", "v"), new byte[] {1, 2, 3}), 99_999, Map.of("a", "b")),
                        Consistency.SERIALIZABLE,
                        true),
                new Request.Query(
                        Envelope.of(9),
                        new DataRequest.PromiseSettle("p2", PromiseState.RESOLVED, Payload.EMPTY),
                        Consistency.LINEARIZABLE,
                        false),
                new Request.Control(
                        Envelope.of(10),
                        false,
                        io.haven.protocol.message.Role.PROCESSOR,
                        "",
                        List.of(),
                        List.of(),
                        false),
                new Request.Control(
                        Envelope.of(11),
                        true,
                        io.haven.protocol.message.Role.QUORUM,
                        "q1",
                        List.of("/a"),
                        List.of("u=127.0.0.1:1"),
                        true),
                new Request.Manage(Envelope.of(12), "request", Map.of("cores", "2", "group", "g")));
        List<byte[]> bodies = new ArrayList<>();
        for (Request r : requests) {
            bodies.add(MessageCodec.encode(r));
        }
        return bodies;
    }

    private static final byte[] INTERESTING = {
        (byte) 0xc1,
        (byte) 0xc0,
        (byte) 0xdf,
        (byte) 0xde,
        (byte) 0xdd,
        (byte) 0xdc,
        (byte) 0xdb,
        (byte) 0xc6,
        (byte) 0xcf,
        (byte) 0xd3,
        (byte) 0xff,
        (byte) 0x80,
        (byte) 0x90,
        (byte) 0xa0,
        0x7f,
        0x00
    };

    private static byte[] mutate(byte[] seed, Random rnd) {
        byte[] b = seed.clone();
        switch (rnd.nextInt(8)) {
            case 0 -> { // flip a few bits
                for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> { // truncate
                b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
            }
            case 2 -> { // insert random bytes
                int at = rnd.nextInt(b.length + 1);
                byte[] extra = new byte[1 + rnd.nextInt(16)];
                rnd.nextBytes(extra);
                byte[] out = new byte[b.length + extra.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(extra, 0, out, at, extra.length);
                System.arraycopy(b, at, out, at + extra.length, b.length - at);
                b = out;
            }
            case 3 -> { // an interesting byte: nil, never-used, big containers, 64-bit ints
                b[rnd.nextInt(b.length)] = INTERESTING[rnd.nextInt(INTERESTING.length)];
            }
            case 4 -> { // overwrite a slice
                int at = rnd.nextInt(b.length);
                for (int i = at; i < Math.min(b.length, at + 1 + rnd.nextInt(8)); i++) {
                    b[i] = (byte) rnd.nextInt(256);
                }
            }
            case 5 -> { // duplicate a slice
                int from = rnd.nextInt(b.length);
                int len = 1 + rnd.nextInt(Math.min(32, b.length - from));
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, from + len);
                System.arraycopy(b, from, out, from + len, b.length - from);
                b = out;
            }
            case 6 -> { // pure noise
                b = new byte[rnd.nextInt(256)];
                rnd.nextBytes(b);
            }
            default -> { // a map header claiming many entries over otherwise fine content
                b[0] = (byte) 0xdf;
            }
        }
        return b;
    }

    /** Reads answers until EOF: counts them, checks each decodes and is not a server fault. */
    private static CompletableFuture<Void> reader(Socket socket, AtomicLong answers, List<String> problems) {
        return CompletableFuture.runAsync(() -> {
            try {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                while (true) {
                    byte[] body;
                    try {
                        body = Frames.read(in, Frames.DEFAULT_MAX_FRAME);
                    } catch (EOFException e) {
                        return;
                    }
                    ServerMessage m = MessageCodec.decodeServerMessage(body);
                    if (m instanceof Response.Failure f && f.error().code() == ErrorCode.GENERIC) {
                        problems.add("server fault: " + f);
                    }
                    answers.incrementAndGet();
                }
            } catch (Exception e) {
                if (!socket.isClosed()) {
                    problems.add("reader: " + e);
                }
            }
        });
    }

    @Test
    void aLiveHavendSurvivesOverAHundredThousandBadFramesAndStillAnswersConnect() throws Exception {
        List<byte[]> seeds = seeds();
        List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (HavendProcess havend = HavendProcess.start(data, "--set", "session-ttl-ms=4000")) {
            InetSocketAddress address = havend.address();
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
            List<CompletableFuture<Long>> sent = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                long connSeed = SEED + c;
                sent.add(CompletableFuture.supplyAsync(
                        () -> fuzzOneConnection(address, seeds, connSeed, problems), pool));
            }
            long total = 0;
            for (CompletableFuture<Long> f : sent) {
                total += f.get(600, TimeUnit.SECONDS);
            }
            pool.shutdown();
            junkStreams(address, new Random(SEED));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.printf(
                    "fuzz: %d framed bodies on %d connections and %d junk streams in %d ms (seed %d)%n",
                    total, CONNECTIONS, JUNK_STREAMS, tookMs, SEED);

            assertTrue(total >= 100_000, "sent " + total);
            assertEquals(List.of(), problems);
            assertTrue(havend.process().isAlive(), havend.log());
            try (WireClient c = WireClient.open(address)) {
                c.send(WireClient.connect(4242));
                Response.ConnectReply reply = c.read(Response.ConnectReply.class);
                assertEquals(4242, reply.reqId());
                assertEquals("1", reply.version());
                assertEquals(
                        Files.readString(data.resolve("node-id")).strip(),
                        reply.node().uuid());
                c.send(WireClient.ping(4243));
                assertEquals(4243, c.read(Response.Pong.class).reqId());
            }
            assertTrue(!havend.log().contains(" ERROR "), havend.log());
        }
    }

    /** Sends framed bad bodies on one connection and waits until every one is answered; returns how many. */
    private static long fuzzOneConnection(
            InetSocketAddress address, List<byte[]> seeds, long seed, List<String> problems) {
        Random rnd = new Random(seed);
        AtomicLong answers = new AtomicLong();
        try (WireClient c = WireClient.open(address)) {
            Socket socket = socketOf(c);
            CompletableFuture<Void> reading = reader(socket, answers, problems);
            c.sendBody(MessageCodec.encode(WireClient.connect(0)));
            for (int i = 0; i < FRAMES_PER_CONNECTION; i++) {
                c.sendBody(mutate(seeds.get(rnd.nextInt(seeds.size())), rnd));
                if (i % 512 == 0) {
                    c.flush();
                }
            }
            c.flush();
            long expected = FRAMES_PER_CONNECTION + 1L;
            // Waits while answers keep coming: a busy machine may take minutes for all of them, but a node that
            // stopped answering shows no progress for 30 s.
            long stall = TimeUnit.SECONDS.toNanos(30);
            long seen = -1;
            long progressAt = System.nanoTime();
            while (answers.get() < expected && !reading.isDone()) {
                long now = answers.get();
                if (now != seen) {
                    seen = now;
                    progressAt = System.nanoTime();
                } else if (System.nanoTime() - progressAt > stall) {
                    break;
                }
                Thread.sleep(20);
            }
            if (answers.get() != expected) {
                problems.add("connection " + seed + ": " + answers.get() + " answers to " + expected + " frames");
            }
            return FRAMES_PER_CONNECTION;
        } catch (Exception e) {
            problems.add("connection " + seed + ": " + e);
            return 0;
        }
    }

    private static Socket socketOf(WireClient c) {
        return c.socket();
    }

    /** Unframed random bytes: most start with an absurd length and must be refused and closed. */
    private static void junkStreams(InetSocketAddress address, Random rnd) throws Exception {
        for (int i = 0; i < JUNK_STREAMS; i++) {
            try (WireClient c = WireClient.open(address)) {
                byte[] junk = new byte[1 + rnd.nextInt(4096)];
                rnd.nextBytes(junk);
                c.sendRaw(junk);
                c.flush();
            }
        }
    }
}
