/**
 * Watches: per-session subscriptions to a quorum's committed changes, matched on this member's apply path and
 * delivered on the session's heartbeats (pongs), in revision order, acknowledged by the next ping's {@code ack}.
 *
 * <p>Threads: each quorum's apply thread calls {@link io.haven.daemon.watch.WatchHub#applied}; request threads
 * (Netty event loops) add and remove watches and collect pongs. A session's queue is guarded by its own monitor;
 * the catch-up of a new watch and the apply path of its quorum meet under that quorum's monitor.
 */
package io.haven.daemon.watch;
