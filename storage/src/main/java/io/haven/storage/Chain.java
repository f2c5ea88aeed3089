package io.haven.storage;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The running hash of everything a store applied, as of one log position: {@code hash = SHA-256(previous hash,
 * revision, change)} folded over every change in revision order, where {@code change} is the change-log record's
 * exact bytes. Two replicas at the same index hold the same data exactly when their chains agree (up to SHA-256),
 * so comparing one 32-byte value finds a replica that diverged, whatever part of its store differs.
 *
 * <p>The chain begins at {@code origin}: 0 for a store that has had it from its first change, else the revision at
 * which a store written before the chain existed began it. Only chains with the same origin can be compared. The
 * chain is written in the same RocksDB batch as the data, so a checkpoint carries it.
 *
 * @param index the applied log index this hash holds at
 * @param origin the revision the chain began after
 * @param hash 32 bytes
 */
public record Chain(long index, long origin, byte[] hash) {
    public static final int HASH_BYTES = 32;

    public Chain {
        Objects.requireNonNull(hash, "hash");
        if (hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("a chain hash is " + HASH_BYTES + " bytes, not " + hash.length);
        }
        hash = hash.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** Whether {@code other} is the same chain at the same index (same origin and hash). */
    public boolean agreesWith(Chain other) {
        return index == other.index && origin == other.origin && Arrays.equals(hash, other.hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Chain c && agreesWith(c);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index) * 31 + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "chain@" + index + "(origin " + origin + ")=" + HexFormat.of().formatHex(hash, 0, 8);
    }
}
