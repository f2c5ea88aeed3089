package io.haven.quorum.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Groups concurrent DATA commands into Raft entries. A command goes out at once when fewer than {@code maxInflight}
 * entries are in flight; otherwise it waits, and everything that waits leaves together in the next entry (bounded
 * by count and bytes) as soon as one entry completes. So a lone client pays one round trip, and many clients share
 * each fsync and each append: the batch grows with the load, without a timer.
 *
 * <p>Thread-safe: {@link #submit} may be called from any thread (Netty event loops included; it never blocks).
 * The queue and the in-flight count are guarded by {@code this}.
 */
final class Batcher {
    private final int maxCommands;
    private final int maxBytes;
    private final int maxInflight;
    private final Function<List<byte[]>, CompletableFuture<List<Answer>>> sender;

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int inflight;

    Batcher(
            int maxCommands,
            int maxBytes,
            int maxInflight,
            Function<List<byte[]>, CompletableFuture<List<Answer>>> sender) {
        this.maxCommands = maxCommands;
        this.maxBytes = maxBytes;
        this.maxInflight = maxInflight;
        this.sender = sender;
    }

    private record Pending(byte[] command, CompletableFuture<Answer> reply) {}

    /** Queues one encoded command; the future completes with its answer. */
    CompletableFuture<Answer> submit(byte[] command) {
        CompletableFuture<Answer> reply = new CompletableFuture<>();
        synchronized (this) {
            queue.add(new Pending(command, reply));
        }
        drain();
        return reply;
    }

    synchronized int queued() {
        return queue.size();
    }

    private void drain() {
        while (true) {
            List<Pending> batch;
            synchronized (this) {
                if (inflight >= maxInflight || queue.isEmpty()) {
                    return;
                }
                batch = new ArrayList<>();
                int bytes = 0;
                while (!queue.isEmpty() && batch.size() < maxCommands) {
                    Pending next = queue.peek();
                    if (!batch.isEmpty() && bytes + next.command.length > maxBytes) {
                        break;
                    }
                    bytes += next.command.length;
                    batch.add(queue.poll());
                }
                inflight++;
            }
            send(batch);
        }
    }

    private void send(List<Pending> batch) {
        List<byte[]> commands = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            commands.add(p.command);
        }
        CompletableFuture<List<Answer>> sent;
        try {
            sent = sender.apply(commands);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((replies, error) -> {
            synchronized (this) {
                inflight--;
            }
            for (int i = 0; i < batch.size(); i++) {
                CompletableFuture<Answer> f = batch.get(i).reply;
                if (error != null) {
                    f.completeExceptionally(error);
                } else if (i < replies.size()) {
                    f.complete(replies.get(i));
                } else {
                    f.completeExceptionally(new IllegalStateException("batch reply is missing command " + i));
                }
            }
            drain();
        });
    }
}
