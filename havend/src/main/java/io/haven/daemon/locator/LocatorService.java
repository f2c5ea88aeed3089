package io.haven.daemon.locator;

import io.haven.daemon.HavendConfig;
import io.haven.daemon.quorum.QuorumRole;
import io.haven.daemon.service.DiscoverService;
import io.haven.daemon.service.HeartbeatService;
import io.haven.daemon.service.LocalNode;
import io.haven.daemon.service.RequestContext;
import io.haven.locator.Directory;
import io.haven.locator.Liveness;
import io.haven.locator.NodeRecord;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Kv;
import io.haven.protocol.message.Consistency;
import io.haven.protocol.message.DiscoverType;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Push;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.Role;
import io.haven.quorum.Peer;
import io.haven.quorum.Quorum;
import io.haven.quorum.QuorumStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DISCOVER through the location service, and the locator's view of liveness. A locator member answers from its
 * replica of the directory (a serializable read) and its {@link Liveness}; one that does not lead relays the question
 * to the leader, whose liveness is the one agents feed (answering itself if the leader cannot be reached). A node
 * that is no locator asks one through its {@link LocatorAgent}; a node without {@code --locators} knows only itself.
 *
 * <p>Liveness is per locator member: agents heartbeat to the leader only, so after a leader change every node is
 * given {@code node-down-ms} to find the new one before it is shown down.
 */
public final class LocatorService implements DiscoverService, HeartbeatService {
    private static final Logger LOG = LoggerFactory.getLogger(LocatorService.class);
    private static final String AGENT_PREFIX = "havend/";
    private static final Duration RELAY_DEADLINE = Duration.ofMillis(1500);
    private static final long TICK_MS = 250;

