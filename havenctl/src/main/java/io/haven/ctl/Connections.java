package io.haven.ctl;

import io.haven.client.ClientOptions;
import io.haven.client.HavenClient;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionException;

/**
 * The one client havenctl holds: made on first use, kept while the address and token stay the same, so that the
 * interactive shell runs all its commands on one connection (kept alive by heartbeats while the shell waits for
 * input). Used from one thread.
 */
final class Connections implements AutoCloseable {
    /** Thrown when no node answers at the address: the one failure with its own exit code. */
    static final class Unreachable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient HavenException cause;

        Unreachable(HavenException cause) {
            super(cause.getMessage(), cause);
            this.cause = cause;
        }

        HavenException error() {
            return cause;
        }
    }

    private HavenClient client;
    private String key = "";

    HavenClient client(String server, String token, Duration timeout) {
        String wanted = server + "\n" + token + "\n" + timeout;
        if (client != null && wanted.equals(key)) {
            return client;
        }
        close();
        ClientOptions options = ClientOptions.of(server)
                .withToken(token)
                .withClientName("havenctl")
                .withDefaultDeadline(timeout)
                .withConnectTimeout(timeout)
                .withAutoHeartbeat(true)
                // DATA commands go straight to the serving quorum's leader; a node without location service (dev)
                // gets them itself, so routing costs nothing there but one DISCOVER.
                .withRouting(true);
        client = connect(options);
        key = wanted;
        return client;
    }

    /**
     * A new client of its own to {@code address}, not routed (every request goes to that node), for commands that
     * ask several nodes about themselves; the caller closes it.
     */
    static HavenClient open(String address, String token, Duration timeout) {
        return connect(ClientOptions.of(address)
                .withToken(token)
                .withClientName("havenctl")
                .withDefaultDeadline(timeout)
                .withConnectTimeout(timeout)
                .withAutoHeartbeat(false));
    }

    private static HavenClient connect(ClientOptions options) {
        try {
            return HavenClient.connect(options).join();
        } catch (CompletionException e) {
            HavenException he = unwrap(e);
            if (he.code() == ErrorCode.UNAVAILABLE) {
                throw new Unreachable(he);
            }
            throw he;
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
            client = null;
            key = "";
        }
    }

    /** The HavenException a client future failed with; the client promises no other kind. */
    static HavenException unwrap(Throwable e) {
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof HavenException he) {
            return he;
        }
        return HavenException.of(ErrorCode.GENERIC, String.valueOf(t));
    }

    static <T> T await(java.util.concurrent.CompletableFuture<T> f) {
        Objects.requireNonNull(f, "f");
        try {
            return f.join();
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }
}
