package io.haven.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

class WireReaderTest {
    private static byte[] map(String... keysAndValues) throws IOException {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(keysAndValues.length / 2);
            for (String s : keysAndValues) {
                byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                p.packRawStringHeader(b.length);
                p.writePayload(b);
            }
            return p.toByteArray();
        }
    }

    @Test
    void aShortStringDecodedAgainIsTheSameInstance() throws IOException {
        Map<String, Object> first = WireReader.readMessage(map("kind", "kv.put"));
        Map<String, Object> second = WireReader.readMessage(map("kind", "kv.put"));
        String k1 = first.keySet().iterator().next();
        String k2 = second.keySet().iterator().next();
        assertEquals("kind", k2);
        assertSame(k1, k2, "the key came from the cache");
        assertSame(first.get("kind"), second.get("kind"), "so did the value");
    }

    @Test
    void shortStringsThatShareASlotOrALengthStillDecodeToThemselves() throws IOException {
        // Many distinct short strings: whatever the slots hold, each decodes to its own text.
        for (int i = 0; i < 5000; i++) {
            String key = "k" + i;
            String value = "v" + (i * 7919) + "-" + Integer.toHexString(i);
            Map<String, Object> m = WireReader.readMessage(map(key, value));
            assertEquals(Map.of(key, value), m);
        }
        String edge = "x".repeat(WireReader.SHORT);
        String over = "y".repeat(WireReader.SHORT + 1);
        assertEquals(Map.of(edge, over), WireReader.readMessage(map(edge, over)));
    }

    @Test
    void shortNonAsciiStringsAreDecodedAsUtf8AndBadOnesRefused() throws IOException {
        assertEquals(Map.of("clé", "värde"), WireReader.readMessage(map("clé", "värde")));
        byte[] bad;
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(1);
            p.packRawStringHeader(1);
            p.writePayload(new byte[] {'k'});
            p.packRawStringHeader(2);
            p.writePayload(new byte[] {(byte) 0xc3, (byte) 0x28});
            bad = p.toByteArray();
        }
        DecodeException e = assertThrows(DecodeException.class, () -> WireReader.readMessage(bad));
        assertEquals(true, e.getMessage().contains("UTF-8"), e.getMessage());
    }
}
