package io.haven.protocol.auth.internal;

/**
 * Keys in the order storage keeps them: by their UTF-8 bytes, which is Unicode code point order. Java's {@link
 * String#compareTo} compares UTF-16 units instead and disagrees for characters above U+FFFF, hence this.
 */
public final class KeyOrder {
    /** The largest code point: no string that starts with {@code s + MAX} sorts before it. */
    private static final int MAX = Character.MAX_CODE_POINT;

    private KeyOrder() {}

    /** Negative, zero or positive as {@code a} sorts before, with or after {@code b} in code point order. */
    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * A cursor that jumps from {@code after} to just before {@code limit} without naming {@code after}: a string
     * {@code c} with {@code after <= c < limit}, for {@code after < limit}. It is {@code limit} with its last code
     * point lowered by one, then U+10FFFF (repeated only while {@code after}, which may itself hold U+10FFFF, still
     * sorts above it), so it is made from {@code limit} alone. A listing that continues strictly after {@code c}
     * starts no later than {@code limit}, and skips only strings in {@code (after, limit)}.
     */
    public static String justBelow(String limit, String after) {
        if (limit.isEmpty() || compare(after, limit) >= 0) {
            throw new IllegalArgumentException("nothing sorts below an empty limit, or after is not below it");
        }
        int last = limit.codePointBefore(limit.length());
        String head = limit.substring(0, limit.length() - Character.charCount(last));
        if (last == 0) {
            // The largest string below x + U+0000 is x itself.
            return head;
        }
        int lower = last - 1;
        if (lower >= Character.MIN_SURROGATE && lower <= Character.MAX_SURROGATE) {
            lower = Character.MIN_SURROGATE - 1;
        }
        StringBuilder c = new StringBuilder(head).appendCodePoint(lower).appendCodePoint(MAX);
        while (compare(c.toString(), after) < 0) {
            c.appendCodePoint(MAX);
        }
        return c.toString();
    }
}
