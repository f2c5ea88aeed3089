package io.haven.protocol.data;

import java.util.Optional;

/**
 * The states of a task; the full transition table is in DESIGN section 4 and {@code protocol-docs/data.md}.
 *
 * <pre>
 *            acquire                 suspend (all awaited pending)
 * PENDING ----------------> ACQUIRED --------------------------> SUSPENDED
 *    ^   <----------------     |                                     |
 *    |   release / lease lost  | complete                            | an awaited promise settles
 *    |                         v                                     |
 *    |                     FULFILLED                                 |
 *    +---------------------------------------------------------------+
 * </pre>
 */
public enum TaskState {
    PENDING,
    ACQUIRED,
    SUSPENDED,
    FULFILLED;

    public String wireName() {
        return name();
    }

    public static Optional<TaskState> of(String wireName) {
        for (TaskState s : values()) {
            if (s.name().equals(wireName)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
