package io.haven.tests.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Puts the tail of every node's log into a failing cluster test's report. The cluster is closed by then (the test's
 * try-with-resources ran), but the logs stay on disk. Cluster tests run one at a time, so one list of the clusters
 * the current test started is enough.
 */
public final class ClusterLogs implements BeforeEachCallback, TestExecutionExceptionHandler {
    private static final int TAIL_LINES = 60;
    private static final List<HavenCluster> STARTED = new CopyOnWriteArrayList<>();

    static void track(HavenCluster cluster) {
        STARTED.add(cluster);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        STARTED.clear();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        for (HavenCluster c : STARTED) {
            String tails = c.logTails(TAIL_LINES);
            System.err.println(tails);
            failure.addSuppressed(new AssertionError("node logs:\n" + tails));
        }
        throw failure;
    }
}
