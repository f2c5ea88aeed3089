package io.haven.protocol.auth;

import io.haven.protocol.auth.internal.KeyOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The cursor of a filtered page. Storage continues a listing strictly after its cursor, the last key it looked at;
 * when that key is one the identity may not read, handing it back would name it. The keys an identity may read are
 * a union of ranges fixed by its capabilities ({@code P} itself, and {@code [P + "/", P + "0")} for each path
 * {@code P}; for {@code /} everything outside {@code [haven:, haven;)}; for {@code haven:} that range), so the next
 * key it may read is at or after the smallest range start above the hidden key. The cursor handed back instead is
 * {@link KeyOrder#justBelow just below} that start, made from it alone; or empty when the start is past the prefix.
 */
final class ListingCursor {
    private ListingCursor() {}

    static String visible(Capabilities caps, String prefix, String cursor) {
        if (cursor.isEmpty() || caps.canRead(cursor)) {
            return cursor;
        }
        String next = null;
        for (String start : rangeStarts(caps)) {
            if (KeyOrder.compare(start, cursor) > 0 && (next == null || KeyOrder.compare(start, next) < 0)) {
                next = start;
            }
        }
        // A start above a key under the prefix that does not itself begin with the prefix is above every such key.
        if (next == null || !next.startsWith(prefix)) {
            return "";
        }
        return KeyOrder.justBelow(next, cursor);
    }

    private static List<String> rangeStarts(Capabilities caps) {
        List<String> starts = new ArrayList<>();
        for (String path : caps.dataPaths()) {
            if (path.equals(PathRules.ROOT)) {
                starts.add("");
                starts.add(PathRules.RESERVED_END);
            } else if (path.equals(PathRules.RESERVED)) {
                starts.add(PathRules.RESERVED);
            } else {
                starts.add(path);
                starts.add(path + "/");
            }
        }
        return starts;
    }
}
