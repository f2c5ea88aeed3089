package io.haven.daemon.locator;

import io.haven.client.ClientOptions;
import io.haven.client.HavenClient;
import io.haven.daemon.HavendConfig;
import io.haven.daemon.quorum.QuorumRole;
import io.haven.daemon.service.LocalNode;
import io.haven.locator.NodeRecord;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.message.DiscoverType;
import io.haven.protocol.message.Response;
import io.haven.quorum.Quorum;
import io.haven.quorum.QuorumStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's link to the location service (every havend started with {@code --locators} has one): a {@link
 * HavenClient} named {@code havend/<uuid>} connected to the locator leader, whose automatic heartbeats tell the
 * leader this node is alive, and which writes this node's {@link NodeRecord} to the directory only when the record
 * changes (roles, quorums, leadership, addresses), never per heartbeat. {@link #tick} is called periodically by one
 * thread.
 */
final class LocatorAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocatorAgent.class);
    private static final Duration WRITE_DEADLINE = Duration.ofSeconds(5);
    /** How often the agent asks which locator leads, in ticks. */
    private static final int LEADER_CHECK_TICKS = 4;

    private final HavendConfig config;
    private final LocalNode node;
    private final QuorumRole role;
    private final List<String> locators;

    private volatile HavenClient client;
    private boolean connecting;
    private final AtomicBoolean busy = new AtomicBoolean();
    private byte[] written = new byte[0];
    private int ticks;

    LocatorAgent(HavendConfig config, LocalNode node, QuorumRole role) {
        this.config = config;
        this.node = node;
        this.role = role;
        this.locators = config.locators().stream().map(Object::toString).toList();
    }

    String clientName() {
        return "havend/" + node.uuid();
    }

    /** The client connected to a locator, if any right now. */
    Optional<HavenClient> client() {
        HavenClient c = client;
        return c != null && c.isConnected() ? Optional.of(c) : Optional.empty();
    }

    /** What this node is now, as the directory should say. */
    NodeRecord record() {
        List<NodeRecord.QuorumEntry> quorums = new ArrayList<>();
        for (Quorum q : role.raft().quorums()) {
            try {
                QuorumStatus s = q.status();
                quorums.add(new NodeRecord.QuorumEntry(
                        q.name(), role.paths(q), s.leader().equals(node.uuid()), s.term()));
            } catch (IOException | RuntimeException e) {
                LOG.debug("status of {} unavailable for the directory", q.name(), e);
            }
        }
        quorums.sort((a, b) -> a.name().compareTo(b.name()));
        return new NodeRecord(node.uuid(), node.address(), config.raft().toString(), node.roles(), quorums);
    }

    /** One round: connect if needed, move to the locator leader now and then, write the record if it changed. */
    void tick() {
        HavenClient c = client;
        if (c == null) {
            connect(locators);
            return;
        }
        if (!busy.compareAndSet(false, true)) {
            return;
        }
        if (++ticks % LEADER_CHECK_TICKS == 0) {
            c.discover(DiscoverType.LOCATION, "").whenComplete((reply, error) -> {
                busy.set(false);
                if (error == null) {
                    followLeader(c, reply);
                } else {
                    moveOn(c, error);
                }
            });
            return;
        }
        NodeRecord record = record();
        byte[] bytes = record.encode();
        if (Arrays.equals(bytes, written)) {
            busy.set(false);
            return;
        }
        c.query(new DataRequest.KvPut(record.key(), bytes, NodeRecord.CONTENT_TYPE, DataRequest.NO_VERSION))
                .whenComplete((r, error) -> {
                    if (error == null) {
                        synchronized (this) {
                            written = bytes;
                        }
                        LOG.info("directory record written: roles {}, quorums {}", record.roles(), record.quorums());
                    } else {
                        LOG.debug("writing the directory record failed (will retry): {}", error.toString());
                    }
                    busy.set(false);
                });
    }

    /** Reconnects to the leader the locators name when this client is connected elsewhere. */
    private void followLeader(HavenClient c, Response.DiscoverReply reply) {
        if (reply.locations().isEmpty() || !reply.locations().get(0).leader()) {
            return;
        }
        String leader = reply.locations().get(0).address();
        String here = c.remoteAddress().map(Object::toString).orElse("");
        if (leader.isEmpty() || leader.equals(here)) {
            return;
        }
        List<String> order = new ArrayList<>();
        order.add(leader);
        reply.locations().stream()
                .map(Response.Location::address)
                .filter(a -> !a.isEmpty() && !order.contains(a))
                .forEach(order::add);
        locators.stream().filter(a -> !order.contains(a)).forEach(order::add);
        LOG.info("locator leader is {}; moving there from {}", leader, here);
        connect(order);
    }

    /**
     * The node this client is connected to could not say which locator leads: it may have left the location service
     * (it refuses agents then), or its group has no leader. Reconnects through the configured locators, that node
     * last, so an agent never stays with a node that stopped being a locator.
     */
    private void moveOn(HavenClient c, Throwable error) {
        String here = c.remoteAddress().map(Object::toString).orElse("");
        List<String> order = new ArrayList<>(locators);
        if (order.remove(here)) {
            order.add(here);
        }
        LOG.info("the locator at {} cannot name a leader ({}); reconnecting through {}", here, error.toString(), order);
        connect(order);
    }

    private synchronized void connect(List<String> addresses) {
        if (connecting) {
            return;
        }
        connecting = true;
        ClientOptions options = ClientOptions.of(addresses.toArray(String[]::new))
                .withClientName(clientName())
                .withConnectTimeout(Duration.ofSeconds(2))
                .withDefaultDeadline(WRITE_DEADLINE);
        HavenClient.connect(options).whenComplete((c, error) -> {
            synchronized (this) {
                connecting = false;
                if (error != null) {
                    LOG.debug("no locator answered ({}); will retry", error.toString());
                    return;
                }
                HavenClient old = client;
                client = c;
                if (old != null) {
                    old.close();
                }
            }
        });
    }

    @Override
    public synchronized void close() {
        HavenClient c = client;
        client = null;
        if (c != null) {
            c.close();
        }
    }
}
