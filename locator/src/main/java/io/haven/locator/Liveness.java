package io.haven.locator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Which nodes a locator member has heard from lately: kept in memory only (a heartbeat is never a Raft write). A
 * node is up when its last heartbeat reached this member less than {@code downMs} ago. A node not heard from at all
 * is given the benefit of the doubt for {@code downMs} after this member started watching ({@link #restart}): its
 * agent may simply not have found this member yet. Thread-safe.
 */
public final class Liveness {
    private final long downNanos;
    private final LongSupplier clock;
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    private volatile long watchingSince;

    public Liveness(long downMs) {
        this(downMs, System::nanoTime);
    }

    Liveness(long downMs, LongSupplier clock) {
        if (downMs <= 0) {
            throw new IllegalArgumentException("downMs must be positive: " + downMs);
        }
        this.downNanos = TimeUnit.MILLISECONDS.toNanos(downMs);
        this.clock = clock;
        this.watchingSince = clock.getAsLong();
    }

    /** A heartbeat from {@code uuid} arrived now. */
    public void heard(String uuid) {
        lastSeen.put(uuid, clock.getAsLong());
    }

    /**
     * Starts the grace period again: this member just became the one agents heartbeat to (the locator leader), so
     * what it saw before says nothing.
     */
    public void restart() {
        watchingSince = clock.getAsLong();
    }

    public boolean up(String uuid) {
        long now = clock.getAsLong();
        Long seen = lastSeen.get(uuid);
        long last = seen == null ? watchingSince : Math.max(seen, watchingSince);
        return now - last < downNanos;
    }
}
