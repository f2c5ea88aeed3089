package io.haven.protocol;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The error codes of protocol v1. Codes 0 to 6 are the request stack's (seed 003), 7 to 9 extend them.
 * The wire carries {@link #code()} and {@link #wireName()}; the ordinal is never used.
 */
public enum ErrorCode {
    /** Unexpected server fault. */
    GENERIC(0, "ERROR_GENERIC", 500),
    /** Missing or invalid credentials or capability. */
    FORBIDDEN(1, "ERROR_FORBIDDEN", 403),
    /** Item not found (404) or service unavailable (503): no leader, quorum down, role not running. */
    UNAVAILABLE(2, "ERROR_UNAVAILABLE", 503),
    /** Malformed message or field; items name the fields. */
    INVALID(3, "ERROR_INVALID", 400),
    /** Required fields missing; items name the fields. Also a message before CONNECT. */
    INCOMPLETE(4, "ERROR_INCOMPLETE", 400),
    /** Creating what must be new; items name the ids. */
    DUPLICATE(5, "ERROR_DUPLICATE", 409),
    /** Frame or value too large, too many watches, sessions or pending requests. */
    LIMIT(6, "ERROR_LIMIT", 413),
    /** A version or state precondition failed: stale task version, compare-and-set miss. */
    CONFLICT(7, "ERROR_CONFLICT", 409),
    /** The request's deadline passed. */
    TIMEOUT(8, "ERROR_TIMEOUT", 504),
    /** Wrong node: another quorum, not the leader, not my manager or worker; the error names where to go. */
    NOT_MINE(9, "ERROR_NOT_MINE", 421);

    private static final Map<Integer, ErrorCode> BY_CODE = new HashMap<>();

    static {
        for (ErrorCode c : values()) {
            BY_CODE.put(c.code, c);
        }
    }

    private final int code;
    private final String wireName;
    private final int status;

    ErrorCode(int code, String wireName, int status) {
        this.code = code;
        this.wireName = wireName;
        this.status = status;
    }

    /** The integer carried on the wire. */
    public int code() {
        return code;
    }

    /** The name carried on the wire, for example {@code ERROR_INVALID}. */
    public String wireName() {
        return wireName;
    }

    /** The HTTP-like status a response with this error carries unless a more precise one applies. */
    public int defaultStatus() {
        return status;
    }

    /** The code with the given wire integer, if it is one of protocol v1's. */
    public static Optional<ErrorCode> of(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
