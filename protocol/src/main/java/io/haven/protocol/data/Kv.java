package io.haven.protocol.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A key/value entry. {@code version} counts the key's writes since it was last created; {@code rev} is the
 * quorum revision of its last change. The byte array is owned by the record.
 */
public record Kv(String key, byte[] value, String contentType, long version, long rev) {
    public Kv {
        Objects.requireNonNull(key, "key");
        value = value.clone();
        Objects.requireNonNull(contentType, "contentType");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Kv k
                && key.equals(k.key)
                && Arrays.equals(value, k.value)
                && contentType.equals(k.contentType)
                && version == k.version
                && rev == k.rev;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, Arrays.hashCode(value), contentType, version, rev);
    }

    @Override
    public String toString() {
        return "Kv[key=" + key + ", value=" + value.length + " bytes, contentType=" + contentType + ", version="
                + version + ", rev=" + rev + "]";
    }
}
