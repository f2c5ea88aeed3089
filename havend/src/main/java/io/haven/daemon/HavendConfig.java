package io.haven.daemon;

import io.haven.daemon.logging.LogFormat;
import io.haven.quorum.QuorumConfig;
import io.haven.storage.StoreOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The settings of one havend process, typed and validated. Every setting is documented once, here, as a KEY (the
 * kebab-case name used in a {@code --config} properties file, and as a flag for the common ones) and its DEFAULT.
 * Build one with {@link #from(Map)} (file and flags merged by the caller, flags winning) or start from {@link
 * #defaults()} and use the {@code with} methods (tests). Immutable.
 */
public record HavendConfig(
        boolean dev,
        Optional<String> nodeId,
        Path data,
        HostPort listen,
        HostPort raft,
        List<HostPort> locators,
        String auth,
        int maxFrame,
        int maxPending,
        int maxConnections,
        long heartbeatMs,
        long sessionTtlMs,
        long frameTimeoutMs,
        int eventLoopThreads,
        long shutdownGraceMs,
        long raftSnapshotThreshold,
        long raftLogSegmentBytes,
        int batchMaxCommands,
        int batchMaxInflight,
        long nodeDownMs,
        long pendingRetryMs,
        Optional<HostPort> http,
        Optional<LogFormat> logFormat) {

    /** Run every role in one process with its data under {@link #DATA_KEY} (the embedded default). */
    public static final String DEV_KEY = "dev";

    public static final boolean DEV_DEFAULT = false;

    /**
     * The node's uuid. When absent the uuid kept in {@code <data>/node-id} is used, or one is made and kept there;
     * when given it must match what is kept.
     */
    public static final String NODE_ID_KEY = "node-id";

    /** The data directory: the node id and, later, every role's state. */
    public static final String DATA_KEY = "data";

    public static final String DATA_DEFAULT = "./data";

    /** {@code host:port} clients connect to; port 0 picks a free port. Loopback by default. */
    public static final String LISTEN_KEY = "listen";

    public static final String LISTEN_DEFAULT = "127.0.0.1:7400";

    /** {@code host:port} of the peer (Raft) transport. Parsed and reported; nothing listens on it yet. */
    public static final String RAFT_KEY = "raft";

    public static final String RAFT_DEFAULT = "127.0.0.1:7401";

    /** Comma-separated {@code host:port} of seed locators; empty for a node that is its own locator. */
    public static final String LOCATORS_KEY = "locators";

    public static final String LOCATORS_DEFAULT = "";

    /** The authentication scheme. Only {@code none} exists yet; it admits anyone and is logged loudly. */
    public static final String AUTH_KEY = "auth";

    public static final String AUTH_DEFAULT = "none";

    /** The largest frame body accepted, in bytes; a longer frame gets LIMIT and the connection is closed. */
    public static final String MAX_FRAME_KEY = "max-frame";

    public static final int MAX_FRAME_DEFAULT = 4 * 1024 * 1024;

    /** Requests one connection may have unanswered at once; one more gets LIMIT. */
    public static final String MAX_PENDING_KEY = "max-pending";

    public static final int MAX_PENDING_DEFAULT = 1024;

    /** Open client connections; a connection over it gets LIMIT and is closed. */
    public static final String MAX_CONNECTIONS_KEY = "max-connections";

    public static final int MAX_CONNECTIONS_DEFAULT = 4096;

    /** The heartbeat period CONNECT tells clients to keep, in ms. */
    public static final String HEARTBEAT_MS_KEY = "heartbeat-ms";

    public static final long HEARTBEAT_MS_DEFAULT = 5_000;

    /** A connection with no message for this long is closed, in ms; CONNECT tells clients this too. */
    public static final String SESSION_TTL_MS_KEY = "session-ttl-ms";

    public static final long SESSION_TTL_MS_DEFAULT = 30_000;

    /** A frame that started arriving must be complete within this, in ms, or the connection is closed. */
    public static final String FRAME_TIMEOUT_MS_KEY = "frame-timeout-ms";

    public static final long FRAME_TIMEOUT_MS_DEFAULT = 10_000;

    /** Threads serving client connections; sized for a 2-core machine. */
    public static final String EVENT_LOOP_THREADS_KEY = "event-loop-threads";

    public static final int EVENT_LOOP_THREADS_DEFAULT = 2;

    /** How long a shutdown waits for the event loops to finish what they hold, in ms. */
    public static final String SHUTDOWN_GRACE_MS_KEY = "shutdown-grace-ms";

    public static final long SHUTDOWN_GRACE_MS_DEFAULT = 2_000;

    /**
     * Raft log entries after which a quorum member snapshots (makes its store's applied index durable) and purges
     * the log below it; a member that falls further behind installs a checkpoint from the leader.
     */
    public static final String RAFT_SNAPSHOT_THRESHOLD_KEY = "raft-snapshot-threshold";

    public static final long RAFT_SNAPSHOT_THRESHOLD_DEFAULT = 20_000;

    /** Size of one Raft log segment in bytes; only whole segments are purged. */
    public static final String RAFT_LOG_SEGMENT_BYTES_KEY = "raft-log-segment-bytes";

    public static final long RAFT_LOG_SEGMENT_BYTES_DEFAULT = 8L << 20;

    /** DATA commands a quorum leader groups into one Raft entry at most. */
    public static final String BATCH_MAX_COMMANDS_KEY = "batch-max-commands";

    public static final int BATCH_MAX_COMMANDS_DEFAULT = QuorumConfig.BATCH_MAX_COMMANDS_DEFAULT;

    /**
     * Raft entries a node has in flight per quorum; commands that arrive meanwhile wait and leave together in the
     * next entry. See {@link QuorumConfig#BATCH_MAX_INFLIGHT_DEFAULT} and BENCHMARKS.md for why it is small.
     */
    public static final String BATCH_MAX_INFLIGHT_KEY = "batch-max-inflight";

    public static final int BATCH_MAX_INFLIGHT_DEFAULT = QuorumConfig.BATCH_MAX_INFLIGHT_DEFAULT;

    /**
     * How long a locator waits without a heartbeat from a node before DISCOVER shows it down (in ms); it is shown up
     * again at its next heartbeat. The default is three of the default heartbeat periods, so one late ping does not
     * mark a node down.
     */
    public static final String NODE_DOWN_MS_KEY = "node-down-ms";

    public static final long NODE_DOWN_MS_DEFAULT = 15_000;

    /**
     * The ttl a task starts with when it is enqueued (promise.create tagged {@code haven:invoke}) or resumed, in ms:
     * how long its message waits for an acquire before it is pushed again (once acquired, the holder's ttl takes
     * its place). It is part of what every quorum's state machine does, so every member of a quorum must have the
     * same value; change it on all of them together.
     */
    public static final String PENDING_RETRY_MS_KEY = "pending-retry-ms";

    public static final long PENDING_RETRY_MS_DEFAULT = StoreOptions.defaults().pendingRetryMs();

    /**
     * {@code host:port} of the operations HTTP endpoint ({@code /metrics}, {@code /health}, {@code /ready} and the
     * status page), or {@value #HTTP_OFF} for none; port 0 picks a free port. Loopback by default: the status page
     * shows the data it browses to whoever reaches it.
     */
    public static final String HTTP_KEY = "http";

    public static final String HTTP_DEFAULT = "127.0.0.1:7402";

    /** The {@link #HTTP_KEY} value that turns the HTTP endpoint off. */
    public static final String HTTP_OFF = "off";

    /**
     * {@code text} or {@code json}: the shape of the log lines on stderr. Unset, the log keeps what it started with:
     * {@code -Dhaven.log.format}, else the environment's {@code HAVEN_LOG_FORMAT}, else {@code text}.
     */
    public static final String LOG_FORMAT_KEY = "log-format";

    public static final String LOG_FORMAT_DEFAULT = "";

    /** Every key {@link #from(Map)} accepts. */
    public static final List<String> KEYS = List.of(
            DEV_KEY,
            NODE_ID_KEY,
            DATA_KEY,
            LISTEN_KEY,
            RAFT_KEY,
            LOCATORS_KEY,
            AUTH_KEY,
            MAX_FRAME_KEY,
            MAX_PENDING_KEY,
            MAX_CONNECTIONS_KEY,
            HEARTBEAT_MS_KEY,
            SESSION_TTL_MS_KEY,
            FRAME_TIMEOUT_MS_KEY,
            EVENT_LOOP_THREADS_KEY,
            SHUTDOWN_GRACE_MS_KEY,
            RAFT_SNAPSHOT_THRESHOLD_KEY,
            RAFT_LOG_SEGMENT_BYTES_KEY,
            BATCH_MAX_COMMANDS_KEY,
            BATCH_MAX_INFLIGHT_KEY,
            NODE_DOWN_MS_KEY,
            PENDING_RETRY_MS_KEY,
            HTTP_KEY,
            LOG_FORMAT_KEY);

    public HavendConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(raft, "raft");
        locators = List.copyOf(locators);
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(logFormat, "logFormat");
        Objects.requireNonNull(auth, "auth");
        if (!auth.equals("none")) {
            throw new IllegalArgumentException(AUTH_KEY + ": scheme " + auth + " is not supported (only none)");
        }
        positive(MAX_FRAME_KEY, maxFrame);
        positive(MAX_PENDING_KEY, maxPending);
        positive(MAX_CONNECTIONS_KEY, maxConnections);
        positive(HEARTBEAT_MS_KEY, heartbeatMs);
        positive(SESSION_TTL_MS_KEY, sessionTtlMs);
        positive(FRAME_TIMEOUT_MS_KEY, frameTimeoutMs);
        positive(EVENT_LOOP_THREADS_KEY, eventLoopThreads);
        positive(RAFT_SNAPSHOT_THRESHOLD_KEY, raftSnapshotThreshold);
        positive(NODE_DOWN_MS_KEY, nodeDownMs);
        positive(PENDING_RETRY_MS_KEY, pendingRetryMs);
        positive(BATCH_MAX_COMMANDS_KEY, batchMaxCommands);
        positive(BATCH_MAX_INFLIGHT_KEY, batchMaxInflight);
        if (raftLogSegmentBytes < 4096) {
            throw new IllegalArgumentException(
                    RAFT_LOG_SEGMENT_BYTES_KEY + " must be at least 4096: " + raftLogSegmentBytes);
        }
        if (shutdownGraceMs < 0) {
            throw new IllegalArgumentException(SHUTDOWN_GRACE_MS_KEY + " must not be negative: " + shutdownGraceMs);
        }
    }

    private static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive: " + value);
        }
    }

    public static HavendConfig defaults() {
        return from(Map.of());
    }

    /**
     * The config from kebab-case keys to their text values; absent keys take their defaults.
     *
     * @throws IllegalArgumentException naming the key, for an unknown key or a value that does not parse
     */
    public static HavendConfig from(Map<String, String> values) {
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown setting " + key + "; known: " + String.join(", ", KEYS));
            }
        }
        Map<String, String> v = new TreeMap<>(values);
        return new HavendConfig(
                parse(v, DEV_KEY, DEV_DEFAULT, HavendConfig::bool),
                Optional.ofNullable(v.get(NODE_ID_KEY)).map(String::strip).filter(s -> !s.isEmpty()),
                Path.of(v.getOrDefault(DATA_KEY, DATA_DEFAULT).strip()),
                parse(v, LISTEN_KEY, HostPort.parse(LISTEN_DEFAULT), HostPort::parse),
                parse(v, RAFT_KEY, HostPort.parse(RAFT_DEFAULT), HostPort::parse),
                hostPorts(v.getOrDefault(LOCATORS_KEY, LOCATORS_DEFAULT)),
                v.getOrDefault(AUTH_KEY, AUTH_DEFAULT).strip(),
                parse(v, MAX_FRAME_KEY, MAX_FRAME_DEFAULT, Integer::parseInt),
                parse(v, MAX_PENDING_KEY, MAX_PENDING_DEFAULT, Integer::parseInt),
                parse(v, MAX_CONNECTIONS_KEY, MAX_CONNECTIONS_DEFAULT, Integer::parseInt),
                parse(v, HEARTBEAT_MS_KEY, HEARTBEAT_MS_DEFAULT, Long::parseLong),
                parse(v, SESSION_TTL_MS_KEY, SESSION_TTL_MS_DEFAULT, Long::parseLong),
                parse(v, FRAME_TIMEOUT_MS_KEY, FRAME_TIMEOUT_MS_DEFAULT, Long::parseLong),
                parse(v, EVENT_LOOP_THREADS_KEY, EVENT_LOOP_THREADS_DEFAULT, Integer::parseInt),
                parse(v, SHUTDOWN_GRACE_MS_KEY, SHUTDOWN_GRACE_MS_DEFAULT, Long::parseLong),
                parse(v, RAFT_SNAPSHOT_THRESHOLD_KEY, RAFT_SNAPSHOT_THRESHOLD_DEFAULT, Long::parseLong),
                parse(v, RAFT_LOG_SEGMENT_BYTES_KEY, RAFT_LOG_SEGMENT_BYTES_DEFAULT, Long::parseLong),
                parse(v, BATCH_MAX_COMMANDS_KEY, BATCH_MAX_COMMANDS_DEFAULT, Integer::parseInt),
                parse(v, BATCH_MAX_INFLIGHT_KEY, BATCH_MAX_INFLIGHT_DEFAULT, Integer::parseInt),
                parse(v, NODE_DOWN_MS_KEY, NODE_DOWN_MS_DEFAULT, Long::parseLong),
                parse(v, PENDING_RETRY_MS_KEY, PENDING_RETRY_MS_DEFAULT, Long::parseLong),
                parse(v, HTTP_KEY, Optional.of(HostPort.parse(HTTP_DEFAULT)), HavendConfig::httpAddress),
                parse(v, LOG_FORMAT_KEY, Optional.empty(), HavendConfig::logFormat));
    }

    private static <T> T parse(Map<String, String> values, String key, T fallback, Function<String, T> parser) {
        String text = values.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            return parser.apply(text.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": cannot use \"" + text + "\": " + e.getMessage(), e);
        }
    }

    private static boolean bool(String text) {
        return switch (text) {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    private static Optional<HostPort> httpAddress(String text) {
        return text.equals(HTTP_OFF) ? Optional.empty() : Optional.of(HostPort.parse(text));
    }

    private static Optional<LogFormat> logFormat(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(LogFormat.of(text)
                .orElseThrow(() -> new IllegalArgumentException("expected one of " + LogFormat.names())));
    }

    private static List<HostPort> hostPorts(String text) {
        return Arrays.stream(text.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(s -> {
                    try {
                        return HostPort.parse(s);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(LOCATORS_KEY + ": " + e.getMessage(), e);
                    }
                })
                .toList();
    }

    /** The same config with some settings replaced, by key; for tests and the flag overlay. */
    public HavendConfig with(Map<String, String> overrides) {
        Map<String, String> all = new TreeMap<>(asMap());
        all.putAll(overrides);
        return from(all);
    }

    /** Every setting as its key and text value, the inverse of {@link #from(Map)}. */
    public Map<String, String> asMap() {
        Map<String, String> m = new TreeMap<>();
        m.put(DEV_KEY, String.valueOf(dev));
        nodeId.ifPresent(id -> m.put(NODE_ID_KEY, id));
        m.put(DATA_KEY, data.toString());
        m.put(LISTEN_KEY, listen.toString());
        m.put(RAFT_KEY, raft.toString());
        m.put(
                LOCATORS_KEY,
                String.join(",", locators.stream().map(HostPort::toString).toList()));
        m.put(AUTH_KEY, auth);
        m.put(MAX_FRAME_KEY, String.valueOf(maxFrame));
        m.put(MAX_PENDING_KEY, String.valueOf(maxPending));
        m.put(MAX_CONNECTIONS_KEY, String.valueOf(maxConnections));
        m.put(HEARTBEAT_MS_KEY, String.valueOf(heartbeatMs));
        m.put(SESSION_TTL_MS_KEY, String.valueOf(sessionTtlMs));
        m.put(FRAME_TIMEOUT_MS_KEY, String.valueOf(frameTimeoutMs));
        m.put(EVENT_LOOP_THREADS_KEY, String.valueOf(eventLoopThreads));
        m.put(SHUTDOWN_GRACE_MS_KEY, String.valueOf(shutdownGraceMs));
        m.put(RAFT_SNAPSHOT_THRESHOLD_KEY, String.valueOf(raftSnapshotThreshold));
        m.put(RAFT_LOG_SEGMENT_BYTES_KEY, String.valueOf(raftLogSegmentBytes));
        m.put(BATCH_MAX_COMMANDS_KEY, String.valueOf(batchMaxCommands));
        m.put(BATCH_MAX_INFLIGHT_KEY, String.valueOf(batchMaxInflight));
        m.put(NODE_DOWN_MS_KEY, String.valueOf(nodeDownMs));
        m.put(PENDING_RETRY_MS_KEY, String.valueOf(pendingRetryMs));
        m.put(HTTP_KEY, http.map(HostPort::toString).orElse(HTTP_OFF));
        logFormat.ifPresent(f -> m.put(LOG_FORMAT_KEY, f.settingName()));
        return m;
    }

    /** A {@code host:port} pair; the host is kept as text and resolved only when bound. */
    public record HostPort(String host, int port) {
        public HostPort {
            Objects.requireNonNull(host, "host");
            if (host.isEmpty()) {
                throw new IllegalArgumentException("empty host");
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port " + port + " is out of range");
            }
        }

        public static HostPort parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new IllegalArgumentException("expected host:port, got \"" + text + "\"");
            }
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                return new HostPort(host, Integer.parseInt(text.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in \"" + text + "\"", e);
            }
        }

        public static HostPort of(InetSocketAddress address) {
            return new HostPort(address.getHostString(), address.getPort());
        }

        public InetSocketAddress socketAddress() {
            return new InetSocketAddress(host, port);
        }

        @Override
        public String toString() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }
    }
}
