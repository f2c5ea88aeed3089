package io.haven.bench;

import io.haven.client.ClientOptions;
import io.haven.client.HavenClient;
import io.haven.daemon.HavenNode;
import io.haven.daemon.Havend;
import io.haven.daemon.HavendConfig;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Watch notification latency and delivery rate: {@code --watchers} sessions (one connection each) watch one prefix
 * with long-poll pings while a writer puts keys under it. For every event each watcher receives, the latency is the
 * time from the writer's acknowledgement of that write (and, second, from its sending) to the watcher's receipt of
 * the pong carrying it. Delivered events per second count every event every watcher received.
 *
 * <pre>
 * WatchLatencyBenchmark [--target HOST:PORT] [--watchers 100] [--writes 5000] [--rate 200] [--in-flight 16]
 * </pre>
 *
 * Without {@code --target} it runs against an in-process node wired as {@code havend --dev} (data in a temporary
 * directory). {@code --rate 0} writes as fast as {@code --in-flight} allows (for the delivery rate); a positive rate
 * paces the writes (for latency under a steady load). Run it with {@code
 * HAVEN_BENCH_MAIN=io.haven.bench.WatchLatencyBenchmark bin/haven-bench ...}.
 */
public final class WatchLatencyBenchmark {
    private static final String PREFIX = "/bench/watch/";

    private int watchers = 100;
    private int writes = 5_000;
    private int rate = 200;
    private int inFlight = 16;
    private String target = "";

    /** Per write revision: when the writer sent it and when its acknowledgement arrived (nanoTime). */
    private final Map<Long, long[]> writeTimes = new ConcurrentHashMap<>();

