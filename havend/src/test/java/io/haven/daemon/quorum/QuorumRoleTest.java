package io.haven.daemon.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class QuorumRoleTest {
    @Test
    void aFailedControlNamesTheCausesThatSayWhy() {
        IOException server = new IOException("Failed to FORMAT: One or more existing directories found");
        IOException retries = new IOException("Failed GroupManagementRequest for 20 attempts", server);
        assertEquals(
                "Failed GroupManagementRequest for 20 attempts (caused by IOException: Failed to FORMAT: One or more"
                        + " existing directories found)",
                QuorumRole.withCauses(retries));
    }

    @Test
    void aCauseThatRepeatsTheMessageIsLeftOut() {
        IOException inner = new IOException("no member answered");
        assertEquals("no member answered", QuorumRole.withCauses(new IOException(inner.getMessage(), inner)));
        assertEquals("java.io.IOException: no member answered", QuorumRole.withCauses(new IOException(inner)));
    }
}
