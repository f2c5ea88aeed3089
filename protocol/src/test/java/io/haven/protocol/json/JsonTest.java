package io.haven.protocol.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void anInvocationParsesIntoMapsListsStringsAndNumbers() {
        Map<String, Object> m = Json.parseObject(
                "{\"func\":\"resize\",\"args\":{\"w\":640,\"ratio\":1.5,\"tags\":[\"a\",null,true]},\"n\":-3}");
        assertEquals("resize", m.get("func"));
        @SuppressWarnings("unchecked")
        Map<String, Object> args = (Map<String, Object>) m.get("args");
        assertEquals(640L, args.get("w"));
        assertEquals(1.5, args.get("ratio"));
        assertEquals(Arrays.asList("a", null, true), args.get("tags"));
        assertEquals(-3L, m.get("n"));
    }

    @Test
    void escapesRoundTrip() {
        String s = "quote \" backslash \\ newline \n tab \t é \u0001";
        assertEquals(s, Json.parse(Json.write(s)));
        assertEquals("\u00e9A", Json.parse("\"\\u00e9\\u0041\""));
    }

    @Test
    void writingThenParsingGivesTheSameValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", List.of(1L, 2L));
        m.put("b", Map.of("c", false));
        m.put("d", null);
        assertEquals(m, Json.parse(Json.write(m)));
    }

    @Test
    void anythingButExactlyOneValueIsRefusedWithItsOffset() {
        for (String bad :
                List.of("", "{", "[1,]", "{\"a\" 1}", "tru", "\"abc", "1 2", "{\"a\":1}}", "\"\\x\"", "01x")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("bad JSON at offset"), e.getMessage());
        }
    }

    @Test
    void nestingDeeperThanTheLimitIsRefusedNotOverflowed() {
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
        assertThrows(IllegalArgumentException.class, () -> Json.parse(deep));
        String ok = "[".repeat(10) + "]".repeat(10);
        assertEquals(
                List.of(List.of(List.of(List.of(List.of(List.of(List.of(List.of(List.of(List.of()))))))))),
                Json.parse(ok));
    }
}
