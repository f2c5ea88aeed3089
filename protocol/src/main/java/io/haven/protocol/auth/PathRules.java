package io.haven.protocol.auth;

/**
 * How a capability's path covers keys: on whole {@code /} segments. A path covers itself and every key below it,
 * never a sibling that merely starts with the same characters: {@code /a} covers {@code /a} and {@code /a/x}, not
 * {@code /ab}. Two paths are special: {@value #ROOT} covers every key except the reserved ones, and {@value
 * #RESERVED} covers every reserved key (the location service's directory) and nothing else. Paths are normalized
 * before they are compared: trailing slashes are dropped ({@code /a/} is {@code /a}).
 */
final class PathRules {
    static final String ROOT = "/";
    /** Keys that start with this belong to the location service; only a capability naming it reaches them. */
    static final String RESERVED = "haven:";
    /** The first string above every reserved key: the reserved prefix with its last character raised by one. */
    static final String RESERVED_END = "haven;";

    private PathRules() {}

    /** The path with trailing slashes removed, except the root itself; fails on an empty path or control characters. */
    static String normalize(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a capability path may not be empty");
        }
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                throw new IllegalArgumentException("a capability path may not hold control characters");
            }
        }
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(0, end);
    }

    /** Whether the capability path {@code cap} (normalized) covers the key {@code key}. */
    static boolean coversKey(String cap, String key) {
        if (cap.equals(ROOT)) {
            return !key.startsWith(RESERVED);
        }
        if (cap.equals(RESERVED)) {
            return key.startsWith(RESERVED);
        }
        return key.startsWith(cap) && (key.length() == cap.length() || key.charAt(cap.length()) == '/');
    }

    /** Whether every key {@code path} (normalized) covers is covered by {@code cap}: attenuation may go from one to the other. */
    static boolean coversPath(String cap, String path) {
        if (cap.equals(ROOT)) {
            return !path.startsWith(RESERVED);
        }
        if (cap.equals(RESERVED)) {
            return path.startsWith(RESERVED);
        }
        if (path.equals(ROOT) || path.equals(RESERVED)) {
            return false;
        }
        return coversKey(cap, path);
    }

    /** Whether some key that starts with {@code prefix} (a plain string prefix, as listings use) is covered by {@code cap}. */
    static boolean overlapsPrefix(String cap, String prefix) {
        if (cap.equals(ROOT)) {
            return !prefix.startsWith(RESERVED);
        }
        if (cap.equals(RESERVED)) {
            return prefix.startsWith(RESERVED) || RESERVED.startsWith(prefix);
        }
        String below = cap + "/";
        return below.startsWith(prefix) || prefix.startsWith(below);
    }
}
