package io.haven.tests.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.client.ClientOptions;
import io.haven.client.HavenClient;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code havenctl watch} as a real process against an in-process node running the quorum role. */
class WatchCommandTest {
    private static final long EXIT_MS = 30_000;

    @TempDir
    Path dir;

    private static long put(HavenClient client, String key, String value) {
        DataResult.KvResult r = (DataResult.KvResult) client.query(
                        new DataRequest.KvPut(key, value.getBytes(StandardCharsets.UTF_8), "", DataRequest.NO_VERSION))
                .join()
                .data();
        return r.kv().rev();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void eachChangeUnderThePrefixIsPrintedAsAJsonLineInOrderAndCountEndsTheStreamWithZero() throws Exception {
        try (DevNode node = DevNode.start(dir);
                HavenClient client =
                        HavenClient.connect(ClientOptions.of(node.address())).join();
                HavenctlProcess ctl =
                        HavenctlProcess.start("-s", node.address(), "--json", "watch", "/w/", "--count", "3")) {
            awaitTrue(() -> node.role().watches().watches() == 1, "havenctl's watch is added");
            long a = put(client, "/w/a", "1");
            put(client, "/x/a", "not watched");
            long b = put(client, "/w/b", "2");
            client.query(new DataRequest.KvDelete("/w/a", DataRequest.NO_VERSION))
                    .join();
            put(client, "/w/c", "after the count");
            assertEquals(0, ctl.awaitExit(EXIT_MS), ctl.describe());
            List<String> lines = ctl.out();
            assertEquals(3, lines.size(), ctl.describe());
            assertTrue(
                    lines.get(0)
                            .matches(
                                    "\\{\"watch\":\\d+,\"rev\":" + a
                                            + ",\"kind\":\"kv\",\"key\":\"/w/a\",\"value\":\"1\",\"content_type\":\"\",\"version\":1}"),
                    lines.get(0));
            assertTrue(lines.get(1).contains("\"rev\":" + b + ",\"kind\":\"kv\",\"key\":\"/w/b\""), lines.get(1));
            assertTrue(
                    lines.get(2).contains("\"rev\":" + (b + 1) + ",\"kind\":\"kv.delete\",\"key\":\"/w/a\""),
                    lines.get(2));
        }
    }

    @Test
    void fromRevReplaysEarlierChangesAsTableLinesBeforeLiveOnes() throws Exception {
        try (DevNode node = DevNode.start(dir);
                HavenClient client =
                        HavenClient.connect(ClientOptions.of(node.address())).join()) {
            long first = put(client, "/h/1", "one");
            put(client, "/h/2", "two");
            try (HavenctlProcess ctl = HavenctlProcess.start(
                    "-s", node.address(), "watch", "/h/", "--from-rev", String.valueOf(first), "--count", "3")) {
                ctl.awaitLine(l -> l.contains("/h/2"), EXIT_MS);
                long live = put(client, "/h/3", "three");
                assertEquals(0, ctl.awaitExit(EXIT_MS), ctl.describe());
                assertEquals(
                        List.of(
                                first + "  kv  /h/1  one  (version 1)",
                                (first + 1) + "  kv  /h/2  two  (version 1)",
                                live + "  kv  /h/3  three  (version 1)"),
                        ctl.out());
            }
        }
    }

    @Test
    void ctrlCEndsTheStreamAndTheWatchGoesWithItsSession() throws Exception {
        try (DevNode node = DevNode.start(dir);
                HavenClient client =
                        HavenClient.connect(ClientOptions.of(node.address())).join();
                HavenctlProcess ctl = HavenctlProcess.start("-s", node.address(), "watch", "/c/")) {
            awaitTrue(() -> node.role().watches().watches() == 1, "havenctl's watch is added");
            put(client, "/c/1", "x");
            ctl.awaitLine(l -> l.contains("/c/1"), EXIT_MS);
            ctl.interrupt();
            assertNotEquals(0, ctl.awaitExit(EXIT_MS), "an interrupted stream did not finish its work");
            awaitTrue(() -> node.role().watches().watches() == 0, "the watch goes with the connection");
        }
    }

    @Test
    void aStreamWhoseNodeRestartsResumesAfterTheLastPrintedRevisionWithoutGapOrRepeat() throws Exception {
        int clientPort = DevNode.freePort();
        int raftPort = DevNode.freePort();
        Path data = dir.resolve("node");
        String address = "127.0.0.1:" + clientPort;
        DevNode first = DevNode.start(data, clientPort, raftPort);
        try (HavenctlProcess ctl =
                HavenctlProcess.start("-s", address, "--timeout", "60000", "watch", "/r/", "--count", "4")) {
            try (HavenClient client =
                    HavenClient.connect(ClientOptions.of(address)).join()) {
                awaitTrue(() -> first.role().watches().watches() == 1, "havenctl's watch is added");
                put(client, "/r/1", "a");
                put(client, "/r/2", "b");
                ctl.awaitLine(l -> l.contains("/r/2"), EXIT_MS);
            } finally {
                first.close();
            }
            try (DevNode node = DevNode.start(data, clientPort, raftPort);
                    HavenClient client =
                            HavenClient.connect(ClientOptions.of(address)).join()) {
                awaitTrue(() -> node.role().watches().watches() == 1, "havenctl adds its watch again");
                put(client, "/r/3", "c");
                put(client, "/r/4", "d");
                assertEquals(0, ctl.awaitExit(EXIT_MS), ctl.describe());
            }
            List<String> keys = ctl.out().stream().map(l -> l.split("  ")[2]).toList();
            assertEquals(List.of("/r/1", "/r/2", "/r/3", "/r/4"), keys, ctl.describe());
        }
    }

    @Test
    void aReplayLongerThanTheSessionsQueueComesThroughWholeAPageAtATime() throws Exception {
        int changes = 10_050; // the node queues at most 10,000 events per session
        try (DevNode node = DevNode.start(dir);
                HavenClient client =
                        HavenClient.connect(ClientOptions.of(node.address())).join()) {
            Semaphore window = new Semaphore(256);
            AtomicLong first = new AtomicLong(Long.MAX_VALUE);
            for (int i = 0; i < changes; i++) {
                window.acquire();
                client.query(new DataRequest.KvPut("/big/" + i, new byte[] {1}, "", DataRequest.NO_VERSION))
                        .whenComplete((r, e) -> {
                            if (r != null) {
                                first.accumulateAndGet(
                                        ((DataResult.KvResult) r.data()).kv().rev(), Math::min);
                            }
                            window.release();
                        });
            }
            window.acquire(256);
            try (HavenctlProcess ctl = HavenctlProcess.start(
                    "-s",
                    node.address(),
                    "--json",
                    "watch",
                    "/big/",
                    "--from-rev",
                    "1",
                    "--count",
                    String.valueOf(changes))) {
                assertEquals(0, ctl.awaitExit(120_000), ctl.describe());
                List<String> lines = ctl.out();
                assertEquals(changes, lines.size());
                for (int i = 0; i < changes; i++) {
                    long rev = first.get() + i;
                    assertTrue(lines.get(i).contains("\"rev\":" + rev + ","), "line " + i + ": " + lines.get(i));
                }
            }
        }
    }
}
