package io.haven.quorum.internal;

import io.haven.quorum.Quorum;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's clock ticks: every tick interval, each quorum this node leads gets a tick entry, so that timeouts and
 * leases expire at one log position on every member; groups another node added this node to are adopted first.
 * Runs on its own thread, {@code haven-ticker}, which does nothing but this (a membership change or a division
 * restart never holds it up): a tick's send runs on the quorum's sender threads.
 */
public final class LeaderTicker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderTicker.class);

    private final QuorumCatalog catalog;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "haven-ticker");
        t.setDaemon(true);
        return t;
    });

    public LeaderTicker(QuorumCatalog catalog) {
        this.catalog = catalog;
    }

    public void start(Duration interval) {
        long ms = interval.toMillis();
        thread.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Reads a fault-points file now and whenever it changes (the fault harness' way in; tests only). */
    public void watch(FaultPoints faults, Path file) {
        thread.scheduleWithFixedDelay(() -> faults.reload(file), 0, 500, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            catalog.adoptNewGroups();
        } catch (IOException | RuntimeException e) {
            LOG.debug("adopting new groups failed: {}", e.toString());
        }
        for (Quorum q : catalog.nameless()) {
            if (q.isLeader()) {
                // The leader does not know the name: the tick carries none, but timeouts and leases still expire.
                ((QuorumHandle) q).tick(List.of()).exceptionally(e -> null);
            }
        }
        for (Quorum q : catalog.quorums()) {
            if (q.isLeader()) {
                // A leader that has not been told the paths announces none: its default "/" would overwrite the
                // real paths on every member that learns from the log (a q2 member then took /a writes as its own).
                List<String> announce = catalog.knowsPaths(q.name()) ? catalog.paths(q.name()) : List.of();
                ((QuorumHandle) q).tick(announce).exceptionally(e -> {
                    LOG.debug("tick of {} failed: {}", q.name(), e.toString());
                    return null;
                });
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
