package io.haven.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.daemon.status.MemberInfo;
import io.haven.daemon.status.NodeCounts;
import io.haven.daemon.status.QuorumInfo;
import io.haven.daemon.status.RaftRole;
import io.haven.daemon.status.StoreInfo;
import io.haven.protocol.Action;
import io.haven.protocol.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HavenMetricsTest {
    private static final Path DOC = Path.of("..", "docs", "metrics.md");
    private static final Pattern ROW = Pattern.compile("^\\| `(haven_[a-z_]+)` \\| (\\w+) \\|\\s*([a-z, ]*?)\\s*\\|");

    private static final String LEADER = "6a0e2f1c-0000-4000-8000-000000000001";
    private static final String FOLLOWER = "6a0e2f1c-0000-4000-8000-000000000002";

    private final HavenMetrics metrics = HavenMetrics.withoutJvm(LEADER, "1.2.3");

    private static QuorumInfo quorum(String name, RaftRole role, long commit, long applied) {
        return new QuorumInfo(
                name,
                role,
                LEADER,
                List.of(
                        new MemberInfo(
                                LEADER,
                                "127.0.0.1:7401",
                                "127.0.0.1:7400",
                                true,
                                role == RaftRole.LEADER ? commit : -1),
                        new MemberInfo(FOLLOWER, "127.0.0.1:7411", "", true, role == RaftRole.LEADER ? commit - 4 : -1),
                        new MemberInfo(
                                "6a0e2f1c-0000-4000-8000-000000000003",
                                "127.0.0.1:7421",
                                "",
                                false,
                                MemberInfo.UNKNOWN)),
                List.of("/"),
                7,
                commit,
                applied,
                applied - 2,
                new StoreInfo(4096, 10, 1, 5, false, 2_500_000));
    }

    private Map<String, PrometheusText.Family> scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.scrape(out);
        return PrometheusText.parse(out.toString(StandardCharsets.UTF_8));
    }

    private void recordSome() {
        metrics.quorumsFrom(() -> List.of(quorum("main", RaftRole.LEADER, 120, 118)));
        metrics.countsFrom(() -> new NodeCounts(3, 5, 8));
        metrics.requestServed(Action.QUERY, "kv.put", 2_000_000);
        metrics.requestFailed(Action.QUERY, "kv.get", ErrorCode.UNAVAILABLE, 500_000);
        metrics.requestServed(Action.CONNECT, "", 100_000);
        metrics.leaderChanged("main");
        metrics.snapshotInstalled("main");
        metrics.divergenceDetected("main");
        metrics.logTruncated("main", 3);
        metrics.divisionRestarted("main");
    }

    private static double value(PrometheusText.Family f, Map<String, String> labels) {
        return f.samples().stream()
                .filter(s -> s.labels().equals(labels))
                .findFirst()
                .orElseThrow(() -> new AssertionError(f.name() + " has no sample " + labels + ": " + f.samples()))
                .value();
    }

    /** The rows of docs/metrics.md: name to "type | sorted labels". */
    private static Map<String, String> documented() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                TreeSet<String> labels = new TreeSet<>();
                for (String l : m.group(3).split(",")) {
                    if (!l.isBlank()) {
                        labels.add(l.strip());
                    }
                }
                rows.put(m.group(1), m.group(2) + " " + labels);
            }
        }
        return rows;
    }

    @Test
    void everyDocumentedMetricIsExposedWithItsTypeAndLabels() throws IOException {
        recordSome();
        Map<String, PrometheusText.Family> families = scrape();
        Map<String, String> documented = documented();
        assertTrue(documented.size() > 25, "docs/metrics.md lists only " + documented.size() + " metrics");
        for (Map.Entry<String, String> row : documented.entrySet()) {
            PrometheusText.Family f = families.get(row.getKey());
            assertTrue(f != null, row.getKey() + " is documented but not exposed");
            assertFalse(f.samples().isEmpty(), row.getKey() + " has no samples");
            assertEquals(row.getValue(), f.type() + " " + new TreeSet<>(f.labelNames()), row.getKey());
        }
    }

    @Test
    void everyExposedHavenMetricIsDocumented() throws IOException {
        recordSome();
        Set<String> documented = documented().keySet();
        for (String name : scrape().keySet()) {
            assertTrue(!name.startsWith("haven_") || documented.contains(name), name + " is missing from " + DOC);
        }
    }

    @Test
    void theJvmAndProcessMetricsAreExposedToo() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HavenMetrics.create(LEADER, "1.2.3").scrape(out);
        Map<String, PrometheusText.Family> families = PrometheusText.parse(out.toString(StandardCharsets.UTF_8));
        assertTrue(
                families.containsKey("jvm_memory_used_bytes"), families.keySet().toString());
        assertTrue(
                families.containsKey("process_cpu_seconds_total"),
                families.keySet().toString());
    }

    @Test
    void requestsAreCountedByActionKindAndCodeAndTimed() throws IOException {
        recordSome();
        metrics.requestServed(Action.QUERY, "kv.put", 3_000_000);
        Map<String, PrometheusText.Family> f = scrape();
        assertEquals(
                2, value(f.get("haven_requests_total"), Map.of("action", "query", "kind", "kv.put", "code", "OK")));
        assertEquals(
                1,
                value(
                        f.get("haven_requests_total"),
                        Map.of("action", "query", "kind", "kv.get", "code", "ERROR_UNAVAILABLE")));
        PrometheusText.Family latency = f.get("haven_request_duration_seconds");
        assertEquals(
                0.005,
                latency.samples().stream()
                        .filter(s -> s.name().endsWith("_sum")
                                && s.labels().get("kind").equals("kv.put"))
                        .findFirst()
                        .orElseThrow()
                        .value(),
                1e-9);
    }

    @Test
    void aKindTheNodeDoesNotKnowIsCountedAsOther() throws IOException {
        for (int i = 0; i < 50; i++) {
            metrics.requestFailed(Action.QUERY, "made.up." + i, ErrorCode.INVALID, 1_000);
        }
        PrometheusText.Family requests = scrape().get("haven_requests_total");
        assertEquals(1, requests.samples().size(), requests.samples().toString());
        assertEquals(50, value(requests, Map.of("action", "query", "kind", "other", "code", "ERROR_INVALID")));
    }

    @Test
    void quorumGaugesFollowTheSourceAtEachScrape() throws IOException {
        AtomicInteger commit = new AtomicInteger(100);
        metrics.quorumsFrom(() -> List.of(quorum("main", RaftRole.LEADER, commit.get(), commit.get() - 3)));
        assertEquals(100, value(scrape().get("haven_quorum_commit_index"), Map.of("quorum", "main")));
        commit.set(250);
        Map<String, PrometheusText.Family> f = scrape();
        assertEquals(250, value(f.get("haven_quorum_commit_index"), Map.of("quorum", "main")));
        assertEquals(3, value(f.get("haven_quorum_apply_lag_entries"), Map.of("quorum", "main")));
        assertEquals(1, value(f.get("haven_quorum_leader"), Map.of("quorum", "main")));
    }

    @Test
    void onlyTheLeaderReportsItsFollowersLag() throws IOException {
        metrics.quorumsFrom(
                () -> List.of(quorum("main", RaftRole.LEADER, 100, 100), quorum("other", RaftRole.FOLLOWER, 100, 100)));
        PrometheusText.Family lag = scrape().get("haven_quorum_follower_lag_entries");
        assertEquals(
                List.of(Map.of("quorum", "main", "member", FOLLOWER)),
                lag.samples().stream().map(PrometheusText.Sample::labels).toList());
        assertEquals(4, lag.samples().get(0).value());
    }

    @Test
    void aQuorumsEventCountersStartAtZero() throws IOException {
        metrics.quorumsFrom(() -> List.of(quorum("main", RaftRole.FOLLOWER, 10, 10)));
        Map<String, PrometheusText.Family> f = scrape();
        assertEquals(0, value(f.get("haven_quorum_leader_changes_total"), Map.of("quorum", "main")));
        assertEquals(0, value(f.get("haven_quorum_divergences_total"), Map.of("quorum", "main")));
    }

    @Test
    void aTruncationCountsItselfAndItsEntries() throws IOException {
        metrics.logTruncated("main", 7);
        metrics.logTruncated("main", 2);
        Map<String, PrometheusText.Family> f = scrape();
        assertEquals(2, value(f.get("haven_quorum_log_truncations_total"), Map.of("quorum", "main")));
        assertEquals(9, value(f.get("haven_quorum_truncated_entries_total"), Map.of("quorum", "main")));
    }

    @Test
    void storeStallTimeIsExposedInSeconds() throws IOException {
        recordSome();
        assertEquals(2.5, value(scrape().get("haven_store_write_stall_seconds_total"), Map.of("quorum", "main")));
    }
}
