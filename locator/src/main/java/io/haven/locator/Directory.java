package io.haven.locator;

import io.haven.protocol.HavenException;
import io.haven.protocol.PrefixMatcher;
import io.haven.protocol.message.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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

    /** Every prefix every quorum in the directory serves, by quorum name. */
    private PrefixMatcher<String> served() {
        PrefixMatcher.Builder<String> b = PrefixMatcher.builder();
        for (NodeRecord n : nodes) {
            for (NodeRecord.QuorumEntry q : n.quorums()) {
                b.addAll(q.paths(), q.name());
            }
        }
        return b.build();
    }

    /**
     * DISCOVER quorum: the quorum serving the longest prefix of {@code path} (named in the answer's {@code prefix},
     * with the longer prefixes other quorums serve under it in {@code excluded}), its leader first, then its members.
     * Of members claiming to lead, the one in the highest term is believed (a dead leader's record still claims it);
     * with no claim the first member that is up is named. UNAVAILABLE (404) naming an unserved path.
     */
    public Response.DiscoverReply quorum(long reqId, String path) {
        PrefixMatcher<String> served = served();
        PrefixMatcher.Match<String> match =
                served.longest(path).orElseThrow(() -> HavenException.notFound("no quorum serves path " + path, path));
        String name = match.owner();
        String matched = match.prefix();
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
        return new Response.DiscoverReply(reqId, location, locations, name, matched, served.under(matched, name));
    }
}
