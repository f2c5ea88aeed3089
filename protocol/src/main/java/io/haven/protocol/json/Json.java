package io.haven.protocol.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON (RFC 8259) to and from plain Java values: objects are {@code Map<String, Object>} (insertion-ordered), arrays
 * {@code List<Object>}, strings {@code String}, numbers {@code Long} when integral and in range, else {@code Double},
 * {@code true}/{@code false} {@code Boolean}, and {@code null} Java's null. Used where Haven's data is JSON: an
 * invocation's parameters, a command function's output, havenctl's {@code -w json}, the status page's API.
 *
 * <p>{@link #parse} refuses anything that is not exactly one JSON value (trailing text, a nesting deeper than
 * {@value #MAX_DEPTH}, a bad escape) with {@link IllegalArgumentException} naming the offset. Thread-safe.
 */
public final class Json {
    /** Nesting beyond this is refused: a parser's stack must not be the input's to choose. */
    public static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** The one JSON value {@code text} holds. */
    public static Object parse(String text) {
        Json p = new Json(text);
        p.space();
        Object v = p.value(0);
        p.space();
        if (p.pos != text.length()) {
            throw p.bad("text after the JSON value");
        }
        return v;
    }

    /** {@code text} parsed, which must be a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object v = parse(text);
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return (Map<String, Object>) v;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw bad("nested deeper than " + MAX_DEPTH);
        }
        if (pos >= text.length()) {
            throw bad("a value was expected");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw bad("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        pos++;
        space();
        if (peek() == '}') {
            pos++;
            return out;
        }
        while (true) {
            space();
            if (peek() != '"') {
                throw bad("an object key (a string) was expected");
            }
            String key = string();
            space();
            expect(':');
            space();
            out.put(key, value(depth + 1));
            space();
            char c = next();
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                throw bad("',' or '}' was expected");
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> out = new ArrayList<>();
        pos++;
        space();
        if (peek() == ']') {
            pos++;
            return out;
        }
        while (true) {
            space();
            out.add(value(depth + 1));
            space();
            char c = next();
            if (c == ']') {
                return out;
            }
            if (c != ',') {
                throw bad("',' or ']' was expected");
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                throw bad("a control character in a string");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw bad("a short \\u escape");
                    }
                    try {
                        b.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException x) {
                        throw bad("a bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw bad("a bad escape \\" + e);
            }
        }
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        digits();
        boolean integral = true;
        if (pos < text.length() && text.charAt(pos) == '.') {
            integral = false;
            pos++;
            digits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            integral = false;
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            digits();
        }
        String n = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(n);
            } catch (NumberFormatException e) {
                return new BigDecimal(n).doubleValue();
            }
        }
        return Double.parseDouble(n);
    }

    private void digits() {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw bad("a digit was expected");
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw bad("'" + word + "' was expected");
        }
        pos += word.length();
        return value;
    }

    private void space() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private char next() {
        if (pos >= text.length()) {
            throw bad("the text ended inside a value");
        }
        return text.charAt(pos++);
    }

    private void expect(char c) {
        if (next() != c) {
            pos--;
            throw bad("'" + c + "' was expected");
        }
    }

    private IllegalArgumentException bad(String what) {
        return new IllegalArgumentException("bad JSON at offset " + pos + ": " + what);
    }

    /**
     * {@code value} as compact JSON. Maps become objects (keys by {@code String.valueOf}), collections and arrays of
     * objects arrays, numbers and booleans themselves, byte arrays UTF-8 strings, anything else its string.
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(String.valueOf(e.getKey()), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Collection<?> c) {
            out.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(o, out);
            }
            out.append(']');
        } else if (value instanceof Object[] a) {
            write(List.of(a), out);
        } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            out.append("null");
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof byte[] b) {
            string(new String(b, java.nio.charset.StandardCharsets.UTF_8), out);
        } else {
            string(value.toString(), out);
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
