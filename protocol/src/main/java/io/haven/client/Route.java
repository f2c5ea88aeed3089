package io.haven.client;

import io.haven.protocol.message.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a routing client sends DATA for the paths under a prefix: learned from a DISCOVER {@code quorum} answer and
 * kept for a few seconds. Immutable; a change (a new leader, an unreachable member) makes a new route.
 *
 * @param prefix the served prefix the answer named, or the exact path asked about when the node did not name one
 * @param exact whether {@code prefix} is an exact path (answers of nodes that predate DISCOVER's {@code prefix})
 * @param quorum the quorum's name
 * @param leader the address requests go to first: the quorum's leader as far as the client knows (another member
 *     when the leader is shown down or could not be reached)
 * @param members every member's address, {@code leader} first, then those the answer showed up, then the others
 * @param excluded longer prefixes under {@code prefix} that other quorums serve: paths under them are not covered
 */
public record Route(
        String prefix, boolean exact, String quorum, String leader, List<String> members, List<String> excluded) {
    public Route {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(quorum, "quorum");
        Objects.requireNonNull(leader, "leader");
        members = List.copyOf(members);
        excluded = List.copyOf(excluded);
        if (members.isEmpty() || !members.get(0).equals(leader)) {
            throw new IllegalArgumentException("members must start with the leader " + leader + ": " + members);
        }
    }

    /**
     * The route a DISCOVER {@code quorum} answer about {@code path} describes: the members that are up in the answer's
     * order (its {@code location}, the leader, first), then those shown down. A leader shown down goes last too: its
     * record still claims the lead until a new leader's record replaces it, and a node that stopped answering could
     * hold a request until its connect timeout.
     */
    public static Route of(String path, Response.DiscoverReply reply) {
        List<String> up = new ArrayList<>();
        List<String> down = new ArrayList<>();
        boolean locationListed = false;
        for (Response.Location l : reply.locations()) {
            if (l.address().isEmpty() || up.contains(l.address()) || down.contains(l.address())) {
                continue;
            }
            locationListed |= l.address().equals(reply.location());
            (l.up() ? up : down).add(l.address());
        }
        if (!locationListed) {
            up.add(0, reply.location());
        } else if (up.remove(reply.location())) {
            up.add(0, reply.location());
        }
        List<String> members = new ArrayList<>(up);
        members.addAll(down);
        boolean exact = reply.prefix().isEmpty();
        return new Route(
                exact ? path : reply.prefix(), exact, reply.quorum(), members.get(0), members, reply.excluded());
    }

    /** Whether requests for {@code key} may follow this route. */
    public boolean covers(String key) {
        if (exact) {
            return key.equals(prefix);
        }
        return io.haven.protocol.PrefixMatcher.covers(prefix, excluded, key);
    }

    /** This route with {@code members} in that order, the first leading. */
    public Route withMembers(List<String> ordered) {
        return new Route(prefix, exact, quorum, ordered.get(0), ordered, excluded);
    }

    /** This route with {@code address} as its leader (added to the members if it was not one). */
    public Route withLeader(String address) {
        List<String> m = new ArrayList<>();
        m.add(address);
        for (String a : members) {
            if (!a.equals(address)) {
                m.add(a);
            }
        }
        return new Route(prefix, exact, quorum, address, m, excluded);
    }
}
