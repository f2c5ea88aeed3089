package io.haven.daemon.status;

import java.util.Objects;

/**
 * One member of a quorum as this node sees it.
 *
 * @param uuid the member's node uuid
 * @param raftAddress its peer (Raft) {@code host:port}
 * @param clientAddress the {@code host:port} its clients reach it at; empty when unknown
 * @param voter false for a learner still catching up
 * @param matchIndex the highest log index the leader knows the member holds; {@link #UNKNOWN} unless this node is
 *     the leader (only the leader tracks it)
 */
public record MemberInfo(String uuid, String raftAddress, String clientAddress, boolean voter, long matchIndex) {
    /** A {@link #matchIndex} this node does not know. */
    public static final long UNKNOWN = -1;

    public MemberInfo {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(raftAddress, "raftAddress");
        Objects.requireNonNull(clientAddress, "clientAddress");
        if (matchIndex < UNKNOWN) {
            throw new IllegalArgumentException("matchIndex " + matchIndex);
        }
    }

    /** Entries the member is behind {@code commitIndex}, or {@link #UNKNOWN} when its match index is unknown. */
    public long lag(long commitIndex) {
        return matchIndex == UNKNOWN ? UNKNOWN : Math.max(0, commitIndex - matchIndex);
    }
}
