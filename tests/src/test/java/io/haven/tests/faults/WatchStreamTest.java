package io.haven.tests.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.data.Change;
import io.haven.protocol.data.Kv;
import io.haven.tests.cluster.ClusterNode;
import io.haven.tests.cluster.ProcessRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks a watch stream's events go through after a fault run (no node is started). */
class WatchStreamTest {
    private static final List<ClusterNode> NODES = List.of(new ClusterNode(
            0,
            "00000000-0000-0000-0000-000000000001",
            7400,
            7401,
            Path.of("unused"),
            List.of(),
            ProcessRegistry.GLOBAL));

    private static Change put(long rev, String key, String value, long version) {
        return new Change.KvChanged(
                rev, new Kv(key, value.getBytes(StandardCharsets.UTF_8), "text/plain", version, rev));
    }

    private static WatchStream stream() {
        return new WatchStream("w", "/faults/", NODES, 0);
    }

    @Test
    void aStreamWithEveryAcknowledgedWriteAndRedeliveriesHasNoProblem() {
        WatchStream w = stream();
        w.receive(put(1, "/faults/reg/0/1", "a", 1));
        w.receive(put(2, "/faults/reg/0/1", "b", 2));
        w.receive(put(2, "/faults/reg/0/1", "b", 2));
        List<String> problems = w.problems(List.of(
                new RegisterWorkload.AckedWrite("/faults/reg/0/1", "a", 1, 1),
                new RegisterWorkload.AckedWrite("/faults/reg/0/1", "b", 2, 2)));
        assertEquals(List.of(), problems);
    }

    @Test
    void anAcknowledgedWriteTheStreamNeverDeliveredIsAProblem() {
        WatchStream w = stream();
        w.receive(put(1, "/faults/reg/0/1", "a", 1));
        w.receive(put(3, "/faults/reg/0/1", "c", 3));
        List<String> problems = w.problems(List.of(new RegisterWorkload.AckedWrite("/faults/reg/0/1", "b", 2, 2)));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("arrived as null"), problems.get(0));
    }

    @Test
    void twoDifferentChangesAtOneRevisionAreAProblem() {
        WatchStream w = stream();
        w.receive(put(1, "/faults/reg/0/1", "a", 1));
        w.receive(put(1, "/faults/reg/0/1", "x", 1));
        assertTrue(w.problems(List.of()).get(0).contains("two changes at revision 1"));
    }

    @Test
    void aRevisionBelowOneAlreadyReceivedIsAProblem() {
        WatchStream w = stream();
        w.receive(put(5, "/faults/reg/0/1", "a", 1));
        w.receive(put(4, "/faults/reg/0/2", "b", 1));
        assertTrue(w.problems(List.of()).get(0).contains("arrived after 5"));
    }
}
