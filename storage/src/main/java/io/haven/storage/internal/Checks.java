package io.haven.storage.internal;

import io.haven.protocol.HavenException;
import io.haven.protocol.data.Payload;
import io.haven.storage.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Validation of request fields against the store's limits; each failure names the field. */
public final class Checks {
    private final StoreOptions o;

    public Checks(StoreOptions o) {
        this.o = o;
    }

    /** A promise/task id, kv key or pid: not empty, no NUL, at most max-id-bytes. */
    public void id(String value, String field) {
        if (value.isEmpty()) {
            throw HavenException.invalid(field + " must not be empty", path(field));
        }
        text(value, field);
    }

    /** Free text bounded like an id, may be empty. */
    public void text(String value, String field) {
        if (value.indexOf('\0') >= 0) {
            throw HavenException.invalid(field + " must not contain NUL", path(field));
        }
        if (utf8Length(value) > o.maxIdBytes()) {
            throw HavenException.limit(field + " is longer than " + o.maxIdBytes() + " bytes", path(field));
        }
    }

    public void payload(Payload p, String field) {
        long size = p.data().length;
        for (Map.Entry<String, String> e : p.headers().entrySet()) {
            size += utf8Length(e.getKey()) + utf8Length(e.getValue());
        }
        if (size > o.maxValueBytes()) {
            throw HavenException.limit(field + " is larger than " + o.maxValueBytes() + " bytes", path(field));
        }
    }

    public void value(byte[] value, String field) {
        if (value.length > o.maxValueBytes()) {
            throw HavenException.limit(field + " is larger than " + o.maxValueBytes() + " bytes", path(field));
        }
    }

    public void tags(Map<String, String> tags) {
        if (tags.size() > o.maxTags()) {
            throw HavenException.limit("more than " + o.maxTags() + " tags", path("tags"));
        }
        for (Map.Entry<String, String> e : tags.entrySet()) {
            text(e.getKey(), "tags");
            text(e.getValue(), "tags");
        }
    }

    /** Longest lease: a century, far below where {@code now + ttl} could overflow. */
    static final long MAX_TTL = 100L * 366 * 24 * 3600 * 1000;

    public void ttl(long ttl) {
        if (ttl <= 0 || ttl > MAX_TTL) {
            throw HavenException.invalid("ttl must be positive and at most " + MAX_TTL + " ms", path("ttl"));
        }
    }

    public void timeout(long timeout) {
        if (timeout < 0) {
            throw HavenException.invalid("timeout must not be negative", path("timeout"));
        }
    }

    public void version(long version) {
        if (version < 0) {
            throw HavenException.invalid("version must not be negative", path("version"));
        }
    }

    /** The page size a search or list uses: 0 means the default. */
    public int limit(int limit) {
        if (limit < 0) {
            throw HavenException.invalid("limit must not be negative", path("limit"));
        }
        if (limit > o.maxPageSize()) {
            throw HavenException.limit("limit is above " + o.maxPageSize(), path("limit"));
        }
        return limit == 0 ? o.defaultPageSize() : limit;
    }

    /** The field path an error names: fields of a DATA request live under {@code data}. */
    public static String path(String field) {
        return "data." + field;
    }

    private static int utf8Length(String s) {
        // Ascii is the common case; only count exactly when a character may take more than one byte.
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return s.length();
    }
}
