package io.haven.locator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeRecordTest {
    @Test
    void aRecordSurvivesEncodingAndDecoding() {
        NodeRecord r = new NodeRecord(
                "n1",
                "127.0.0.1:7400",
                "127.0.0.1:7500",
                List.of("locator", "quorum"),
                List.of(new NodeRecord.QuorumEntry("q1", List.of("/a", "/c"), true, 7)));
        assertEquals(r, NodeRecord.decode(r.encode()));
        assertEquals("haven:nodes/n1", r.key());
    }

    @Test
    void bytesThatAreNoRecordAreRefusedAsInvalid() {
        HavenException e = assertThrows(HavenException.class, () -> NodeRecord.decode(new byte[] {(byte) 0xc1, 1}));
        assertEquals(ErrorCode.INVALID, e.code());
        HavenException notMap = assertThrows(HavenException.class, () -> NodeRecord.decode(new byte[] {0x05}));
        assertEquals(ErrorCode.INVALID, notMap.code());
    }
}
