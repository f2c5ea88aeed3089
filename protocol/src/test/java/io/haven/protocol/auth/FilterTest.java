package io.haven.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.auth.internal.KeyOrder;
import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Kv;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.PromiseState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FilterTest {

    /** What storage does for kv.list: keys under the prefix strictly after the cursor; the cursor is the last key. */
    private static DataResponse page(TreeSet<String> keys, String prefix, String cursor, int limit) {
        List<Kv> kvs = new ArrayList<>();
        for (String k : keys) {
            if (k.startsWith(prefix) && (cursor.isEmpty() || KeyOrder.compare(k, cursor) > 0)) {
                kvs.add(new Kv(k, new byte[0], "", 1, 1));
            }
        }
        String next = "";
        if (kvs.size() > limit) {
            kvs = kvs.subList(0, limit);
            next = kvs.get(limit - 1).key();
        }
        return DataResponse.of(DataKind.KV_LIST, 200, new DataResult.KvPage(kvs, next));
    }

    private static TreeSet<String> keys(String... keys) {
        TreeSet<String> set = new TreeSet<>(KeyOrder::compare);
        set.addAll(List.of(keys));
        return set;
    }

    private static Identity who(String... caps) {
        return Identity.of("alice", Capabilities.parse(List.of(caps)));
    }

    private static DataResult.KvPage filtered(
            Identity who, TreeSet<String> keys, String prefix, String cursor, int limit) {
        DataRequest.KvList list = new DataRequest.KvList(prefix, cursor, limit);
        return (DataResult.KvPage)
                Authorizer.filter(who, list, page(keys, prefix, cursor, limit)).data();
    }

    private static List<String> names(DataResult.KvPage page) {
        return page.kvs().stream().map(Kv::key).toList();
    }

    @Test
    void aPageLosesTheEntriesTheIdentityMayNotRead() {
        DataResult.KvPage p = filtered(who("data:read:/a"), keys("/a", "/a/x", "/ab", "/b/y", "haven:n"), "", "", 10);
        assertEquals(List.of("/a", "/a/x"), names(p));
        assertEquals("", p.cursor());
    }

    @Test
    void aFullyVisiblePageComesBackUnchanged() {
        TreeSet<String> k = keys("/a/1", "/a/2", "/a/3");
        DataRequest.KvList list = new DataRequest.KvList("/a", "", 2);
        DataResponse raw = page(k, "/a", "", 2);
        assertSame(raw, Authorizer.filter(who("data:read:/a"), list, raw));
    }

    @Test
    void aCursorNamingAHiddenKeyIsReplacedByOneThatDoesNotNameIt() {
        TreeSet<String> k = keys("/a/1", "/b/secret", "/c/1");
        DataResult.KvPage first = filtered(who("data:read:/a", "data:read:/c"), k, "/", "", 2);
        assertEquals(List.of("/a/1"), names(first));
        assertNotEquals("/b/secret", first.cursor());
        assertTrue(KeyOrder.compare(first.cursor(), "/b/secret") >= 0);
        assertTrue(KeyOrder.compare(first.cursor(), "/c") < 0);
        DataResult.KvPage second = filtered(who("data:read:/a", "data:read:/c"), k, "/", first.cursor(), 2);
        assertEquals(List.of("/c/1"), names(second));
        assertEquals("", second.cursor());
    }

    @Test
    void aHiddenCursorPastEveryReadableRangeEndsTheListing() {
        DataResult.KvPage p = filtered(who("data:read:/a"), keys("/a/1", "/z/1", "/z/2"), "/", "", 2);
        assertEquals(List.of("/a/1"), names(p));
        assertEquals("", p.cursor());
    }

    @Test
    void promiseSearchPagesAreFilteredTheSameWay() {
        Promise visible = new Promise("/a/1", PromiseState.PENDING, Payload.EMPTY, Payload.EMPTY, 1, Map.of(), 0, 0);
        Promise hidden = new Promise("/b/1", PromiseState.PENDING, Payload.EMPTY, Payload.EMPTY, 1, Map.of(), 0, 0);
        DataRequest search = new DataRequest.PromiseSearch("/", Optional.empty(), Map.of(), "", 2);
        DataResponse raw = DataResponse.of(
                DataKind.PROMISE_SEARCH, 200, new DataResult.PromisePage(List.of(visible, hidden), "/b/1"));
        DataResult.PromisePage p = (DataResult.PromisePage)
                Authorizer.filter(who("data:read:/a"), search, raw).data();
        assertEquals(List.of(visible), p.promises());
        assertEquals("", p.cursor());
    }

    @Test
    void otherResponsesPassUnchanged() {
        DataResponse r =
                DataResponse.of(DataKind.KV_GET, 200, new DataResult.KvResult(new Kv("/b", new byte[0], "", 1, 1)));
        assertSame(r, Authorizer.filter(who("data:read:/a"), new DataRequest.KvGet("/b"), r));
    }

    private static final String[] PARTS = {"a", "b", "ab", "a!", "a0", "/", "haven:", "é", "\uD83D\uDE00", "\uFFFF"};

    private static String randomKey(Random r) {
        StringBuilder sb = new StringBuilder(r.nextBoolean() ? "/" : "");
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(PARTS[r.nextInt(PARTS.length)]);
            if (r.nextInt(3) > 0) {
                sb.append('/');
            }
        }
        return sb.toString();
    }

    /** The first {@code n} code points of {@code s}, or all of them. */
    private static String start(String s, int n) {
        return s.substring(0, s.offsetByCodePoints(0, Math.min(n, s.codePointCount(0, s.length()))));
    }

    /**
     * Pages through random key sets with random capabilities, as a client would: every readable key under the prefix
     * comes out exactly once and in order, no hidden key ever does, no cursor names a hidden key, and it ends.
     */
    @Test
    void pagingThroughAFilteredListingShowsEveryReadableKeyOnceAndNothingElse() {
        Random r = new Random(42);
        for (int round = 0; round < 500; round++) {
            TreeSet<String> k = keys();
            for (int i = 0; i < 40; i++) {
                k.add(randomKey(r));
            }
            List<String> capTexts = new ArrayList<>();
            for (int i = 0; i < 1 + r.nextInt(3); i++) {
                String path = r.nextInt(10) == 0 ? (r.nextBoolean() ? "/" : "haven:") : randomKey(r);
                capTexts.add((r.nextBoolean() ? "data:read:" : "data:write:") + path);
            }
            Identity who = Identity.of("alice", Capabilities.parse(capTexts));
            String prefix = r.nextInt(3) == 0 ? "" : start(randomKey(r), 1 + r.nextInt(4));
            int limit = 1 + r.nextInt(5);
            List<String> expected = k.stream()
                    .filter(key -> key.startsWith(prefix) && who.capabilities().canRead(key))
                    .toList();
            List<String> seen = new ArrayList<>();
            String cursor = "";
            int pages = 0;
            do {
                DataResult.KvPage p = filtered(who, k, prefix, cursor, limit);
                seen.addAll(names(p));
                String raw = ((DataResult.KvPage) page(k, prefix, cursor, limit).data()).cursor();
                if (!raw.isEmpty() && !who.capabilities().canRead(raw)) {
                    assertNotEquals(raw, p.cursor(), "the hidden key " + raw + " came back as the cursor");
                }
                cursor = p.cursor();
                assertTrue(++pages <= k.size() + 10, "paging did not end: " + capTexts + " " + prefix);
            } while (!cursor.isEmpty());
            assertEquals(expected, seen, "caps " + capTexts + ", prefix '" + prefix + "', limit " + limit);
        }
    }
}
