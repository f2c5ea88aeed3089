package io.haven.protocol.data;

import java.util.Optional;

/**
 * The states of a promise. Only PENDING moves; every other state is final.
 *
 * <pre>
 *            settle(RESOLVED)          +----------+
 *          +-------------------------> | RESOLVED |
 *          |  settle(REJECTED)         +----------+
 * +---------+----------------------->  REJECTED
 * | PENDING |  settle(REJECTED_CANCELED)
 * +---------+----------------------->  REJECTED_CANCELED
 *          |  now >= timeout (RESOLVED for haven:timer promises)
 *          +------------------------>  REJECTED_TIMEDOUT
 * </pre>
 */
public enum PromiseState {
    PENDING,
    RESOLVED,
    REJECTED,
    REJECTED_CANCELED,
    REJECTED_TIMEDOUT;

    public String wireName() {
        return name();
    }

    public boolean isPending() {
        return this == PENDING;
    }

    public static Optional<PromiseState> of(String wireName) {
        for (PromiseState s : values()) {
            if (s.name().equals(wireName)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
