package io.haven.protocol.message;

import io.haven.protocol.Action;
import io.haven.protocol.HavenError;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataResponse;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A node's answer to a {@link Request}. Every response carries {@code action}, {@code _reqid} (when the request
 * had one), {@code result} and {@code status}; failures carry {@code error}.
 */
public sealed interface Response extends ServerMessage {
    /** The request's {@code _reqid}, or {@link Envelope#NO_REQID}. */
    long reqId();

    Action action();

    /** The HTTP-like status: 200, 201, 300 on success, 4xx/5xx with an error. */
    int status();

    /** A node as CONNECT and DISCOVER describe it. */
    record NodeInfo(String uuid, List<String> roles) {
        public NodeInfo {
            Objects.requireNonNull(uuid, "uuid");
            roles = List.copyOf(roles);
        }
    }

    /**
     * One entry of DISCOVER's {@code locations}.
     *
     * @param up false when the location service has not heard from the node for its {@code node-down-ms}; on the
     *     wire {@code up} is sent only when false (absent means up)
     */
    record Location(String uuid, String address, List<String> roles, boolean leader, boolean up) {
        public Location {
            Objects.requireNonNull(uuid, "uuid");
            Objects.requireNonNull(address, "address");
            roles = List.copyOf(roles);
        }

        /** A location that is up. */
        public Location(String uuid, String address, List<String> roles, boolean leader) {
            this(uuid, address, roles, leader, true);
        }
    }

    record ConnectReply(long reqId, String version, String session, NodeInfo node, long heartbeatMs, long sessionTtlMs)
            implements Response {
        public ConnectReply {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(node, "node");
        }

        @Override
        public Action action() {
            return Action.CONNECT;
        }

        @Override
        public int status() {
            return 200;
        }
    }

    /** The answer to {@code become} or {@code leave}: {@code status} 201 when the role changed, 200 when it already was. */
    record ControlReply(long reqId, Action action, int status, List<String> roles) implements Response {
        public ControlReply {
            Objects.requireNonNull(action, "action");
            roles = List.copyOf(roles);
        }
    }

    record QueryReply(long reqId, DataResponse data) implements Response {
        public QueryReply {
            Objects.requireNonNull(data, "data");
        }

        @Override
        public Action action() {
            return Action.QUERY;
        }

        @Override
        public int status() {
            return data.status();
        }
    }

    /**
     * @param location the {@code host:port} to go to
     * @param quorum the quorum's name for {@link DiscoverType#QUORUM}, empty otherwise
     * @param prefix for {@link DiscoverType#QUORUM}: the served prefix the path matched, so that a client can reuse
     *     the answer for every path under it (but those under {@code excluded}); empty otherwise, and from nodes that
     *     predate the field
     * @param excluded for {@link DiscoverType#QUORUM}: the longer prefixes under {@code prefix} that other quorums
     *     serve, where the answer does not hold; empty otherwise
     */
    record DiscoverReply(
            long reqId, String location, List<Location> locations, String quorum, String prefix, List<String> excluded)
            implements Response {
        public DiscoverReply {
            Objects.requireNonNull(location, "location");
            locations = List.copyOf(locations);
            Objects.requireNonNull(quorum, "quorum");
            Objects.requireNonNull(prefix, "prefix");
            excluded = List.copyOf(excluded);
        }

        /** An answer without a matched prefix (uuid, location, or a node that does not know it). */
        public DiscoverReply(long reqId, String location, List<Location> locations, String quorum) {
            this(reqId, location, locations, quorum, "", List.of());
        }

        /** An answer whose prefix no other quorum's prefix extends. */
        public DiscoverReply(long reqId, String location, List<Location> locations, String quorum, String prefix) {
            this(reqId, location, locations, quorum, prefix, List.of());
        }

        @Override
        public Action action() {
            return Action.DISCOVER;
        }

        @Override
        public int status() {
            return 200;
        }
    }

