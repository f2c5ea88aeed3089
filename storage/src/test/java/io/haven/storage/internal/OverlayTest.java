package io.haven.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Overlays over an empty layer and a base overlay (the merge logic is the same whatever lies below). */
class OverlayTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> keys(List<Map.Entry<byte[], byte[]>> entries) {
        return entries.stream()
                .map(e -> new String(e.getKey(), StandardCharsets.UTF_8))
                .toList();
    }

    private static Overlay base() {
        Overlay base = new Overlay(new Layer() {
            @Override
            public byte[] get(Cf cf, byte[] key) {
                return null;
            }

            @Override
            public List<Map.Entry<byte[], byte[]>> scan(Cf cf, byte[] from, byte[] to, int limit) {
                return List.of();
            }
        });
        for (String k : List.of("a", "b", "c", "d", "e")) {
            base.put(Cf.KV, b(k), b("base-" + k));
        }
        return base;
    }

    @Test
    void aDeleteHidesTheParentsEntryFromGetAndScan() {
        Overlay top = new Overlay(base());
        top.delete(Cf.KV, b("b"));
        assertNull(top.get(Cf.KV, b("b")));
        assertEquals(List.of("a", "c", "d", "e"), keys(top.scan(Cf.KV, b("a"), null, 10)));
    }

    @Test
    void aScanHonoursTheLimitAcrossDeletesAndNewKeys() {
        Overlay top = new Overlay(base());
        top.delete(Cf.KV, b("a"));
        top.delete(Cf.KV, b("b"));
        top.put(Cf.KV, b("bb"), b("new"));
        assertEquals(List.of("bb", "c", "d"), keys(top.scan(Cf.KV, b("a"), null, 3)));
        assertEquals(List.of("bb", "c"), keys(top.scan(Cf.KV, b("a"), b("d"), 10)));
    }

    @Test
    void aScanWhoseStartIsPastItsEndIsEmpty() {
        assertEquals(List.of(), keys(new Overlay(base()).scan(Cf.KV, b("e"), b("b"), 10)));
    }

    @Test
    void mergingIntoTheParentKeepsTheNewestWrite() {
        Overlay parent = base();
        Overlay child = new Overlay(parent);
        child.put(Cf.KV, b("a"), b("child"));
        child.delete(Cf.KV, b("c"));
        child.mergeInto(parent);
        assertEquals("child", new String(parent.get(Cf.KV, b("a")), StandardCharsets.UTF_8));
        assertNull(parent.get(Cf.KV, b("c")));
    }
}
