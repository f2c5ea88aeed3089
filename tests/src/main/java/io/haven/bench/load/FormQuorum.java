package io.haven.bench.load;

import io.haven.client.ClientOptions;
import io.haven.client.HavenClient;
import io.haven.protocol.message.DiscoverType;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Forms a quorum for a benchmark ({@code bin/haven-bench-cluster} runs it): sends {@code become quorum} with every
 * member as a peer to each member in turn (the first bootstraps the group), then waits until every member's DISCOVER names the same leader, and prints
 * that leader's client address on stdout.
 *
 * <pre>
 * FormQuorum QUORUM PATH uuid=raft-host:port/client-host:port ...   form the quorum, wait for its leader
 * FormQuorum --await PATH client-host:port ...                      only wait (for example for havend --dev)
 * </pre>
 */
public final class FormQuorum {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private FormQuorum() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: FormQuorum QUORUM PATH uuid=raft-host:port/client-host:port ...\n"
                    + "       FormQuorum --await PATH client-host:port ...");
            System.exit(2);
        }
        List<String> rest = List.of(args).subList(2, args.length);
        try {
            if (args[0].equals("--await")) {
                System.out.println(awaitLeader(args[1], rest));
            } else {
                List<String> clientAddresses = new ArrayList<>();
                for (String p : rest) {
                    int slash = p.indexOf('/');
                    if (slash < 0) {
                        throw new IllegalArgumentException("a peer needs its client address after '/': " + p);
                    }
                    clientAddresses.add(p.substring(slash + 1));
                }
                System.out.println(form(args[0], args[1], rest, clientAddresses));
            }
        } catch (RuntimeException e) {
            System.err.println("FormQuorum: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    /** Forms the quorum and returns its leader's client address once every member agrees on it. */
    static String form(String quorum, String path, List<String> peers, List<String> clientAddresses)
            throws InterruptedException {
        // The first member bootstraps the group on all; the others are told too, since a member learns the quorum's
        // name (and so serves its paths) only from a become of its own: theirs answer 200, already a member.
        for (String address : clientAddresses) {
            try (HavenClient c = HavenClient.connect(ClientOptions.of(address)).join()) {
                c.become(Role.QUORUM, quorum, List.of(path), peers).join();
            }
        }
        return awaitLeader(path, clientAddresses);
    }

    /** Waits until every member's DISCOVER of {@code path} names the same leader, and returns its address. */
    static String awaitLeader(String path, List<String> clientAddresses) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < end) {
            String leader = "";
            boolean agreed = true;
            for (String address : clientAddresses) {
                try (HavenClient c =
                        HavenClient.connect(ClientOptions.of(address)).join()) {
                    Response.DiscoverReply r =
                            c.discover(DiscoverType.QUORUM, path).join();
                    if (r.location().isEmpty() || (!leader.isEmpty() && !leader.equals(r.location()))) {
                        agreed = false;
                    }
                    leader = r.location();
                } catch (CompletionException e) {
                    agreed = false;
                    last = address + ": " + e.getCause().getMessage();
                }
            }
            if (agreed && !leader.isEmpty()) {
                return leader;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "the quorum of " + path + " has no leader every member knows after " + WAIT + " (" + last + ")");
    }
}
