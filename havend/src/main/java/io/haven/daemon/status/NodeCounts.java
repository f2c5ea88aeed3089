package io.haven.daemon.status;

/**
 * What the node holds for its clients right now.
 *
 * @param sessions open client sessions
 * @param watches watches those sessions have
 * @param queuedEvents matched watch events not yet acknowledged by their sessions
 */
public record NodeCounts(int sessions, int watches, long queuedEvents) {
    public static final NodeCounts NONE = new NodeCounts(0, 0, 0);

    public NodeCounts {
        if (sessions < 0 || watches < 0 || queuedEvents < 0) {
            throw new IllegalArgumentException("negative count: " + sessions + ", " + watches + ", " + queuedEvents);
        }
    }
}
