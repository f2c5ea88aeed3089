package io.haven.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AddressRateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final AddressRateLimiter limiter = new AddressRateLimiter(3, Duration.ofSeconds(10), 100, now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void anAddressMayFailAsManyTimesAsTheBurstAndIsThenRefused() {
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.permits("10.0.0.1"));
            assertTrue(limiter.charge("10.0.0.1"));
        }
        assertFalse(limiter.permits("10.0.0.1"));
        assertFalse(limiter.charge("10.0.0.1"));
    }

    @Test
    void oneTokenComesBackPerRefillPeriod() {
        for (int i = 0; i < 3; i++) {
            limiter.charge("10.0.0.1");
        }
        advance(Duration.ofSeconds(9));
        assertFalse(limiter.permits("10.0.0.1"));
        advance(Duration.ofSeconds(1));
        assertTrue(limiter.permits("10.0.0.1"));
        assertTrue(limiter.charge("10.0.0.1"));
        assertFalse(limiter.permits("10.0.0.1"));
    }

    @Test
    void addressesHaveBucketsOfTheirOwn() {
        for (int i = 0; i < 3; i++) {
            limiter.charge("10.0.0.1");
        }
        assertFalse(limiter.permits("10.0.0.1"));
        assertTrue(limiter.permits("10.0.0.2"));
    }

    @Test
    void anAddressWhoseBucketRefilledIsNoLongerTracked() {
        limiter.charge("10.0.0.1");
        assertEquals(1, limiter.tracked());
        advance(Duration.ofSeconds(10));
        assertTrue(limiter.permits("10.0.0.1"));
        assertEquals(0, limiter.tracked());
    }

    @Test
    void theNumberOfTrackedAddressesIsBounded() {
        for (int i = 0; i < 250; i++) {
            limiter.charge("10.0." + (i / 256) + "." + (i % 256));
        }
        assertEquals(100, limiter.tracked());
        assertTrue(limiter.permits("10.0.0.0"), "the least recently charged were forgotten");
    }

    @Test
    void tokensNeverExceedTheBurstAfterALongPause() {
        limiter.charge("10.0.0.1");
        advance(Duration.ofDays(1));
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.charge("10.0.0.1"));
        }
        assertFalse(limiter.permits("10.0.0.1"));
    }
}
