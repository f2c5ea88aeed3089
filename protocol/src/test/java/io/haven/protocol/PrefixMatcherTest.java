package io.haven.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrefixMatcherTest {
    private final PrefixMatcher<String> nested = PrefixMatcher.<String>builder()
            .add("/", "q1")
            .addAll(List.of("/apps/b", "/apps/c"), "q2")
            .add("/apps/b/deep", "q3")
            .build();

    @Test
    void theLongestServedPrefixWins() {
        assertEquals(Optional.of(new PrefixMatcher.Match<>("/apps/b/deep", "q3")), nested.longest("/apps/b/deep/x"));
        assertEquals(Optional.of(new PrefixMatcher.Match<>("/apps/b", "q2")), nested.longest("/apps/b/x"));
        assertEquals(Optional.of(new PrefixMatcher.Match<>("/", "q1")), nested.longest("/other"));
    }

    @Test
    void aKeyNoPrefixCoversHasNoMatch() {
        assertEquals(Optional.empty(), nested.longest("haven:nodes/x"));
    }

    @Test
    void theLongerPrefixesOthersServeUnderOneAreNamedOnceSorted() {
        assertEquals(List.of("/apps/b", "/apps/b/deep", "/apps/c"), nested.under("/", "q1"));
        assertEquals(List.of("/apps/b/deep"), nested.under("/apps/b", "q2"));
        assertEquals(List.of(), nested.under("/apps/b/deep", "q3"));
    }

    @Test
    void aRouteCoversItsPrefixButNotTheExcludedOnes() {
        assertTrue(PrefixMatcher.covers("/apps/b", List.of("/apps/b/deep"), "/apps/b/x"));
        assertFalse(PrefixMatcher.covers("/apps/b", List.of("/apps/b/deep"), "/apps/b/deep/x"));
        assertFalse(PrefixMatcher.covers("/apps/b", List.of(), "/apps/c"));
    }
}
