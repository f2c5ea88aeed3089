package io.haven.tests.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.bench.load.LoadOptions;
import io.haven.bench.load.TargetSystem;
import io.haven.bench.load.Workload;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generator's command line. */
class LoadOptionsTest {
    @Test
    void parseReadsEveryOption() {
        LoadOptions o = LoadOptions.parse(
                "--targets",
                "127.0.0.1:1,127.0.0.1:2",
                "--workload",
                "mix",
                "--clients",
                "64",
                "--connections",
                "3",
                "--rate",
                "500",
                "--warmup",
                "0.5",
                "--duration",
                "2",
                "--deadline",
                "750",
                "--value-size",
                "10",
                "--keys",
                "7",
                "--label",
                "x",
                "--no-progress",
                "--routing");

        assertEquals(List.of("127.0.0.1:1", "127.0.0.1:2"), o.targets());
        assertEquals(Workload.MIX, o.workload());
        assertEquals(64, o.clients());
        assertEquals(3, o.connections());
        assertEquals(500, o.rate());
        assertTrue(o.openLoop());
        assertEquals(Duration.ofMillis(500), o.warmup());
        assertEquals(Duration.ofSeconds(2), o.duration());
        assertEquals(Duration.ofMillis(750), o.deadline());
        assertEquals(10, o.valueSize());
        assertEquals(7, o.keyCount());
        assertEquals("x", o.label());
        assertEquals(false, o.progress());
        assertTrue(o.routing());
    }

    @Test
    void connectionsDefaultToAtMostFourAndNeverMoreThanClients() {
        assertEquals(1, LoadOptions.parse("--clients", "1").connections());
        assertEquals(4, LoadOptions.parse("--clients", "256").connections());
    }

    @Test
    void anUnknownWorkloadIsRefusedNamingTheKnownOnes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--workload", "nope"));
        assertTrue(e.getMessage().contains("promise-create"), e.getMessage());
    }

    @Test
    void aZeroDurationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--duration", "0"));
    }

    @Test
    void etcdIsChosenWithSystemWhicheverOrderTheOptionsComeIn() {
        LoadOptions o = LoadOptions.parse("--system", "etcd", "--workload", "kv-get");

        assertEquals(TargetSystem.ETCD, o.system());
        assertEquals(Workload.KV_GET, o.workload());
        assertEquals(TargetSystem.HAVEN, LoadOptions.parse("--workload", "task").system());
    }

    @Test
    void etcdRefusesAWorkloadWithPromisesOrTasks() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> LoadOptions.parse("--workload", "task", "--system", "etcd"));
        assertTrue(e.getMessage().contains("etcd cannot run the workload task"), e.getMessage());
    }
}
