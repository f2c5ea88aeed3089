package io.haven.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilityTest {

    private static Capabilities caps(String... texts) {
        return Capabilities.parse(List.of(texts));
    }

    private static boolean covers(String wide, String narrow) {
        return Capability.parse(wide).covers(Capability.parse(narrow));
    }

    @Test
    void everyFormParsesAndPrintsBackTheSame() {
        for (String text : List.of(
                "data:read:/app1",
                "data:write:/app1/x",
                "control",
                "discover",
                "node",
                "process:img",
                "process:*",
                "data:read:/",
                "data:write:haven:",
                "data:read:order")) {
            assertEquals(text, Capability.parse(text).toString());
        }
    }

    @Test
    void trailingSlashesAreDroppedFromPaths() {
        assertEquals("data:read:/app1", Capability.parse("data:read:/app1/").toString());
        assertEquals("data:read:/", Capability.parse("data:read:///").toString());
        assertEquals("data:write:haven:", Capability.parse("data:write:haven:/").toString());
    }

    @Test
    void unknownOrBrokenCapabilitiesAreInvalid() {
        for (String text : List.of(
                "",
                "data:read:",
                "data:delete:/a",
                "Control",
                "process:",
                "process:two words",
                "data:read:/a\n",
                "admin")) {
            HavenException e = assertThrows(HavenException.class, () -> Capability.parse(text), text);
            assertEquals(ErrorCode.INVALID, e.code());
            assertEquals(List.of("caps"), e.error().items());
        }
    }

    @Test
    void aPathCoversItselfAndWhatIsBelowItOnWholeSegments() {
        Capabilities c = caps("data:read:/a");
        assertTrue(c.canRead("/a"));
        assertTrue(c.canRead("/a/x"));
        assertTrue(c.canRead("/a/x/y"));
        assertTrue(c.canRead("/a/"));
        assertFalse(c.canRead("/ab"));
        assertFalse(c.canRead("/a-b/x"));
        assertFalse(c.canRead("/"));
        assertFalse(c.canRead("a/x"));
    }

    @Test
    void aPathWrittenWithATrailingSlashCoversTheSameKeys() {
        Capabilities c = caps("data:read:/app1/");
        assertTrue(c.canRead("/app1"));
        assertTrue(c.canRead("/app1/config"));
        assertFalse(c.canRead("/app10/config"));
    }

    @Test
    void theRootCoversEveryKeyButTheReservedOnes() {
        Capabilities c = caps("data:read:/");
        assertTrue(c.canRead("/"));
        assertTrue(c.canRead("/anything/at/all"));
        assertTrue(c.canRead("order/42"));
        assertTrue(c.canRead(""));
        assertFalse(c.canRead("haven:nodes/x"));
        assertFalse(c.canRead("haven:"));
    }

    @Test
    void onlyACapabilityNamingTheReservedPrefixReachesReservedKeys() {
        assertTrue(caps("data:read:haven:").canRead("haven:nodes/u1"));
        assertTrue(caps("data:read:haven:nodes").canRead("haven:nodes/u1"));
        assertFalse(caps("data:read:haven:nodes").canRead("haven:quorums/q1"));
        assertFalse(caps("data:read:haven:").canRead("/a"));
        assertFalse(caps("data:read:haven").canRead("haven:nodes/u1"));
    }

    @Test
    void writeImpliesReadButReadDoesNotImplyWrite() {
        assertTrue(caps("data:write:/a").canRead("/a/x"));
        assertTrue(caps("data:write:/a").canWrite("/a/x"));
        assertFalse(caps("data:read:/a").canWrite("/a/x"));
        assertTrue(covers("data:write:/a", "data:read:/a/x"));
        assertFalse(covers("data:read:/a", "data:write:/a/x"));
    }

    @Test
    void aCapabilityCoversNarrowerPathsOnly() {
        assertTrue(covers("data:read:/a", "data:read:/a"));
        assertTrue(covers("data:read:/a", "data:read:/a/b"));
        assertFalse(covers("data:read:/a", "data:read:/ab"));
        assertFalse(covers("data:read:/a/b", "data:read:/a"));
        assertTrue(covers("data:read:/", "data:read:/a"));
        assertTrue(covers("data:read:/", "data:read:order"));
        assertFalse(covers("data:read:/", "data:read:haven:"));
        assertFalse(covers("data:read:/", "data:read:haven:nodes"));
        assertTrue(covers("data:read:haven:", "data:read:haven:nodes"));
        assertFalse(covers("data:read:haven:nodes", "data:read:haven:"));
        assertFalse(covers("data:read:/a", "data:read:/"));
    }

    @Test
    void processStarCoversEveryGroupAndAGroupOnlyItself() {
        assertTrue(covers("process:*", "process:img"));
        assertTrue(covers("process:img", "process:img"));
        assertFalse(covers("process:img", "process:pdf"));
        assertFalse(covers("process:img", "process:*"));
        assertTrue(caps("process:*").canProcess("img"));
        assertFalse(caps("process:img").canProcess("pdf"));
        assertFalse(caps("process:img").canProcess(""));
    }

    @Test
    void operationsCoverOnlyThemselves() {
        assertTrue(covers("control", "control"));
        assertFalse(covers("control", "discover"));
        assertFalse(covers("node", "control"));
        assertFalse(covers("data:write:/", "control"));
    }

    @Test
    void aListingPrefixOverlapsACapabilityWhenSomeKeyUnderItIsCovered() {
        Capabilities c = caps("data:read:/a/b");
        assertTrue(c.canReadSomeUnder("/"));
        assertTrue(c.canReadSomeUnder("/a"));
        assertTrue(c.canReadSomeUnder("/a/b"));
        assertTrue(c.canReadSomeUnder("/a/b/c"));
        assertTrue(c.canReadSomeUnder(""));
        assertFalse(c.canReadSomeUnder("/a/bc"));
        assertFalse(c.canReadSomeUnder("/b"));
        assertFalse(caps("data:read:/").canReadSomeUnder("haven:"));
        assertTrue(caps("data:read:/").canReadSomeUnder("hav"));
        assertTrue(caps("data:read:haven:").canReadSomeUnder("hav"));
        assertFalse(caps("data:read:haven:").canReadSomeUnder("/"));
    }

    @Test
    void capabilitiesCoverAnotherSetWhenEachOfItsMembersIsImplied() {
        Capabilities wide = caps("data:write:/a", "control");
        assertTrue(wide.covers(caps("data:read:/a/x", "control")));
        assertTrue(wide.covers(Capabilities.NONE));
        assertFalse(wide.covers(caps("data:read:/a/x", "discover")));
        assertEquals(List.of(Capability.parse("discover")), wide.notCovered(caps("control", "discover")));
    }

    @Test
    void duplicatesAreDroppedAndOrderKept() {
        assertEquals(
                List.of("control", "data:read:/a"),
                caps("control", "data:read:/a/", "control").strings());
    }
}
