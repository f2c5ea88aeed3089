package io.haven.client;

import java.util.Map;

/**
 * What a routing client did since it connected; counters only grow. All zero when routing is off.
 *
 * @param routed DATA requests that went through routing
 * @param discoveries DISCOVER {@code quorum} questions asked (cache misses)
 * @param fallbacks requests sent to the connected node as a client without routing would, because it could not
 *     answer DISCOVER (no location service) or named no quorum for the path
 * @param notMineFollowed NOT_MINE answers followed to the {@code location} they named
 * @param resentUnsent attempts that never reached a node (connection refused or lost before writing) and were sent
 *     to another member
 * @param readsRetried reads sent again after UNAVAILABLE or a connection lost after sending
 * @param answersByAddress successful answers by the address of the node that gave them
 */
public record RoutingStats(
        long routed,
        long discoveries,
        long fallbacks,
        long notMineFollowed,
        long resentUnsent,
        long readsRetried,
        Map<String, Long> answersByAddress) {
    public RoutingStats {
        answersByAddress = Map.copyOf(answersByAddress);
    }

    public static final RoutingStats NONE = new RoutingStats(0, 0, 0, 0, 0, 0, Map.of());
}
