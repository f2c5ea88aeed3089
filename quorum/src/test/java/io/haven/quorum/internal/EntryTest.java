package io.haven.quorum.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class EntryTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aStampedBatchDecodesToTheSameCommandsWithTheLeadersTime() {
        byte[] big = new byte[70_000];
        Arrays.fill(big, (byte) 7);
        List<byte[]> commands = List.of(bytes("a"), new byte[0], big);
        ByteString message = ByteString.copyFrom(Entry.batch(commands).encode(false));

        ByteString logged = Entry.stamp(message, 1_700_000_000_123L);

        Entry entry = Entry.decode(logged, true);
        assertEquals(Entry.Type.BATCH, entry.type());
        assertEquals(1_700_000_000_123L, entry.time());
        assertEquals(3, entry.commands().size());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(commands.get(i), entry.commands().get(i));
        }
        Entry fromArray = Entry.decode(logged.toByteArray(), true);
        assertEquals(entry.time(), fromArray.time());
        assertArrayEquals(big, fromArray.commands().get(2));
    }

    @Test
    void aStampedTickKeepsItsNameAndPaths() {
        ByteString message =
                ByteString.copyFrom(Entry.tick("q1", List.of("/a", "/b")).encode(false));
        Entry entry = Entry.decode(Entry.stamp(message, 42), true);
        assertEquals(Entry.Type.TICK, entry.type());
        assertEquals(42, entry.time());
        assertEquals(
                List.of("q1", "/a", "/b"),
                entry.commands().stream()
                        .map(b -> new String(b, StandardCharsets.UTF_8))
                        .toList());
    }

    @Test
    void aTickCarriesTheLeadersChainApartFromItsNameAndPaths() {
        byte[] hash = new byte[io.haven.storage.Chain.HASH_BYTES];
        Arrays.fill(hash, (byte) 0x5a);
        io.haven.storage.Chain chain = new io.haven.storage.Chain(41, 7, hash);
        ByteString message = ByteString.copyFrom(
                Entry.tick("q1", List.of("/a"), java.util.Optional.of(chain)).encode(false));
        Entry entry = Entry.decode(Entry.stamp(message, 42), true);
        assertEquals(
                List.of("q1", "/a"),
                entry.meta().stream()
                        .map(b -> new String(b, StandardCharsets.UTF_8))
                        .toList());
        assertEquals(java.util.Optional.of(chain), entry.check());
        Entry plain = Entry.decode(
                Entry.stamp(ByteString.copyFrom(Entry.tick("q1", List.of("/a")).encode(false)), 42), true);
        assertEquals(java.util.Optional.empty(), plain.check());
        assertEquals(2, plain.meta().size());
    }

    @Test
    void aMalformedOrUnloggableMessageIsRefusedBeforeTheLog() {
        byte[] good = Entry.batch(List.of(bytes("abc"), bytes("de"))).encode(false);
        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        byte[] read = Entry.read(bytes("x")).encode(false);
        for (byte[] bad : List.of(truncated, trailing, read, new byte[0], new byte[] {(byte) 0xc1})) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> Entry.stamp(ByteString.copyFrom(bad), 1),
                    () -> "accepted " + Arrays.toString(bad));
        }
    }
}
