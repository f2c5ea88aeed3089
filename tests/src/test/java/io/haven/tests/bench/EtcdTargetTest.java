package io.haven.tests.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.haven.bench.load.LoadGenerator;
import io.haven.bench.load.LoadOptions;
import io.haven.bench.load.LoadReport;
import io.haven.bench.load.TargetSystem;
import io.haven.bench.load.Workload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator's etcd driver (jetcd) against a real one-member etcd, when the {@code etcd} binary is installed
 * (Debian's etcd-server; {@code bin/haven-bench-vs-etcd} installs it): short runs, a few seconds each. Without the
 * binary the tests are skipped, saying so.
 */
class EtcdTargetTest {
    @TempDir
    static Path dir;

    private static EtcdMember etcd;

    @BeforeAll
    static void startEtcd() throws Exception {
        Optional<Path> binary = EtcdMember.binary();
        Assumptions.assumeTrue(
                binary.isPresent(),
                "etcd is not installed (apt-get install etcd-server): the load generator's etcd driver is not tested");
        etcd = EtcdMember.start(binary.get(), dir.resolve("etcd"));
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    private static LoadReport run(Workload workload, Path json) throws Exception {
        LoadOptions o = new LoadOptions(
                TargetSystem.ETCD,
                List.of(etcd.address()),
                workload,
                8,
                2,
                0,
                Duration.ofMillis(500),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                256,
                100,
                Optional.of(json),
                "",
                false);
        return LoadGenerator.run(o, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void kvPutRunStoresItsValuesInEtcdWithoutErrors() throws Exception {
        Path json = dir.resolve("put.json");
        LoadReport report = run(Workload.KV_PUT, json);

        String table = report.table() + etcd.log();
        assertEquals(0, report.errorCount(), table);
        assertEquals("kv.put", report.total().name(), table);
        assertTrue(report.total().count() > 0, table);
        assertTrue(report.total().p50() <= report.total().p99(), table);
        assertTrue(Files.readString(json).contains("\"system\":\"etcd\""), Files.readString(json));
        try (Client c = Client.builder().endpoints("http://" + etcd.address()).build()) {
            ByteSequence prefix = ByteSequence.from("/bench/", StandardCharsets.UTF_8);
            GetResponse r = c.getKVClient()
                    .get(prefix, GetOption.builder().isPrefix(true).withLimit(1).build())
                    .get();
            assertTrue(r.getCount() > 0, "etcd holds no /bench/ key after the run");
            KeyValue kv = r.getKvs().get(0);
            assertEquals(256, kv.getValue().size(), kv.getKey().toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void mixRunReadsAndWritesEtcdInAboutNineToOne() throws Exception {
        LoadReport report = run(Workload.MIX, dir.resolve("mix.json"));

        String table = report.table();
        assertEquals(0, report.errorCount(), table);
        assertEquals("kv.get", report.rows().get(0).name(), table);
        long gets = report.rows().get(0).count();
        long puts = report.rows().get(1).count();
        assertTrue(puts > 0 && gets > 4 * puts && gets < 20 * puts, table);
    }
}
