package io.haven.quorum.internal;

import io.haven.protocol.HavenException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;

/**
 * Whether this member can commit now, as it knows: it fails with UNAVAILABLE when it is electing, has heard nothing
 * from its leader for longer than an election timeout, or (as leader) fewer than a majority of voters answered it
 * within that time. A request that finds the quorum unavailable waits for it ({@link #whenAvailable}) within its
 * budget instead of failing at once. Thread-safe.
 */
final class Availability {
    /**
     * A passed check is reused this long: the role info it reads is built afresh on every call, too dear for every
     * request at thousands a second, and a quorum that lost its majority is found a few ms later either way.
     */
    private static final long REUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final String name;
    private final RaftGroupId groupId;
    private final RaftServer server;
    private final long electionTimeoutMaxMs;
    private final ScheduledExecutorService scheduler;
    private final Function<Throwable, HavenException> unavailable;

    /** When {@link #check} last passed; a check older than {@link #REUSE_NANOS} runs again. */
    private volatile long availableAtNanos = System.nanoTime() - REUSE_NANOS;

    Availability(
            String name,
            RaftGroupId groupId,
            RaftServer server,
            long electionTimeoutMaxMs,
            ScheduledExecutorService scheduler,
            Function<Throwable, HavenException> unavailable) {
        this.name = name;
        this.groupId = groupId;
        this.server = server;
        this.electionTimeoutMaxMs = electionTimeoutMaxMs;
        this.scheduler = scheduler;
        this.unavailable = unavailable;
    }

    void check() {
        long now = System.nanoTime();
        if (now - availableAtNanos < REUSE_NANOS) {
            return;
        }
        checkNow();
        availableAtNanos = now;
    }

    /** Completes when {@link #check()} passes, or fails with its error once {@code endNanos} is reached. */
    CompletableFuture<Void> whenAvailable(long endNanos) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Runnable[] probe = new Runnable[1];
        probe[0] = () -> {
            try {
                check();
                ready.complete(null);
            } catch (HavenException e) {
                if (System.nanoTime() >= endNanos) {
                    ready.completeExceptionally(e);
                } else {
                    scheduler.schedule(probe[0], 50, TimeUnit.MILLISECONDS);
                }
            } catch (RuntimeException e) {
                ready.completeExceptionally(e);
            }
        };
        scheduler.schedule(probe[0], 50, TimeUnit.MILLISECONDS);
        return ready;
    }

    private void checkNow() {
        RaftServer.Division d;
        try {
            d = server.getDivision(groupId);
        } catch (IOException e) {
            throw unavailable.apply(e);
        }
        RaftProtos.RoleInfoProto role = d.getInfo().getRoleInfoProto();
        long limit = electionTimeoutMaxMs;
        switch (role.getRole()) {
            case LEADER -> {
                int voters = d.getRaftConf().getCurrentPeers().size();
                int heard = 1;
                for (RaftProtos.ServerRpcProto f : role.getLeaderInfo().getFollowerInfoList()) {
                    boolean voter = d.getRaftConf().getCurrentPeers().stream()
                            .anyMatch(p ->
                                    p.getId().toByteString().equals(f.getId().getId()));
                    if (voter && f.getLastRpcElapsedTimeMs() <= limit) {
                        heard++;
                    }
                }
                if (heard * 2 <= voters) {
                    throw HavenException.unavailable(
                            "quorum " + name + " has no majority: its leader hears from " + heard + " of " + voters
                                    + " members",
                            name);
                }
            }
            case FOLLOWER, LISTENER -> {
                if (d.getInfo().getLeaderId() == null
                        || role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs() > limit) {
                    throw HavenException.unavailable("quorum " + name + " has no leader right now", name);
                }
            }
            default -> throw HavenException.unavailable("quorum " + name + " is electing a leader", name);
        }
    }
}
