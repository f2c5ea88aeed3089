package io.haven.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.auth.internal.KeyOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeyOrderTest {

    private static int bytesCompare(String a, String b) {
        return Integer.signum(
                Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void keysCompareAsTheirUtf8BytesDoEvenWhereUtf16Disagrees() {
        String emoji = "\uD83D\uDE00"; // U+1F600, above U+FFFF
        String high = "\uFFFD";
        assertTrue(emoji.compareTo(high) < 0, "UTF-16 order puts the surrogate first");
        assertEquals(1, Integer.signum(KeyOrder.compare(emoji, high)));
        assertEquals(bytesCompare(emoji, high), Integer.signum(KeyOrder.compare(emoji, high)));
        assertEquals(-1, Integer.signum(KeyOrder.compare("/a", "/a/")));
        assertEquals(0, KeyOrder.compare("/a", "/a"));
    }

    @Test
    void justBelowSortsBetweenTheHiddenKeyAndTheLimit() {
        String c = KeyOrder.justBelow("/c", "/b/secret");
        assertTrue(KeyOrder.compare("/b/secret", c) <= 0);
        assertTrue(KeyOrder.compare(c, "/c") < 0);
        assertEquals("/b\uDBFF\uDFFF", c);
    }

    @Test
    void justBelowDependsOnTheLimitAloneForOrdinaryKeys() {
        assertEquals(KeyOrder.justBelow("/c/", "/b"), KeyOrder.justBelow("/c/", "/c!zz"));
    }

    @Test
    void justBelowGrowsPastHiddenKeysThatHoldTheLargestCodePoint() {
        String max = "\uDBFF\uDFFF";
        String hidden = "/b" + max + max + "x";
        String c = KeyOrder.justBelow("/c", hidden);
        assertTrue(KeyOrder.compare(hidden, c) <= 0);
        assertTrue(KeyOrder.compare(c, "/c") < 0);
    }

    @Test
    void justBelowSkipsTheSurrogateGap() {
        String c = KeyOrder.justBelow("/\uE000", "/\uD7FF");
        assertTrue(c.startsWith("/\uD7FF"), c);
    }
}
