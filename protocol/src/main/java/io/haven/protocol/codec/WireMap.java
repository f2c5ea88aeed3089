package io.haven.protocol.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed access to one decoded map, naming fields by their dotted path from the message root (for example {@code
 * data.param.headers}) in the errors it throws. A nil value counts as absent.
 */
final class WireMap {
    private final Map<String, Object> fields;
    private final String path;

    WireMap(Map<String, Object> fields, String path) {
        this.fields = fields;
        this.path = path;
    }

    static WireMap root(Map<String, Object> fields) {
        return new WireMap(fields, "");
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** This map's own path, empty for the message root. */
    String name() {
        return path;
    }

    Set<String> keys() {
        return fields.keySet();
    }

    boolean has(String key) {
        Object v = fields.get(key);
        return v != null && v != WireReader.NIL;
    }

    Object raw(String key) {
        Object v = fields.get(key);
        return v == WireReader.NIL ? null : v;
    }

    private Object need(String key) {
        Object v = raw(key);
        if (v == null) {
            throw DecodeException.missing("missing field " + path(key), path(key));
        }
        return v;
    }

    private DecodeException wrongType(String key, String expected) {
        return DecodeException.bad(path(key) + " must be " + expected, path(key));
    }

    String str(String key) {
        Object v = need(key);
        if (v instanceof String s) {
            return s;
        }
        throw wrongType(key, "a string");
    }

    String optStr(String key) {
        return has(key) ? str(key) : "";
    }

    /** A required integer from 0 to 2^63-1. */
    long uint(String key) {
        Object v = need(key);
        if (v instanceof Long n) {
            if (n < 0) {
                throw DecodeException.bad(path(key) + " must not be negative", path(key));
            }
            return n;
        }
        throw wrongType(key, "an integer");
    }

    long optUint(String key, long absent) {
        return has(key) ? uint(key) : absent;
    }

    int optInt(String key) {
        long n = optUint(key, 0);
        if (n > Integer.MAX_VALUE) {
            throw DecodeException.bad(path(key) + " is out of range", path(key));
        }
        return (int) n;
    }

    boolean bool(String key) {
        Object v = need(key);
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongType(key, "a boolean");
    }

    boolean optBool(String key) {
        return has(key) && bool(key);
    }

    /** Bytes: bin, or str taken as its UTF-8 bytes for clients whose libraries cannot tell them apart. */
    byte[] optBin(String key) {
        Object v = raw(key);
        if (v == null) {
            return new byte[0];
        }
        if (v instanceof byte[] b) {
            return b;
        }
        if (v instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        throw wrongType(key, "bytes (bin)");
    }

    @SuppressWarnings("unchecked")
    WireMap map(String key) {
        Object v = need(key);
        if (v instanceof Map<?, ?> m) {
            return new WireMap((Map<String, Object>) m, path(key));
        }
        throw wrongType(key, "a map");
    }

    WireMap optMap(String key) {
        return has(key) ? map(key) : new WireMap(Map.of(), path(key));
    }

    List<Object> list(String key) {
        Object v = need(key);
        if (v instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) l;
            return list;
        }
        throw wrongType(key, "an array");
    }

    List<Object> optList(String key) {
        return has(key) ? list(key) : List.of();
    }

    /** The maps of an array, each named {@code key[i]} in errors. */
    @SuppressWarnings("unchecked")
    List<WireMap> maps(String key, boolean required) {
        List<Object> list = required ? list(key) : optList(key);
        List<WireMap> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String p = path(key) + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw DecodeException.bad(p + " must be a map", p);
            }
            out.add(new WireMap((Map<String, Object>) m, p));
        }
        return out;
    }

    List<String> strs(String key, boolean required) {
        List<Object> list = required ? list(key) : optList(key);
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                String p = path(key) + "[" + i + "]";
                throw DecodeException.bad(p + " must be a string", p);
            }
            out.add(s);
        }
        return out;
    }

    /** A map of strings to strings, such as headers or tags. */
    Map<String, String> optStrMap(String key) {
        if (!has(key)) {
            return Map.of();
        }
        WireMap m = map(key);
        Map<String, String> out = new HashMap<>();
        for (String k : m.keys()) {
            out.put(k, m.str(k));
        }
        return out;
    }

    /** A required string naming a constant; an unknown name is INVALID naming the field. */
    <E> E constant(String key, Function<String, Optional<E>> lookup) {
        String name = str(key);
        return lookup.apply(name)
                .orElseThrow(() -> DecodeException.bad("unknown " + path(key) + " " + quote(name), path(key)));
    }

    /** A string from the wire quoted for an error message, cut short so an error never echoes a huge value. */
    static String quote(String s) {
        return "\"" + (s.length() > 64 ? s.substring(0, 64) + "..." : s) + "\"";
    }
}
