package io.haven.bench.load;

import io.haven.protocol.data.DataRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A running system the load generator drives, over a fixed number of connections. Everything else of a run (the
 * workloads' request sequences, warm-up, latency recording, percentiles, the report) is the generator's and the same
 * for every system: a target only carries one request, described as a Haven {@link DataRequest}, over its own
 * protocol, and names what a failure was. Its methods may be called from any thread at once.
 */
sealed interface Target extends AutoCloseable permits HavenTarget, EtcdTarget {
    /** Opens {@code options.connections()} connections to the system {@code options.system()} names. */
    static Target connect(LoadOptions options) {
        return switch (options.system()) {
            case HAVEN -> HavenTarget.connect(options);
            case ETCD -> EtcdTarget.connect(options);
        };
    }

    /**
     * Sends one request over connection {@code connection} (0 to connections - 1). The future completes when the
     * answer arrives, or fails with what went wrong; a request that could not be sent may fail it at once.
     */
    CompletableFuture<?> send(int connection, DataRequest request);

    /** How the report counts a failure: the system's own error code where it gave one, else the exception's class. */
    String errorCode(Throwable failure);

    /** Closes every connection; requests still outstanding fail. */
    @Override
    void close();

    /** The failure inside the wrappers a future adds. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
