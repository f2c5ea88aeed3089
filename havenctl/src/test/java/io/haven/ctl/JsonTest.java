package io.haven.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void stringsAreQuotedWithQuotesBackslashesAndControlCharactersEscaped() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", Json.write("a\"b\\c\nd\u0001"));
    }

    @Test
    void mapsKeepTheirOrderAndNestListsNumbersAndBooleans() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("a", List.of(true, 2.5, "x"));
        m.put("n", Map.of());
        assertEquals("{\"z\":1,\"a\":[true,2.5,\"x\"],\"n\":{}}", Json.write(m));
    }
}
