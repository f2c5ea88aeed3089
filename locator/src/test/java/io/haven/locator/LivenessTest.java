package io.haven.locator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LivenessTest {
    private final AtomicLong now = new AtomicLong();
    private final Liveness liveness = new Liveness(1000, now::get);

    private void advanceMs(long ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void aSilentNodeIsDownAfterTheDownTimeAndUpAgainWhenHeard() {
        liveness.heard("n");
        advanceMs(999);
        assertTrue(liveness.up("n"));
        advanceMs(1);
        assertFalse(liveness.up("n"));
        liveness.heard("n");
        assertTrue(liveness.up("n"));
    }

    @Test
    void aNodeNeverHeardFromIsUpOnlyDuringTheGracePeriodAfterARestart() {
        advanceMs(5000);
        assertFalse(liveness.up("x"));
        liveness.restart();
        assertTrue(liveness.up("x"));
        advanceMs(1000);
        assertFalse(liveness.up("x"));
    }
}
