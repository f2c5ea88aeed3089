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
 * member as a peer to the first member, then waits until every member's DISCOVER names the same leader, and prints
 * that leader's client address on stdout.
 *
 * <pre>
 * FormQuorum QUORUM PATH uuid=raft-host:port/client-host:port ...
 * </pre>
 */
public final class FormQuorum {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private FormQuorum() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: FormQuorum QUORUM PATH uuid=raft-host:port/client-host:port ...");
            System.exit(2);
        }
        List<String> peers = List.of(args).subList(2, args.length);
        List<String> clientAddresses = new ArrayList<>();
        for (String p : peers) {
            int slash = p.indexOf('/');
            if (slash < 0) {
                System.err.println("FormQuorum: a peer needs its client address after '/': " + p);
                System.exit(2);
            }
            clientAddresses.add(p.substring(slash + 1));
        }
        try {
            System.out.println(form(args[0], args[1], peers, clientAddresses));
        } catch (RuntimeException e) {
            System.err.println("FormQuorum: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    /** Forms the quorum and returns its leader's client address once every member agrees on it. */
    static String form(String quorum, String path, List<String> peers, List<String> clientAddresses)
            throws InterruptedException {
        try (HavenClient first =
                HavenClient.connect(ClientOptions.of(clientAddresses.get(0))).join()) {
            first.become(Role.QUORUM, quorum, List.of(path), peers).join();
        }
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
                "quorum " + quorum + " has no leader every member knows after " + WAIT + " (" + last + ")");
    }
}
