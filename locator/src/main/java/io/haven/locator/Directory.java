package io.haven.locator;

import io.haven.protocol.HavenException;
import io.haven.protocol.message.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A snapshot of the directory (every node record) with the liveness of one locator member: answers DISCOVER
 * {@code uuid} and {@code quorum}. Immutable; made per question from a serializable read of the locator quorum.
 */
public final class Directory {
    private final List<NodeRecord> nodes;
    private final Predicate<String> up;

    public Directory(List<NodeRecord> nodes, Predicate<String> up) {
        this.nodes = List.copyOf(nodes);
        this.up = up;
    }

    public List<NodeRecord> nodes() {
        return nodes;
    }

    public Optional<NodeRecord> node(String uuid) {
        return nodes.stream().filter(n -> n.uuid().equals(uuid)).findFirst();
    }

    public Response.Location location(NodeRecord n, boolean leader) {
        return new Response.Location(n.uuid(), n.client(), n.roles(), leader, up.test(n.uuid()));
    }

    /** DISCOVER uuid: that node's address; UNAVAILABLE 404 naming an unknown uuid. */
    public Response.DiscoverReply uuid(long reqId, String uuid) {
        NodeRecord n = node(uuid)
                .orElseThrow(() -> HavenException.notFound("no node with uuid " + uuid + " is in the directory", uuid));
        return new Response.DiscoverReply(reqId, n.client(), List.of(location(n, false)), "");
    }

    /**
     * The longer prefixes under {@code prefix} that quorums other than {@code name} serve: a client must not take the
     * answer about {@code prefix} for paths under them. Sorted, each once.
     */
    private List<String> excluded(String name, String prefix) {
        TreeSet<String> out = new TreeSet<>();
        for (NodeRecord n : nodes) {
            for (NodeRecord.QuorumEntry q : n.quorums()) {
                if (q.name().equals(name)) {
                    continue;
                }
                for (String p : q.paths()) {
                    if (p.length() > prefix.length() && p.startsWith(prefix)) {
                        out.add(p);
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * DISCOVER quorum: the quorum serving the longest prefix of {@code path} (named in the answer's {@code prefix},
     * with the longer prefixes other quorums serve under it in {@code excluded}), its leader first, then its members.
     * Of members claiming to lead, the one in the highest term is believed (a dead leader's record still claims it);
     * with no claim the first member that is up is named. UNAVAILABLE (404) naming an unserved path.
     */
    public Response.DiscoverReply quorum(long reqId, String path) {
        String name = null;
        String matched = "";
        int best = -1;
        for (NodeRecord n : nodes) {
            for (NodeRecord.QuorumEntry q : n.quorums()) {
                for (String prefix : q.paths()) {
                    if (path.startsWith(prefix) && prefix.length() > best) {
                        best = prefix.length();
                        name = q.name();
                        matched = prefix;
                    }
                }
            }
        }
        if (name == null) {
            throw HavenException.notFound("no quorum serves path " + path, path);
        }
        record Member(NodeRecord node, NodeRecord.QuorumEntry entry) {}
        List<Member> members = new ArrayList<>();
        for (NodeRecord n : nodes) {
            for (NodeRecord.QuorumEntry q : n.quorums()) {
                if (q.name().equals(name)) {
                    members.add(new Member(n, q));
                }
            }
        }
        Optional<Member> leader = members.stream()
                .filter(m -> m.entry().leader())
                .max(Comparator.comparingLong((Member m) -> m.entry().term())
                        .thenComparing(m -> up.test(m.node().uuid())));
        List<Response.Location> locations = new ArrayList<>();
        leader.ifPresent(m -> locations.add(location(m.node(), true)));
        members.stream()
                .filter(m -> leader.isEmpty() || m != leader.get())
                .sorted(Comparator.comparing((Member m) -> !up.test(m.node().uuid())))
                .forEach(m -> locations.add(location(m.node(), false)));
        String location = locations.get(0).address();
        return new Response.DiscoverReply(reqId, location, locations, name, matched, excluded(name, matched));
    }
}
