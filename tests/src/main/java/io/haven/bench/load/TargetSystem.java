package io.haven.bench.load;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which system the load generator drives ({@code --system}), and which workloads it can run there: etcd has no
 * promises or tasks, so it runs the key/value workloads only.
 */
public enum TargetSystem {
    HAVEN("haven", EnumSet.allOf(Workload.class)),
    ETCD("etcd", EnumSet.of(Workload.KV_PUT, Workload.KV_GET, Workload.MIX));

    private static final Map<String, TargetSystem> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(s -> s.wireName, Function.identity()));

    private final String wireName;
    private final Set<Workload> workloads;

    TargetSystem(String wireName, Set<Workload> workloads) {
        this.wireName = wireName;
        this.workloads = Set.copyOf(workloads);
    }

    /** The name used on the command line and in the JSON report. */
    public String wireName() {
        return wireName;
    }

    public boolean runs(Workload workload) {
        return workloads.contains(workload);
    }

    public static Optional<TargetSystem> of(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static String names() {
        return Arrays.stream(values()).map(TargetSystem::wireName).collect(Collectors.joining(", "));
    }
}
