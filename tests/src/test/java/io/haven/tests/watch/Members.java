package io.haven.tests.watch;

import io.haven.client.HavenClient;
import io.haven.protocol.message.DiscoverType;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.Role;
import io.haven.tests.cluster.HavenCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A quorum of real havend processes serving {@code /}: started, bootstrapped with one CONTROL {@code become} naming
 * every member, and closed by killing every process (also when the test failed).
 */
final class Members implements AutoCloseable {
    static final String QUORUM = "w1";

    private final List<Member> members = new ArrayList<>();

    private Members() {}

    static Members start(int n, Path dir) throws Exception {
        return start(n, dir, List.of());
    }

    /** With havend {@code settings} ({@code key=value}) on every member. */
    static Members start(int n, Path dir, List<String> settings) throws Exception {
        Members m = new Members();
        try {
            for (int i = 0; i < n; i++) {
                Member member = new Member(i, dir.resolve("member" + i), settings);
                m.members.add(member);
                member.start();
            }
            m.bootstrap();
        } catch (Exception | Error e) {
            m.close();
            throw e;
        }
        return m;
    }

    /**
     * One CONTROL {@code become} to the first member naming them all; the others learn the quorum's name from its
     * log. Done once every member names the same leader.
     */
    private void bootstrap() throws Exception {
        List<String> peers = members.stream().map(Member::peer).toList();
        // Adding the group opens a store on every member: seconds on a busy machine, so the deadline is long.
        try (HavenClient c = HavenClient.connect(
                        members.get(0).options().withDefaultDeadline(HavenCluster.CONTROL_DEADLINE))
                .get(30, TimeUnit.SECONDS)) {
            c.become(Role.QUORUM, QUORUM, List.of("/"), peers)
                    .get(HavenCluster.CONTROL_DEADLINE.toSeconds() + 10, TimeUnit.SECONDS);
        }
        awaitLeader();
    }

    List<Member> all() {
        return List.copyOf(members);
    }

    List<String> addresses() {
        return members.stream().map(Member::address).toList();
    }

    /** The member every running member names as leader, once they agree (60 s at most). */
    Member awaitLeader() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < end) {
            Optional<Member> agreed = Optional.empty();
            boolean ok = true;
            for (Member m : members) {
                if (!m.isRunning()) {
                    continue;
                }
                Optional<Member> named = leaderSeenBy(m);
                if (named.isEmpty() || (agreed.isPresent() && agreed.get() != named.get())) {
                    ok = false;
                    last = m + " names " + named;
                    break;
                }
                agreed = named;
            }
            if (ok && agreed.isPresent() && agreed.get().isRunning()) {
                return agreed.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the members agree on no leader within 60 s: " + last);
    }

    private Optional<Member> leaderSeenBy(Member m) {
        try (HavenClient c = HavenClient.connect(m.options()).get(5, TimeUnit.SECONDS)) {
            Response.DiscoverReply r = c.discover(DiscoverType.QUORUM, "/").get(5, TimeUnit.SECONDS);
            return members.stream()
                    .filter(x -> x.address().equals(r.location()))
                    .findFirst();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Member m : members) {
            m.kill();
        }
    }
}
