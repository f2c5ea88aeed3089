package io.haven.daemon.metrics;

import io.haven.daemon.status.MemberInfo;
import io.haven.daemon.status.NodeCounts;
import io.haven.daemon.status.NodeView;
import io.haven.daemon.status.QuorumInfo;
import io.haven.protocol.Action;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.data.DataKind;
import io.haven.protocol.message.DiscoverType;
import io.haven.protocol.message.Role;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The metrics of one node, in Prometheus text format. The daemon makes one at start, calls the recording methods
 * as things happen, and registers where the gauges read from ({@link #quorumsFrom}, {@link #countsFrom}); {@link
 * #scrape} writes them all, with the JVM's and the process's. Names and meanings: {@code docs/metrics.md}.
 *
 * <p>Label values are bounded so that a client cannot grow the registry: {@code action} is an {@link Action},
 * {@code code} an {@link ErrorCode} or {@code OK}, and a {@code kind} that is no DATA kind, CONTROL role, DISCOVER
 * type or heartbeat/manage type is counted as {@value #OTHER_KIND}. Quorum names come from the node's own quorums.
 */
public final class HavenMetrics {
    /** The {@code Content-Type} of {@link #scrape}'s output (text format 0.0.4). */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    /** The {@code code} label of a request answered without an error. */
    public static final String OK = "OK";

    /** The {@code kind} label of a request whose type is none Haven knows. */
    public static final String OTHER_KIND = "other";

    /** Request latency buckets, in seconds: from half a millisecond (a local read) to ten seconds (elections). */
    private static final double[] LATENCY_BUCKETS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
    };

    private static final Set<String> KINDS = knownKinds();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests;
    private final Histogram latency;
    private final Counter leaderChanges;
    private final Counter snapshotInstalls;
    private final Counter divergences;
    private final Counter truncations;
    private final Counter truncatedEntries;
    private final Counter divisionRestarts;
    private final List<Counter> perQuorum;

    private volatile Supplier<List<QuorumInfo>> quorumSource = List::of;
    private volatile Supplier<NodeCounts> countSource = () -> NodeCounts.NONE;

    /** What {@link #scrape} read from the sources; the gauges' callbacks read only this. Guarded by {@code this}. */
    private List<QuorumInfo> quorums = List.of();

    private NodeCounts counts = NodeCounts.NONE;

    private HavenMetrics(String uuid, String version, boolean jvm) {
        Info.builder()
                .name("haven_node_info")
                .help("This node: its uuid and the version it runs (always 1)")
                .labelNames("uuid", "version")
                .register(registry)
                .setLabelValues(uuid, version);
        requests = Counter.builder()
                .name("haven_requests_total")
                .help("Requests answered, by action, kind and error code (OK when it succeeded)")
                .labelNames("action", "kind", "code")
                .register(registry);
        latency = Histogram.builder()
                .name("haven_request_duration_seconds")
                .help("Time from reading a request to answering it, by action and kind")
                .labelNames("action", "kind")
                .classicOnly()
                .classicUpperBounds(LATENCY_BUCKETS)
                .register(registry);
        leaderChanges = quorumCounter("haven_quorum_leader_changes_total", "Leaders this node saw a quorum elect");
        snapshotInstalls = quorumCounter(
                "haven_quorum_snapshot_installs_total", "Checkpoints this node installed from a quorum's leader");
        divergences = quorumCounter(
                "haven_quorum_divergences_total", "Times this node found its copy of a quorum diverged from the log");
        truncations = quorumCounter(
                "haven_quorum_log_truncations_total", "Times this node truncated a quorum's log on a term conflict");
        truncatedEntries =
                quorumCounter("haven_quorum_truncated_entries_total", "Log entries those truncations removed");
        divisionRestarts = quorumCounter(
                "haven_quorum_division_restarts_total",
                "Times this node restarted its member of a quorum from its log");
        perQuorum =
                List.of(leaderChanges, snapshotInstalls, divergences, truncations, truncatedEntries, divisionRestarts);

        quorumGauge("haven_quorum_term", "The quorum's current Raft term", QuorumInfo::term);
        quorumGauge(
                "haven_quorum_commit_index",
                "The highest log index this node knows committed",
                QuorumInfo::commitIndex);
        quorumGauge("haven_quorum_applied_index", "The highest log index this node applied", QuorumInfo::appliedIndex);
        quorumGauge(
                "haven_quorum_apply_lag_entries",
                "Committed entries this node has not applied yet",
                QuorumInfo::applyLag);
        quorumGauge("haven_quorum_revision", "The revision of the last change this node applied", QuorumInfo::revision);
        quorumGauge("haven_quorum_leader", "1 when this node leads the quorum, else 0", q -> q.leads() ? 1 : 0);
        quorumGauge(
                "haven_quorum_has_leader",
                "1 when this node knows a leader of the quorum, else 0",
                q -> q.hasLeader() ? 1 : 0);
        quorumGauge("haven_quorum_voters", "Voting members of the quorum", q -> q.members().stream()
                .filter(MemberInfo::voter)
                .count());
        quorumGauge(
                "haven_quorum_learners",
                "Learners of the quorum (members still catching up)",
                q -> q.members().stream().filter(m -> !m.voter()).count());
        GaugeWithCallback.builder()
                .name("haven_quorum_follower_lag_entries")
                .help("Entries a follower is behind the commit index; reported by the quorum's leader only")
                .labelNames("quorum", "member")
                .callback(cb -> eachQuorum(q -> {
                    for (MemberInfo m : q.members()) {
                        long lag = m.lag(q.commitIndex());
                        if (q.leads() && !m.uuid().equals(q.leader()) && lag != MemberInfo.UNKNOWN) {
                            cb.call(lag, q.name(), m.uuid());
                        }
                    }
                }))
                .register(registry);

        quorumGauge("haven_store_size_bytes", "Size of the quorum store's SST files on this node", q -> q.store()
                .sizeBytes());
        quorumGauge(
                "haven_store_pending_compaction_bytes",
                "Bytes RocksDB estimates compaction has yet to rewrite",
                q -> q.store().pendingCompactionBytes());
        quorumGauge("haven_store_running_compactions", "Compactions running in the quorum's store", q -> q.store()
                .runningCompactions());
        quorumGauge(
                "haven_store_write_stopped",
                "1 while RocksDB stops writes to the quorum's store, else 0",
                q -> q.store().writeStopped() ? 1 : 0);
        CounterWithCallback.builder()
                .name("haven_store_compactions_total")
                .help("Compactions the quorum's store finished since it was opened")
                .labelNames("quorum")
                .callback(cb -> eachQuorum(q -> cb.call(q.store().compactionsCompleted(), q.name())))
                .register(registry);
        CounterWithCallback.builder()
                .name("haven_store_write_stall_seconds_total")
                .help("Time writes to the quorum's store were stalled since it was opened")
                .labelNames("quorum")
                .callback(cb -> eachQuorum(q -> cb.call(q.store().stallMicros() / 1e6, q.name())))
                .register(registry);

        nodeGauge("haven_sessions", "Open client sessions", c -> c.sessions());
        nodeGauge("haven_watches", "Watches of those sessions", c -> c.watches());
        nodeGauge("haven_watch_queued_events", "Matched watch events not yet acknowledged", c -> c.queuedEvents());
        if (jvm) {
            JvmMetrics.builder().register(registry);
        }
    }

    /** The metrics of node {@code uuid} running {@code version}, with the JVM's and the process's. */
    public static HavenMetrics create(String uuid, String version) {
        return new HavenMetrics(uuid, version, true);
    }

    /** Without the JVM's metrics: for tests that count what a scrape holds. */
    static HavenMetrics withoutJvm(String uuid, String version) {
        return new HavenMetrics(uuid, version, false);
    }

    // ---- recording ------------------------------------------------------------------------------------------------

    /**
     * A request answered successfully.
     *
     * @param kind the DATA kind's wire name ({@code kv.put}), the CONTROL role, the DISCOVER type, the heartbeat or
     *     manage type, or empty for CONNECT
     */
    public void requestServed(Action action, String kind, long nanos) {
        record(action, kind, OK, nanos);
    }

    /** A request answered with an error ({@code code}); {@code kind} as in {@link #requestServed}. */
    public void requestFailed(Action action, String kind, ErrorCode code, long nanos) {
        record(action, kind, code.wireName(), nanos);
    }

    private void record(Action action, String kind, String code, long nanos) {
        String k = KINDS.contains(kind) ? kind : OTHER_KIND;
        requests.labelValues(action.wireName(), k, code).inc();
        latency.labelValues(action.wireName(), k).observe(Math.max(0, nanos) / (double) TimeUnit.SECONDS.toNanos(1));
    }

    /** This node saw {@code quorum} elect a new leader (itself or another member). */
    public void leaderChanged(String quorum) {
        leaderChanges.labelValues(quorum).inc();
    }

    /** This node installed a checkpoint of {@code quorum} from its leader. */
    public void snapshotInstalled(String quorum) {
        snapshotInstalls.labelValues(quorum).inc();
    }

    /** This node's safety checks found its copy of {@code quorum} diverged (stores or applied entries differ). */
    public void divergenceDetected(String quorum) {
        divergences.labelValues(quorum).inc();
    }

    /** This node truncated {@code entries} entries of {@code quorum}'s log that conflicted with the leader's. */
    public void logTruncated(String quorum, long entries) {
        truncations.labelValues(quorum).inc();
        truncatedEntries.labelValues(quorum).inc(Math.max(0, entries));
    }

    /** This node restarted its member (Ratis division) of {@code quorum} from its log. */
    public void divisionRestarted(String quorum) {
        divisionRestarts.labelValues(quorum).inc();
    }

    // ---- sources --------------------------------------------------------------------------------------------------

    /** Reads the quorum, session, watch and queue gauges from {@code view}: {@link #quorumsFrom} and {@link #countsFrom}. */
    public void observe(NodeView view) {
        quorumsFrom(view::quorums);
        countsFrom(view::counts);
    }

    /** Where the per-quorum gauges come from; read once per scrape, on the scraping thread. */
    public void quorumsFrom(Supplier<List<QuorumInfo>> source) {
        quorumSource = Objects.requireNonNull(source, "source");
    }

    /** Where the session, watch and queue gauges come from; read once per scrape, on the scraping thread. */
    public void countsFrom(Supplier<NodeCounts> source) {
        countSource = Objects.requireNonNull(source, "source");
    }

    // ---- exposition -----------------------------------------------------------------------------------------------

    /** Writes every metric to {@code out} in Prometheus text format 0.0.4 ({@link #CONTENT_TYPE}). */
    public synchronized void scrape(OutputStream out) throws IOException {
        quorums = List.copyOf(quorumSource.get());
        counts = countSource.get();
        // Every quorum's event counters show 0 before their first event, so that rate() and increase() see them.
        for (QuorumInfo q : quorums) {
            for (Counter c : perQuorum) {
                c.initLabelValues(q.name());
            }
        }
        writer.write(out, registry.scrape());
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private Counter quorumCounter(String name, String help) {
        return Counter.builder().name(name).help(help).labelNames("quorum").register(registry);
    }

    private void quorumGauge(String name, String help, ToDoubleFunction<QuorumInfo> value) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames("quorum")
                .callback(cb -> eachQuorum(q -> cb.call(value.applyAsDouble(q), q.name())))
                .register(registry);
    }

    private void nodeGauge(String name, String help, ToDoubleFunction<NodeCounts> value) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .callback(cb -> cb.call(value.applyAsDouble(currentCounts())))
                .register(registry);
    }

    /** Runs inside {@link #scrape} (the registry calls the callbacks there), so {@code this} is held. */
    private synchronized void eachQuorum(Consumer<QuorumInfo> action) {
        quorums.forEach(action);
    }

    private synchronized NodeCounts currentCounts() {
        return counts;
    }

    private static Set<String> knownKinds() {
        Set<String> kinds = new HashSet<>();
        for (DataKind k : DataKind.values()) {
            kinds.add(k.wireName());
        }
        for (Role r : Role.values()) {
            kinds.add(r.wireName());
        }
        for (DiscoverType t : DiscoverType.values()) {
            kinds.add(t.wireName());
        }
        kinds.addAll(List.of("", "ping", "request", "bye"));
        return Set.copyOf(kinds);
    }
}
