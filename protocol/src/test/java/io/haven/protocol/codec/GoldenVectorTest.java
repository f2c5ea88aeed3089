package io.haven.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.haven.protocol.message.Request;
import io.haven.protocol.message.ServerMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden vectors of {@code protocol-docs/vectors}: each decodes to the record {@link Samples} builds for it and
 * re-encodes to the same bytes, so neither the spec's examples nor the codec can drift from the other.
 */
class GoldenVectorTest {

    private static byte[] read(String name) throws IOException {
        String text = Files.readString(VectorGenerator.DEFAULT_DIR.resolve(name + ".hex"), StandardCharsets.US_ASCII);
        return Raw.hex(text);
    }

    @TestFactory
    Stream<DynamicTest> everyRequestVectorDecodesToItsRecordAndReencodesByteForByte() {
        return Samples.requests().entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
                    byte[] body = read(e.getKey());
                    Request decoded = MessageCodec.decodeRequest(body);
                    assertEquals(e.getValue(), decoded);
                    assertArrayEquals(body, MessageCodec.encode(decoded));
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyServerMessageVectorDecodesToItsRecordAndReencodesByteForByte() {
        return Samples.serverMessages().entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
                    byte[] body = read(e.getKey());
                    ServerMessage decoded = MessageCodec.decodeServerMessage(body);
                    assertEquals(e.getValue(), decoded);
                    assertArrayEquals(body, MessageCodec.encode(decoded));
                }));
    }

    @Test
    void theVectorDirectoryHoldsExactlyTheVectorsThatHaveRecords() throws IOException {
        Set<String> files;
        try (Stream<Path> list = Files.list(VectorGenerator.DEFAULT_DIR)) {
            files = list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".hex"))
                    .map(n -> n.substring(0, n.length() - 4))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(new TreeSet<>(VectorGenerator.vectors().keySet()), files);
    }
}
