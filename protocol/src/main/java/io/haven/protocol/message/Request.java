package io.haven.protocol.message;

import io.haven.protocol.Action;
import io.haven.protocol.data.DataRequest;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A message from a client to a node. Wire layouts are in {@code protocol-docs/}. */
public sealed interface Request {
    Envelope envelope();

    Action action();

    /** The same request with another envelope (for example with a {@code _reqid} assigned by a client). */
    Request withEnvelope(Envelope envelope);

    /**
     * {@code connect}: must be the first message on a connection.
     *
     * @param version the protocol version the client speaks, for example {@code "1"}
     * @param client free text naming the client, empty when absent
     * @param nodeType seed 001's NodeTypeRequest: the caller's own type, empty when absent
     */
    record Connect(Envelope envelope, String version, String client, String nodeType) implements Request {
        public Connect {
            Objects.requireNonNull(envelope, "envelope");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(nodeType, "nodeType");
        }

        @Override
        public Action action() {
            return Action.CONNECT;
        }

        @Override
        public Connect withEnvelope(Envelope e) {
            return new Connect(e, version, client, nodeType);
        }
    }

    /**
     * CONTROL: {@code become} or {@code leave} a role.
     *
     * @param leave true for {@code leave}, false for {@code become}
     * @param quorum the quorum's name for {@link Role#QUORUM}, empty otherwise
     * @param paths the path prefixes a new quorum serves
     * @param peers {@code uuid=host:port} raft addresses when bootstrapping a group
     * @param force let the last member leave a quorum that holds data
     */
    record Control(
            Envelope envelope,
            boolean leave,
            Role role,
            String quorum,
            List<String> paths,
            List<String> peers,
            boolean force,
            String group,
            long slots)
            implements Request {
        public Control {
            Objects.requireNonNull(envelope, "envelope");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(quorum, "quorum");
            Objects.requireNonNull(group, "group");
            paths = List.copyOf(paths);
            peers = List.copyOf(peers);
        }

        /** A CONTROL of the locator or quorum role (no processor group or slots). */
        public Control(
                Envelope envelope,
                boolean leave,
                Role role,
                String quorum,
                List<String> paths,
                List<String> peers,
                boolean force) {
            this(envelope, leave, role, quorum, paths, peers, force, "", 0);
        }

        /** {@code become processor} of {@code group} with {@code slots} (0: the node's cores). */
        public static Control processor(boolean leave, String group, long slots) {
            return new Control(Envelope.NONE, leave, Role.PROCESSOR, "", List.of(), List.of(), false, group, slots);
        }

        @Override
        public Action action() {
            return leave ? Action.LEAVE : Action.BECOME;
        }

        @Override
        public Control withEnvelope(Envelope e) {
            return new Control(e, leave, role, quorum, paths, peers, force, group, slots);
        }
    }

    /**
     * DATA: {@code {action: "query", type: "crud", kind, data, consistency?, redirect?}}.
     *
     * @param redirect answer NOT_MINE instead of forwarding to the leader or owning quorum
     */
    record Query(Envelope envelope, DataRequest data, Consistency consistency, boolean redirect) implements Request {
        public Query {
            Objects.requireNonNull(envelope, "envelope");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(consistency, "consistency");
        }

        public static Query of(DataRequest data) {
            return new Query(Envelope.NONE, data, Consistency.LINEARIZABLE, false);
        }

        @Override
        public Action action() {
            return Action.QUERY;
        }

        @Override
        public Query withEnvelope(Envelope e) {
            return new Query(e, data, consistency, redirect);
        }
    }

    /**
     * {@code discover}.
     *
     * @param uuid for {@link DiscoverType#UUID}, empty otherwise
     * @param path for {@link DiscoverType#QUORUM}, empty otherwise
     */
    record Discover(Envelope envelope, DiscoverType type, String uuid, String path) implements Request {
        public Discover {
            Objects.requireNonNull(envelope, "envelope");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(uuid, "uuid");
            Objects.requireNonNull(path, "path");
        }

        @Override
        public Action action() {
            return Action.DISCOVER;
        }

        @Override
        public Discover withEnvelope(Envelope e) {
            return new Discover(e, type, uuid, path);
        }
    }

    /**
     * HEARTBEAT {@code ping}.
     *
     * @param ack the last event revision the client has; the node drops what is at or below it
     * @param waitMs hold the ping open until an event arrives or this many ms pass; 0 answers at once
     * @param pid a processor's id, empty for other clients; its task leases are extended
     * @param tasks a processor's task statuses (seed 001's TasksPong): task id to status
     */
    record Ping(Envelope envelope, long ack, long waitMs, String pid, Map<String, String> tasks) implements Request {
        public Ping {
            Objects.requireNonNull(envelope, "envelope");
            Objects.requireNonNull(pid, "pid");
            tasks = Map.copyOf(tasks);
        }

        public static Ping of(long ack) {
            return new Ping(Envelope.NONE, ack, 0, "", Map.of());
        }

        @Override
        public Action action() {
            return Action.HEARTBEAT;
        }

        @Override
        public Ping withEnvelope(Envelope e) {
            return new Ping(e, ack, waitMs, pid, tasks);
        }
    }

    /**
     * {@code manage}: seed 001's manager/worker messages between a processor and its managing quorum.
     *
     * @param type {@code request}, {@code bye}, {@code ping}, {@code task.started}, {@code task.error}, {@code
     *     task.completed}
     * @param fields the message's own fields (string values only in v1: numbers are sent as decimal strings)
     */
    record Manage(Envelope envelope, String type, Map<String, String> fields) implements Request {
        public Manage {
            Objects.requireNonNull(envelope, "envelope");
            Objects.requireNonNull(type, "type");
            fields = Map.copyOf(fields);
        }

        @Override
        public Action action() {
            return Action.MANAGE;
        }

        @Override
        public Manage withEnvelope(Envelope e) {
            return new Manage(e, type, fields);
        }
    }
}