    private WatchLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        WatchLatencyBenchmark b = new WatchLatencyBenchmark();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--target" -> b.target = value;
                case "--watchers" -> b.watchers = Integer.parseInt(value);
                case "--writes" -> b.writes = Integer.parseInt(value);
                case "--rate" -> b.rate = Integer.parseInt(value);
                case "--in-flight" -> b.inFlight = Integer.parseInt(value);
                default -> {
                    System.err.println("usage: WatchLatencyBenchmark [--target HOST:PORT] [--watchers N] [--writes N]"
                            + " [--rate WRITES_PER_S (0: unpaced)] [--in-flight N]");
                    System.exit(2);
                }
            }
            i++;
        }
        System.exit(b.run());
    }

    private int run() throws Exception {
        HavenNode node = null;
        Path data = null;
        String address = target;
        if (address.isEmpty()) {
            data = Files.createTempDirectory("haven-watch-bench");
            node = startDevNode(data);
            address = "127.0.0.1:" + node.address().getPort();
        }
        try {
            return measure(address);
        } finally {
            if (node != null) {
                node.close();
            }
        }
    }

    private int measure(String address) throws Exception {
        List<Watcher> all = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(watchers);
        for (int i = 0; i < watchers; i++) {
            Watcher w = new Watcher(address, ready, i);
            all.add(w);
            w.thread.start();
        }
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the watchers did not all add their watch within 60 s");
        }
        long start = System.nanoTime();
        long failed = write(address);
        long writtenNanos = System.nanoTime() - start;
        long expected = writeTimes.size();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (Watcher w : all) {
            while (w.received.get() < expected && System.nanoTime() < end) {
                Thread.sleep(10);
            }
        }
        long lastReceipt = 0;
        Histogram fromAck = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        Histogram fromSend = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long events = 0;
        long beforeAck = 0;
        for (Watcher w : all) {
            w.stop = true;
            w.thread.join(10_000);
            for (int i = 0; i < w.count; i++) {
                long[] t = writeTimes.get(w.revs[i]);
                long receipt = w.times[i];
                lastReceipt = Math.max(lastReceipt, receipt);
                events++;
                if (t == null) {
                    continue; // a write whose acknowledgement was lost: no reference time
                }
                fromSend.recordValue(Math.max(0, receipt - t[0]));
                if (receipt < t[1]) {
                    beforeAck++;
                }
                fromAck.recordValue(Math.max(0, receipt - t[1]));
            }
        }
        double deliverySeconds = (lastReceipt - start) / 1e9;
        System.out.printf(
                "watchers %d, writes %d acknowledged (%d failed) in %.2f s = %.0f writes/s (rate %s, %d in flight)%n",
                watchers,
                expected,
                failed,
                writtenNanos / 1e9,
                expected / (writtenNanos / 1e9),
                rate == 0 ? "unpaced" : rate + "/s",
                inFlight);
        System.out.printf(
                "events delivered %d of %d expected in %.2f s = %.0f events/s%n",
                events, expected * watchers, deliverySeconds, events / deliverySeconds);
        System.out.printf("%-26s %8s %8s %8s %8s %8s%n", "latency (ms)", "p50", "p90", "p99", "p99.9", "max");
        row("write acknowledged->event", fromAck);
        row("write sent->event", fromSend);
        System.out.printf("events received before the writer's acknowledgement (counted as 0): %d%n", beforeAck);
        return events == expected * watchers ? 0 : 1;
    }

    private static void row(String name, Histogram h) {
        System.out.printf(
                "%-26s %8.2f %8.2f %8.2f %8.2f %8.2f%n",
                name,
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(90) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6,
                h.getMaxValue() / 1e6);
    }

    /** Puts {@code writes} keys under the prefix, paced or not; returns how many failed. */
    private long write(String address) throws InterruptedException {
        AtomicLong failed = new AtomicLong();
        Semaphore window = new Semaphore(inFlight);
        try (HavenClient client = HavenClient.connect(ClientOptions.of(address)).join()) {
            long start = System.nanoTime();
            for (int i = 0; i < writes; i++) {
                if (rate > 0) {
                    long due = start + (long) (i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                window.acquire();
                long sent = System.nanoTime();
                byte[] value = Long.toString(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                client.query(new DataRequest.KvPut(PREFIX + (i % 1000), value, "", DataRequest.NO_VERSION))
                        .whenComplete((r, e) -> {
                            long acked = System.nanoTime();
                            if (e == null && r.data() instanceof DataResult.KvResult kv) {
                                writeTimes.put(kv.kv().rev(), new long[] {sent, acked});
                            } else {
                                failed.incrementAndGet();
                            }
                            window.release();
                        });
            }
            window.acquire(inFlight);
        }
        return failed.get();
    }

    /** One session: a watch on the prefix and long-poll pings; records each event's revision and receipt time. */
    private final class Watcher implements Runnable {
        final Thread thread;
        final String address;
        final CountDownLatch ready;
        final AtomicLong received = new AtomicLong();
        long[] revs = new long[1024];
        long[] times = new long[1024];
        int count;
        volatile boolean stop;

        Watcher(String address, CountDownLatch ready, int id) {
            this.address = address;
            this.ready = ready;
            this.thread = new Thread(this, "watcher-" + id);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            try (HavenClient client = HavenClient.connect(
                            ClientOptions.of(address).withAutoHeartbeat(false).withIoThreads(1))
                    .join()) {
                client.query(new DataRequest.WatchAdd(PREFIX, 0)).join();
                ready.countDown();
                long ack = 0;
                while (!stop) {
                    Request.Ping ping = new Request.Ping(Envelope.NONE, ack, 200, "", Map.of());
                    Response.Pong pong = (Response.Pong)
                            client.send(ping, Duration.ofSeconds(10)).join();
                    long now = System.nanoTime();
                    for (Response.WatchNotice n : pong.events()) {
                        if (n instanceof Response.WatchEvent e && e.change().rev() > ack) {
                            record(e.change().rev(), now);
                            ack = e.change().rev();
                        }
                    }
                }
            } catch (RuntimeException e) {
                System.err.println(thread.getName() + " failed: " + e);
            }
        }

        private void record(long rev, long now) {
            if (count == revs.length) {
                revs = java.util.Arrays.copyOf(revs, count * 2);
                times = java.util.Arrays.copyOf(times, count * 2);
            }
            revs[count] = rev;
            times[count] = now;
            count++;
            received.incrementAndGet();
        }
    }

    private static HavenNode startDevNode(Path data) throws IOException, InterruptedException {
        int raftPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            raftPort = s.getLocalPort();
        }
        return Havend.start(HavendConfig.from(Map.of(
                HavendConfig.DATA_KEY,
                data.toString(),
                HavendConfig.LISTEN_KEY,
                "127.0.0.1:0",
                HavendConfig.RAFT_KEY,
                "127.0.0.1:" + raftPort,
                HavendConfig.DEV_KEY,
                "true")));
    }
}
