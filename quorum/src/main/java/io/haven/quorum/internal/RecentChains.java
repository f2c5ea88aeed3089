package io.haven.quorum.internal;

import io.haven.storage.Chain;
import java.util.Optional;

/**
 * The hash chains of the last entries a replica applied, by log index, so that a leader's chain at index {@code i}
 * (carried by a later tick) can be compared with this replica's own at {@code i}. A fixed ring of {@value #SLOTS}
 * slots: a leader names an index about one tick behind the tick's own, far inside it; an older index is not found
 * and simply not compared. Confined to the apply thread.
 */
final class RecentChains {
    static final int SLOTS = 8192;

    private final Chain[] slots = new Chain[SLOTS];

    void record(Chain chain) {
        slots[slot(chain.index())] = chain;
    }

    Optional<Chain> at(long index) {
        Chain c = slots[slot(index)];
        return c != null && c.index() == index ? Optional.of(c) : Optional.empty();
    }

    void clear() {
        java.util.Arrays.fill(slots, null);
    }

    private static int slot(long index) {
        return (int) Math.floorMod(index, (long) SLOTS);
    }
}
