package io.haven.daemon.watch;

/**
 * Bounds that keep one client from growing a node's memory.
 *
 * @param maxWatchesPerSession watches one session may hold (default 64)
 * @param maxQueuedPerSession undelivered or unacknowledged events one session may hold (default 10,000); a watch
 *     whose event would pass it is cancelled with LIMIT naming the revision to resume from
 * @param maxEventsPerPong events one pong carries at most (default 1,000); the rest follow on the next pings
 */
public record WatchLimits(int maxWatchesPerSession, int maxQueuedPerSession, int maxEventsPerPong) {
    public static final WatchLimits DEFAULTS = new WatchLimits(64, 10_000, 1_000);

    public WatchLimits {
        if (maxWatchesPerSession < 1 || maxQueuedPerSession < 1 || maxEventsPerPong < 1) {
            throw new IllegalArgumentException("watch limits must be positive");
        }
    }
}
