package io.haven.protocol.auth;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A token bucket per remote address, for failed authentication attempts: each failure {@linkplain #charge takes}
 * one token, tokens come back one per {@code refillEvery} up to {@code burst}, and an address whose bucket is empty
 * is not {@linkplain #permits permitted} to try again until one has. An address that never fails costs nothing: only
 * addresses with a bucket below full are tracked, and at most {@code maxAddresses} of them (the least recently
 * charged is forgotten first, which only ever lets an address try sooner).
 *
 * <p>A node checks {@code permits(ip)} before verifying a token, answers {@code ERROR_LIMIT} (429) when it is false,
 * and calls {@code charge(ip)} when the token is refused. Key it by the remote IP address, not {@code ip:port}: a new
 * connection gets a new port. Thread-safe (one lock); time comes from {@code nanoClock}, so tests can move it.
 */
public final class AddressRateLimiter {
    public static final int DEFAULT_BURST = 10;
    public static final Duration DEFAULT_REFILL_EVERY = Duration.ofSeconds(6);
    public static final int DEFAULT_MAX_ADDRESSES = 10_000;

    private final int burst;
    private final long refillNanos;
    private final int maxAddresses;
    private final LongSupplier nanoClock;

    /** Tokens left per address, for addresses below a full bucket; least recently seen first. Guarded by this. */
    private final LinkedHashMap<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true);

    /** Guarded by the limiter's lock. */
    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    public AddressRateLimiter(int burst, Duration refillEvery, int maxAddresses, LongSupplier nanoClock) {
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1: " + burst);
        }
        if (refillEvery.isNegative() || refillEvery.isZero()) {
            throw new IllegalArgumentException("refillEvery must be positive: " + refillEvery);
        }
        if (maxAddresses < 1) {
            throw new IllegalArgumentException("maxAddresses must be at least 1: " + maxAddresses);
        }
        this.burst = burst;
        this.refillNanos = refillEvery.toNanos();
        this.maxAddresses = maxAddresses;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** {@value #DEFAULT_BURST} failures at once, then one every 6 s, for up to 10,000 addresses, on System.nanoTime. */
    public static AddressRateLimiter withDefaults() {
        return new AddressRateLimiter(DEFAULT_BURST, DEFAULT_REFILL_EVERY, DEFAULT_MAX_ADDRESSES, System::nanoTime);
    }

    /** Whether {@code address} may make another attempt: its bucket holds at least one token. */
    public synchronized boolean permits(String address) {
        Bucket b = refilled(address);
        return b == null || b.tokens >= 1;
    }

    /**
     * Takes a token for a failed attempt of {@code address}; false when there was none left (the attempt should
     * not have been made).
     */
    public synchronized boolean charge(String address) {
        Bucket b = refilled(address);
        if (b == null) {
            b = new Bucket(burst, nanoClock.getAsLong());
            buckets.put(address, b);
            evict();
        }
        if (b.tokens < 1) {
            return false;
        }
        b.tokens -= 1;
        return true;
    }

    /** The number of addresses with a bucket below full. */
    public synchronized int tracked() {
        return buckets.size();
    }

    /** The address's bucket brought up to now, or null when it is full (and then no longer tracked). */
    private Bucket refilled(String address) {
        Bucket b = buckets.get(address);
        if (b == null) {
            return null;
        }
        long now = nanoClock.getAsLong();
        b.tokens = Math.min(burst, b.tokens + (double) (now - b.at) / refillNanos);
        b.at = now;
        if (b.tokens >= burst) {
            buckets.remove(address);
            return null;
        }
        return b;
    }

    private void evict() {
        Iterator<String> eldestFirst = buckets.keySet().iterator();
        while (buckets.size() > maxAddresses) {
            eldestFirst.next();
            eldestFirst.remove();
        }
    }
}
