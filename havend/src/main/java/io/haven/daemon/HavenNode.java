package io.haven.daemon;

import io.haven.daemon.server.HavenServer;
import io.haven.daemon.service.LocalNode;
import io.haven.daemon.service.Services;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running havend node: its identity, its services and the server in front of them. The lifecycle is simple
 * and one-way:
 *
 * <pre>
 *   start() --> RUNNING --close()--> CLOSED
 * </pre>
 *
 * Tests start nodes in-process with {@link #start}; {@link Havend} does the same for the command line. Thread-safe.
 */
public final class HavenNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HavenNode.class);

    private final HavendConfig config;
    private final LocalNode node;
    private final HavenServer server;
    private final Services services;
    private final CountDownLatch closed = new CountDownLatch(1);

    private HavenNode(HavendConfig config, LocalNode node, HavenServer server, Services services) {
        this.config = config;
        this.node = node;
        this.server = server;
        this.services = services;
    }

    /**
     * Starts a node with no roles yet: every service answers UNAVAILABLE until its role is built and plugged in.
     *
     * @throws IOException when the data directory or node id cannot be read or written, or the listen address
     *     cannot be bound
     * @throws InterruptedException when interrupted while binding
     */
    public static HavenNode start(HavendConfig config) throws IOException, InterruptedException {
        return start(config, ServicesFactory.UNAVAILABLE);
    }

    /** Starts a node whose requests go to the given services; the node closes them when it closes. */
    public static HavenNode start(HavendConfig config, Services services) throws IOException, InterruptedException {
        return start(config, (c, n) -> services);
    }

    /**
     * Starts a node: settles its uuid, makes its services with {@code factory}, then binds and serves. The node
     * closes the services when it closes, or at once if it cannot bind.
     */
    public static HavenNode start(HavendConfig config, ServicesFactory factory)
            throws IOException, InterruptedException {
        String uuid = NodeIdentity.loadOrCreate(config.data(), config.nodeId());
        LocalNode node =
                new LocalNode(uuid, BuildInfo.version(), config.listen().toString());
        LOG.info(
                "havend {} starting: node {}, data {}{}",
                node.version(),
                uuid,
                config.data().toAbsolutePath().normalize(),
                config.dev() ? ", dev mode" : "");
        if (config.auth().equals("none")) {
            LOG.warn("*** AUTH SCHEME none: every client is admitted without credentials and may do anything."
                    + " Use it only on a trusted loopback network. ***");
        }
        Services services = factory.create(config, node);
        HavenServer server;
        try {
            server = HavenServer.start(config, node, services);
        } catch (IOException | RuntimeException | InterruptedException e) {
            services.close();
            throw e;
        }
        LOG.info(
                "node {} roles {}{}",
                uuid,
                node.roles().isEmpty() ? "none (idle)" : node.roles(),
                config.dev()
                        ? " (dev mode: the one-member quorum main serves /; the locator and processor roles are not"
                                + " built yet and answer ERROR_UNAVAILABLE)"
                        : "");
        LOG.info(
                "listening for clients on {} (protocol {}; max frame {} bytes, heartbeat {} ms, session ttl {} ms);"
                        + " raft address {}; locators {}",
                node.address(),
                String.join(",", HavenServer.protocolVersions()),
                config.maxFrame(),
                config.heartbeatMs(),
                config.sessionTtlMs(),
                config.raft(),
                config.locators().isEmpty()
                        ? "none"
                        : config.locators().stream().map(Object::toString).collect(Collectors.joining(",")));
        return new HavenNode(config, node, server, services);
    }

    /** The services this node runs (for tests and tools that need a role's own view, such as its watch queues). */
    public Services services() {
        return services;
    }

    public String uuid() {
        return node.uuid();
    }

    /** The client address actually bound. */
    public InetSocketAddress address() {
        return server.address();
    }

    public HavendConfig config() {
        return config;
    }

    /** Open client connections right now. */
    public int connections() {
        return server.connections();
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Stops serving: closes the server, its connections and event loops, then the services. Idempotent. */
    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        synchronized (this) {
            if (closed.getCount() == 0) {
                return;
            }
            LOG.info("node {} stopping", node.uuid());
            server.close();
            LOG.info("node {} stopped", node.uuid());
            closed.countDown();
        }
    }
}
