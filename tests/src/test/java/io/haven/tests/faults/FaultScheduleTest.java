package io.haven.tests.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.haven.tests.cluster.ClusterLogs;
import io.haven.tests.lin.Budget;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The short fault schedule of the default test run: every nemesis once (partitions only where namespaces can be
 * made), in an order drawn from a seed, under the three workloads, then every check of {@link FaultRun}, with
 * {@link FaultRun#SMALL_LOG} settings. The seed is printed; {@code -Dhaven.faults.seed=N} repeats a run's schedule.
 */
@ExtendWith(ClusterLogs.class)
class FaultScheduleTest {
    @Test
    void everyNemesisOnceLeavesALinearizableHistoryAndIdenticalStoresOnEveryMember() throws Exception {
        long seed = Long.getLong("haven.faults.seed", System.currentTimeMillis());
        System.err.println("[faults] short schedule, seed " + seed + " (-Dhaven.faults.seed=" + seed + " repeats it)");
        Schedule schedule = Schedule.eachOnce(seed, true);
        Path dir = Path.of(
                "target", "faults", "short-" + seed + "-" + Instant.now().getEpochSecond());
        List<String> problems = new FaultRun(dir.toAbsolutePath(), schedule, Budget.DEFAULT, FaultRun.SMALL_LOG).run();
        assertEquals(List.of(), problems, "seed " + seed + ": " + String.join("\n", problems));
    }
}
