package io.haven.tests.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.haven.tests.cluster.ClusterLogs;
import io.haven.tests.lin.Budget;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The long fault schedule ({@code bin/haven-faults}): nemeses drawn at random, with replacement, from a seed, for
 * {@code -Dhaven.faults.duration} seconds (default 600) of faults and gaps, under the three workloads, then every
 * check of {@link FaultRun}. The nodes run with {@link FaultRun#SMALL_LOG} (frequent purges and checkpoint installs)
 * unless {@code -Dhaven.faults.settings=k=v,k=v} says otherwise (empty: havend's defaults). The seed is printed;
 * {@code -Dhaven.faults.seed=N} repeats a run's schedule.
 */
@Tag("slow")
@ExtendWith(ClusterLogs.class)
class LongFaultScheduleTest {
    @Test
    void aLongRandomScheduleLeavesALinearizableHistoryAndIdenticalStoresOnEveryMember() throws Exception {
        long seed = Long.getLong("haven.faults.seed", System.currentTimeMillis());
        Duration length = Duration.ofSeconds(Long.getLong("haven.faults.duration", 600));
        System.err.println("[faults] long schedule of " + length.toSeconds() + " s, seed " + seed
                + " (-Dhaven.faults.seed=" + seed + " repeats it)");
        Schedule schedule = Schedule.random(seed, length, true);
        Path dir =
                Path.of("target", "faults", "long-" + seed + "-" + Instant.now().getEpochSecond());
        Budget budget = new Budget(Duration.ofMinutes(10), 10_000_000, Duration.ofMinutes(1));
        String given = System.getProperty("haven.faults.settings");
        List<String> settings = given == null
                ? FaultRun.SMALL_LOG
                : Arrays.stream(given.split(",")).filter(x -> !x.isBlank()).toList();
        List<String> problems = new FaultRun(dir.toAbsolutePath(), schedule, budget, settings).run();
        assertEquals(List.of(), problems, "seed " + seed + ": " + String.join("\n", problems));
    }
}
