package io.haven.daemon;

import ch.qos.logback.classic.LoggerContext;
import io.haven.daemon.locator.LocatorService;
import io.haven.daemon.locator.Router;
import io.haven.daemon.quorum.QuorumRole;
import io.haven.daemon.service.Services;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code havend} command: reads the settings (a {@code --config} properties file, then the flags, which win),
 * starts a {@link HavenNode} and serves until SIGTERM or SIGINT, on which it shuts down gracefully and exits 0.
 */
@Command(
        name = "havend",
        mixinStandardHelpOptions = true,
        versionProvider = Havend.Version.class,
        description = "Runs a Haven node: the replicated coordination daemon.",
        sortOptions = false)
public final class Havend implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(Havend.class);
    /** How long a signal during startup waits for the start to finish before stopping what exists. */
    private static final long STARTUP_WAIT_SECONDS = 60;

    @Option(names = "--dev", description = "Run every role in one process, data under --data (the embedded default).")
    private boolean dev;

    @Option(
            names = "--node-id",
            paramLabel = "UUID",
            description = "This node's uuid; default: the one kept in <data>/node-id, made on first start.")
    private String nodeId;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Data directory (default: " + HavendConfig.DATA_DEFAULT + ").")
    private String data;

    @Option(
            names = "--listen",
            paramLabel = "HOST:PORT",
            description = "Client address (default: " + HavendConfig.LISTEN_DEFAULT + ").")
    private String listen;

    @Option(
            names = "--raft",
            paramLabel = "HOST:PORT",
            description = "Peer (Raft) address (default: " + HavendConfig.RAFT_DEFAULT + ").")
    private String raft;

    @Option(
            names = "--locators",
            paramLabel = "HOST:PORT,...",
            description = "Seed locators, comma-separated (default: none).")
    private String locators;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A properties file of settings with the flags' kebab-case names (max-frame,"
                    + " session-ttl-ms, ...); flags win over it.")
    private Path configFile;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Any setting by its key, as in the config file; wins over the file.")
    private Map<String, String> settings = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new Havend()).execute(args));
    }

    /** Counted down once startup has ended, however it ended: a signal during startup waits for it. */
    private final CountDownLatch startupEnded = new CountDownLatch(1);
    /** The running node, set before {@link #startupEnded} is counted down; null when startup failed. */
    private volatile HavenNode running;

    @Override
    public Integer call() throws Exception {
        // Registered before anything starts, so that a SIGTERM during a slow start (Raft elections) still stops
        // what was started instead of killing the process mid-way.
        Thread hook = new Thread(this::stop, "havend-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        HavenNode node;
        try {
            node = start(HavendConfig.from(settings()));
        } catch (IllegalArgumentException | IOException e) {
            LOG.error("havend cannot start: {}", e.getMessage());
            return startFailed(hook, 2);
        } catch (RuntimeException e) {
            LOG.error("havend cannot start", e);
            return startFailed(hook, 1);
        }
        running = node;
        startupEnded.countDown();
        LOG.info("havend ready");
        node.awaitClosed();
        return 0;
    }

    /**
     * Starts a node with every role this build has, wired as the command line wires it (with {@code dev}, the
     * one-member quorum serving {@code /} and a ready leader). In-process tests and benchmarks start nodes here
     * too, so that they run what operators run.
     */
    public static HavenNode start(HavendConfig config) throws IOException, InterruptedException {
        QuorumRole[] role = new QuorumRole[1];
        HavenNode node = HavenNode.start(config, (c, local) -> {
            role[0] = QuorumRole.start(c, local);
            LocatorService locator = LocatorService.start(c, local, role[0]);
            return Services.unavailable()
                    .withControl(role[0])
                    .withData(new Router(role[0], locator))
                    .withDiscover(locator)
                    .withHeartbeat(locator);
        });
        if (config.dev()) {
            try {
                role[0].ensureDevQuorum();
            } catch (IOException | RuntimeException e) {
                node.close();
                throw e;
            }
        }
        return node;
    }

    private int startFailed(Thread hook, int status) {
        startupEnded.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // A signal arrived meanwhile: the hook is already running and ends the process.
        }
        return status;
    }

    /**
     * Runs in the shutdown hook: SIGTERM or SIGINT. Waits for a start in progress, closes the node, flushes the log.
     * The JVM would report a signal death (143) even after a clean shutdown, so the process then halts with 0:
     * supervisors and tests can tell a graceful stop from a crash.
     */
    private void stop() {
        LOG.info("shutdown requested (signal); stopping gracefully");
        int status = 0;
        try {
            if (!startupEnded.await(STARTUP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("startup still running after {} s; stopping without it", STARTUP_WAIT_SECONDS);
            }
            HavenNode node = running;
            if (node != null) {
                node.close();
            }
            LOG.info("havend exited cleanly");
        } catch (RuntimeException | InterruptedException e) {
            LOG.error("shutdown failed", e);
            status = 1;
        }
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.stop();
        }
        Runtime.getRuntime().halt(status);
    }

    /** The config file's settings overlaid by {@code --set} and then by the flags. */
    Map<String, String> settings() throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        if (configFile != null) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                p.load(in);
            }
            for (String key : p.stringPropertyNames()) {
                all.put(key, p.getProperty(key));
            }
        }
        all.putAll(settings);
        if (dev) {
            all.put(HavendConfig.DEV_KEY, "true");
        }
        putIfGiven(all, HavendConfig.NODE_ID_KEY, nodeId);
        putIfGiven(all, HavendConfig.DATA_KEY, data);
        putIfGiven(all, HavendConfig.LISTEN_KEY, listen);
        putIfGiven(all, HavendConfig.RAFT_KEY, raft);
        putIfGiven(all, HavendConfig.LOCATORS_KEY, locators);
        return all;
    }

    private static void putIfGiven(Map<String, String> all, String key, String value) {
        if (value != null) {
            all.put(key, value);
        }
    }

    /** {@code --version}: the build's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"havend " + BuildInfo.version()};
        }
    }
}