    /**
     * DISCOVER {@code status}: the node asked, as it sees itself.
     *
     * @param address the {@code host:port} its clients reach it at
     * @param version the havend build it runs
     * @param roles as CONNECT reports them
     * @param ready whether every quorum in {@code quorums} is {@link QuorumState#ready() ready}; true for a node that
     *     is a member of none
     */
    record StatusReply(
            long reqId,
            String uuid,
            String address,
            String version,
            List<String> roles,
            boolean ready,
            List<QuorumState> quorums)
            implements Response {
        public StatusReply {
            Objects.requireNonNull(uuid, "uuid");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(version, "version");
            roles = List.copyOf(roles);
            quorums = List.copyOf(quorums);
        }

        @Override
        public Action action() {
            return Action.DISCOVER;
        }

        @Override
        public int status() {
            return 200;
        }
    }

    /**
     * One quorum as one of its members sees it, in a {@link StatusReply}.
     *
     * @param role this node's replica's role
     * @param leader the leader's uuid, empty when this replica knows none
     * @param term the Raft term this replica is in
     * @param commitIndex the highest log index this replica knows to be committed
     * @param appliedIndex the highest log index this replica has applied to its store
     * @param revision the quorum revision of the last change this replica applied
     * @param ready this replica knows a leader and has applied all but a few of the entries it knows are committed
     *     (protocol-docs/actions.md, "discover status")
     * @param paths the path prefixes the quorum serves, as far as this replica knows them
     * @param voters the voting members of the committed configuration
     * @param learners members that catch up without voting
     * @param counters named counters of this replica (sorted by name on the wire); a client ignores names it does not
     *     know, so a node may report more of them without a protocol change
     */
    record QuorumState(
            String name,
            ReplicaRole role,
            String leader,
            long term,
            long commitIndex,
            long appliedIndex,
            long revision,
            boolean ready,
            List<String> paths,
            List<Member> voters,
            List<Member> learners,
            Map<String, Long> counters) {
        public QuorumState {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(leader, "leader");
            paths = List.copyOf(paths);
            voters = List.copyOf(voters);
            learners = List.copyOf(learners);
            counters = Map.copyOf(counters);
        }
    }

    /**
     * A member of a quorum in a {@link QuorumState}.
     *
     * @param raft its peer (Raft) address
     * @param address the {@code host:port} its clients reach it at; empty when the configuration does not say
     */
    record Member(String uuid, String raft, String address) {
        public Member {
            Objects.requireNonNull(uuid, "uuid");
            Objects.requireNonNull(raft, "raft");
            Objects.requireNonNull(address, "address");
        }
    }

    /** HEARTBEAT {@code pong}: {@code result} is the watchlist. */
    record Pong(long reqId, List<WatchNotice> events) implements Response {
        public Pong {
            events = List.copyOf(events);
        }

        @Override
        public Action action() {
            return Action.HEARTBEAT;
        }

        @Override
        public int status() {
            return 200;
        }
    }

    record ManageReply(long reqId, String type, Map<String, String> fields) implements Response {
        public ManageReply {
            Objects.requireNonNull(type, "type");
            fields = Map.copyOf(fields);
        }

        @Override
        public Action action() {
            return Action.MANAGE;
        }

        @Override
        public int status() {
            return 200;
        }
    }

    /** Any failed request: {@code result: false} with the error. */
    record Failure(long reqId, Action action, int status, HavenError error) implements Response {
        public Failure {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(error, "error");
        }
    }

    /** An entry of a pong's watchlist. */
    sealed interface WatchNotice {
        long watch();
    }

    /** A change matched by a watch. */
    record WatchEvent(long watch, Change change) implements WatchNotice {
        public WatchEvent {
            Objects.requireNonNull(change, "change");
        }
    }

    /** A watch the node ended: its queue overflowed or its revision left the retention window. */
    record WatchCancelled(long watch, HavenError error) implements WatchNotice {
        public WatchCancelled {
            Objects.requireNonNull(error, "error");
        }
    }
}
