package io.haven.protocol.data;

import java.util.Arrays;
import java.util.Map;

/**
 * A promise's param or value: {@code {headers: map<str,str>, data: bin}}.
 *
 * <p>The byte array is owned by the record: callers must not change it after construction or through {@link
 * #data()}.
 */
public record Payload(Map<String, String> headers, byte[] data) {
    public static final Payload EMPTY = new Payload(Map.of(), new byte[0]);

    public Payload {
        headers = Map.copyOf(headers);
        data = data.clone();
    }

    public static Payload of(byte[] data) {
        return new Payload(Map.of(), data);
    }

    public boolean isEmpty() {
        return headers.isEmpty() && data.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload p && headers.equals(p.headers) && Arrays.equals(data, p.data);
    }

    @Override
    public int hashCode() {
        return headers.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Payload[headers=" + headers + ", data=" + data.length + " bytes]";
    }
}
