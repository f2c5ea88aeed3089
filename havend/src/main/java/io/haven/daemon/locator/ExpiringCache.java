package io.haven.daemon.locator;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Answers kept for a short fixed time, then asked again. Bounded: when full it is emptied whole, which is cheap and
 * fine for what it holds (directory answers for the few paths and prefixes a node sees).
 */
final class ExpiringCache<K, V> {
    private record Stamped<V>(V value, long atNanos) {}

    private final Map<K, Stamped<V>> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int max;

    ExpiringCache(long ttlMs, int max) {
        this.ttlNanos = TimeUnit.MILLISECONDS.toNanos(ttlMs);
        this.max = max;
    }

    /** The value put for {@code key} less than the time to live ago. */
    Optional<V> get(K key) {
        Stamped<V> s = entries.get(key);
        return s != null && System.nanoTime() - s.atNanos() < ttlNanos ? Optional.of(s.value()) : Optional.empty();
    }

    void put(K key, V value) {
        if (entries.size() >= max) {
            entries.clear();
        }
        entries.put(key, new Stamped<>(value, System.nanoTime()));
    }

    void remove(K key) {
        entries.remove(key);
    }
}
