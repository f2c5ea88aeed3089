package io.haven.protocol.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster public keys a node accepts tokens from, by {@linkplain ClusterKeys#keyId key id}. Several keys let a
 * cluster rotate: add the new key everywhere, issue with it, then drop the old one (every token it signed is
 * refused from then on). Immutable; {@link #with} and {@link #without} make new rings.
 */
public final class KeyRing {
    public static final KeyRing EMPTY = new KeyRing(Map.of());

    private final Map<String, PublicKey> byId;

    private KeyRing(Map<String, PublicKey> byId) {
        this.byId = Collections.unmodifiableMap(new LinkedHashMap<>(byId));
    }

    public static KeyRing of(PublicKey... keys) {
        KeyRing ring = EMPTY;
        for (PublicKey k : keys) {
            ring = ring.with(k);
        }
        return ring;
    }

    /** Every public key of the given PEM files (each may hold several {@code PUBLIC KEY} blocks). */
    public static KeyRing read(Path... files) throws IOException {
        KeyRing ring = EMPTY;
        for (Path f : files) {
            for (PublicKey k : ClusterKeys.readPublicKeys(f)) {
                ring = ring.with(k);
            }
        }
        return ring;
    }

    public KeyRing with(PublicKey key) {
        Map<String, PublicKey> m = new LinkedHashMap<>(byId);
        m.put(ClusterKeys.keyId(key), key);
        return new KeyRing(m);
    }

    public KeyRing without(String keyId) {
        Map<String, PublicKey> m = new LinkedHashMap<>(byId);
        m.remove(keyId);
        return new KeyRing(m);
    }

    public Optional<PublicKey> find(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    /** The key ids, in the order the keys were added. */
    public Set<String> keyIds() {
        return byId.keySet();
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    @Override
    public String toString() {
        return "KeyRing" + byId.keySet();
    }
}
