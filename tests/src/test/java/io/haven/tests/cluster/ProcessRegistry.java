package io.haven.tests.cluster;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every havend process the harness started and has not seen die. One JVM shutdown hook kills what is left, so a test
 * JVM that is interrupted (or a harness that is never closed) leaves no orphan daemons holding ports and cores.
 */
public final class ProcessRegistry {
    public static final ProcessRegistry GLOBAL = new ProcessRegistry();

    private final Set<Process> live = ConcurrentHashMap.newKeySet();

    private ProcessRegistry() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::killAll, "haven-cluster-reaper"));
    }

    void add(Process p) {
        live.add(p);
    }

    void remove(Process p) {
        live.remove(p);
    }

    private void killAll() {
        for (Process p : live) {
            p.destroyForcibly();
        }
    }
}