    private final QuorumRole role;
    private final LocalNode node;
    private final Liveness liveness;
    private final Optional<LocatorAgent> agent;
    private final Forwarder forwarder;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "haven-locator");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean leading;
    /**
     * The locator quorum when this node is a member, as of the last tick: looking it up by name may wait on the Raft
     * node's lock (held while groups are added), which the event loop answering DISCOVER and DATA must never do.
     */
    private volatile Optional<Quorum> locatorQuorum = Optional.empty();

    private LocatorService(HavendConfig config, LocalNode node, QuorumRole role) {
        this.role = role;
        this.node = node;
        this.liveness = new Liveness(config.nodeDownMs());
        this.agent = config.locators().isEmpty() ? Optional.empty() : Optional.of(new LocatorAgent(config, node, role));
        this.forwarder = new Forwarder(AGENT_PREFIX + node.uuid());
    }

    /** Starts the service (and the agent when {@code --locators} was given). */
    public static LocatorService start(HavendConfig config, LocalNode node, QuorumRole role) {
        LocatorService s = new LocatorService(config, node, role);
        s.timer.scheduleWithFixedDelay(s::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
        return s;
    }

    private void tick() {
        try {
            Optional<Quorum> locator = role.locator();
            locatorQuorum = locator;
            boolean leads = locator.isPresent() && locator.get().isReady();
            if (leads && !leading) {
                LOG.info("this node leads the location service; liveness starts afresh");
                liveness.restart();
            }
            leading = leads;
            agent.ifPresent(LocatorAgent::tick);
        } catch (RuntimeException e) {
            LOG.warn("locator tick failed", e);
        }
    }

    Forwarder forwarder() {
        return forwarder;
    }

    /** Whether this node can look paths up in a directory (it is a locator, or it knows some). */
    boolean hasDirectory() {
        return agent.isPresent() || locatorQuorum.isPresent();
    }

    // ---- DISCOVER ------------------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Response.DiscoverReply> quorum(Request.Discover request, RequestContext context) {
        return discover(request, context, node);
    }

    @Override
    public CompletableFuture<Response.DiscoverReply> discover(
            Request.Discover request, RequestContext context, LocalNode self) {
        if (request.type() == DiscoverType.STATUS) {
            throw new IllegalArgumentException("DISCOVER status is answered by status(), not discover()");
        }
        if (request.type() == DiscoverType.UUID && request.uuid().isEmpty()) {
            return CompletableFuture.failedFuture(
                    HavenException.incomplete("discover uuid needs the field uuid", "uuid"));
        }
        if (locatorQuorum.isEmpty() && context.client().startsWith(AGENT_PREFIX)) {
            // Another node's agent (or this node's own) takes this node for a locator: it was one, or is named in
            // --locators and never became one. Relaying on through this node's agent could send the question round a
            // circle of agents that ends back here, so it is refused at once and the agent moves to another locator.
            return CompletableFuture.failedFuture(HavenException.unavailable(
                    "this node (" + node.uuid() + ") is not a member of the location service", "location"));
        }
        return resolve(request, context, self);
    }

    /** DISCOVER status is about this node: answered here from its own replicas, never asked of a locator. */
    @Override
    public CompletableFuture<Response.StatusReply> status(Request.Discover request, LocalNode self) {
        return role.status(request, self);
    }

    /** DISCOVER answered here, relayed to the locator leader, or asked through this node's agent. */
    private CompletableFuture<Response.DiscoverReply> resolve(
            Request.Discover request, RequestContext context, LocalNode self) {
        Optional<Quorum> locator = locatorQuorum;
        if (locator.isPresent()) {
            return fromLocator(request, context, locator.get());
        }
        if (agent.isPresent()) {
            return agent.get()
                    .client()
                    .map(c -> c.send(request, RELAY_DEADLINE.multipliedBy(2)).thenApply(r -> reply(request, r)))
                    .orElseGet(() -> CompletableFuture.failedFuture(
                            HavenException.unavailable("no locator reachable from this node right now", "location")));
        }
        if (request.type() == DiscoverType.QUORUM) {
            return role.quorum(request, context);
        }
        try {
            return CompletableFuture.completedFuture(DiscoverService.self(request, self));
        } catch (HavenException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Response.DiscoverReply> fromLocator(
            Request.Discover request, RequestContext context, Quorum locator) {
        String leaderAddress = "";
        try {
            QuorumStatus status = locator.status();
            if (!status.leader().isEmpty() && !status.leader().equals(node.uuid())) {
                leaderAddress = status.members().stream()
                        .filter(p -> p.id().equals(status.leader()))
                        .map(Peer::clientAddress)
                        .findFirst()
                        .orElse("");
            }
        } catch (IOException e) {
            LOG.debug("locator status unavailable", e);
        }
        // Relayed questions (from another havend) are answered here, so two members never bounce one between them.
        if (leaderAddress.isEmpty() || context.client().startsWith(AGENT_PREFIX)) {
            return local(request, locator);
        }
        return forwarder
                .send(leaderAddress, request, RELAY_DEADLINE)
                .thenApply(r -> reply(request, r))
                .exceptionallyCompose(e -> {
                    Optional<HavenException> h = cause(e);
                    if (h.isPresent() && h.get().status() != 503) {
                        return CompletableFuture.failedFuture(h.get());
                    }
                    return local(request, locator);
                });
    }

    private CompletableFuture<Response.DiscoverReply> local(Request.Discover request, Quorum locator) {
        long reqId = request.envelope().reqId();
        return directory(locator).thenApply(dir -> switch (request.type()) {
            case UUID -> dir.uuid(reqId, request.uuid());
            case LOCATION -> locations(reqId, locator, dir);
            case QUORUM -> dir.quorum(reqId, request.path().isEmpty() ? "/" : request.path());
            case STATUS -> throw new IllegalArgumentException("DISCOVER status is never asked of a locator");
        });
    }

    /** The locator members from the group's configuration, leader first. */
    private Response.DiscoverReply locations(long reqId, Quorum locator, Directory dir) {
        QuorumStatus status;
        try {
            status = locator.status();
        } catch (IOException e) {
            throw HavenException.unavailable("the location service is unavailable here: " + e.getMessage(), "location");
        }
        List<Response.Location> out = new ArrayList<>();
        for (Peer p : status.members()) {
            boolean leader = p.id().equals(status.leader());
            Optional<NodeRecord> rec = dir.node(p.id());
            String address = !p.clientAddress().isEmpty()
                    ? p.clientAddress()
                    : rec.map(NodeRecord::client).orElse("");
            List<String> roles = rec.map(NodeRecord::roles).orElse(List.of(Role.LOCATOR.wireName()));
            boolean up = p.id().equals(node.uuid()) || liveness.up(p.id());
            Response.Location l = new Response.Location(p.id(), address, roles, leader, up);
            if (leader) {
                out.add(0, l);
            } else {
                out.add(l);
            }
        }
        String location = out.isEmpty() ? "" : out.get(0).address();
        return new Response.DiscoverReply(reqId, location, out, "");
    }

    /** Every node record of this replica (a serializable read of {@code haven:nodes/}). */
    CompletableFuture<Directory> directory(Quorum locator) {
        return page(locator, "", new ArrayList<>())
                .thenApply(records -> new Directory(records, uuid -> uuid.equals(node.uuid()) || liveness.up(uuid)));
    }

    private CompletableFuture<List<NodeRecord>> page(Quorum locator, String cursor, List<NodeRecord> into) {
        return locator.query(new DataRequest.KvList(NodeRecord.NODES_PREFIX, cursor, 500), Consistency.SERIALIZABLE)
                .thenCompose(r -> {
                    if (!(r.data() instanceof DataResult.KvPage p)) {
                        return CompletableFuture.completedFuture(into);
                    }
                    for (Kv kv : p.kvs()) {
                        try {
                            into.add(NodeRecord.decode(kv.value()));
                        } catch (HavenException e) {
                            LOG.debug("{} is not a node record: {}", kv.key(), e.getMessage());
                        }
                    }
                    return p.cursor().isEmpty() || p.kvs().isEmpty()
                            ? CompletableFuture.completedFuture(into)
                            : page(locator, p.cursor(), into);
                });
    }

    /** Looks the quorum serving {@code path} up in the directory, wherever it is. */
    CompletableFuture<Response.DiscoverReply> lookup(String path, RequestContext context) {
        return resolve(new Request.Discover(Envelope.NONE, DiscoverType.QUORUM, "", path), context, node);
    }

    /** A relayed answer, given the {@code _reqid} of the question this node was asked. */
    static Response.DiscoverReply reply(Request.Discover request, Response r) {
        if (r instanceof Response.DiscoverReply d) {
            return new Response.DiscoverReply(
                    request.envelope().reqId(), d.location(), d.locations(), d.quorum(), d.prefix(), d.excluded());
        }
        throw HavenException.unavailable(
                "a locator answered DISCOVER with " + r.getClass().getSimpleName());
    }

    static Optional<HavenException> cause(Throwable t) {
        Throwable c = t;
        while (c != null && !(c instanceof HavenException)) {
            c = c.getCause();
        }
        return Optional.ofNullable((HavenException) c);
    }

    // ---- HEARTBEAT -----------------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Response.Pong> ping(Request.Ping ping, long waitMs, RequestContext context) {
        if (context.client().startsWith(AGENT_PREFIX)) {
            liveness.heard(context.client().substring(AGENT_PREFIX.length()));
        }
        return role.ping(ping, waitMs, context);
    }

    @Override
    public void sessionOpened(String session, Consumer<Push> pushes) {
        role.sessionOpened(session, pushes);
    }

    @Override
    public void sessionClosed(String session) {
        role.sessionClosed(session);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        agent.ifPresent(LocatorAgent::close);
        forwarder.close();
    }
}
