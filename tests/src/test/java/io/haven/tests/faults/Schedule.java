package io.haven.tests.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded list of nemesis steps. The same seed gives the same faults, holds, gaps and target picks; which node a
 * leader-targeted step hits depends on the run (who leads then), so the log names every target as it is chosen.
 *
 * @param seed what the schedule was drawn from
 * @param steps in order
 */
record Schedule(long seed, List<Step> steps) {
    /** The election timeout's upper bound (QuorumConfig: 2 to 4 s): pauses and partitions outlast it. */
    static final Duration ELECTION_MAX = Duration.ofSeconds(4);

    Schedule {
        steps = List.copyOf(steps);
    }

    /**
     * One fault.
     *
     * @param atLeader aim it at the current leader
     * @param hold how long the fault lasts before it is undone
     * @param gap how long the cluster runs healed after it, before the next step
     * @param pick a random number that chooses among the candidate targets at run time
     */
    record Step(Fault fault, boolean atLeader, Duration hold, Duration gap, int pick) {
        @Override
        public String toString() {
            return fault + (atLeader ? "@leader" : "") + " hold " + hold.toMillis() + " ms, gap " + gap.toMillis()
                    + " ms";
        }
    }

    /**
     * Every fault once (partitions only when {@code partitions}), in an order drawn from the seed: the short
     * schedule, so that one CI run meets each nemesis.
     */
    static Schedule eachOnce(long seed, boolean partitions) {
        Random r = new Random(seed);
        List<Fault> faults = new ArrayList<>(Fault.BASIC);
        List<Fault> extended = new ArrayList<>(Fault.EXTENDED);
        if (!partitions) {
            faults.removeIf(Fault::isPartition);
            extended.removeIf(Fault::isPartition);
        }
        faults.add(extended.get(r.nextInt(extended.size())));
        Collections.shuffle(faults, r);
        List<Step> steps = new ArrayList<>();
        for (Fault f : faults) {
            steps.add(step(f, r, true));
        }
        return new Schedule(seed, steps);
    }

    /** Faults drawn with replacement until their holds and gaps fill {@code length}: the long schedule. */
    static Schedule random(long seed, Duration length, boolean partitions) {
        Random r = new Random(seed);
        List<Fault> faults = new ArrayList<>(java.util.Arrays.asList(Fault.values()));
        if (!partitions) {
            faults.removeIf(Fault::isPartition);
        }
        List<Step> steps = new ArrayList<>();
        Duration planned = Duration.ZERO;
        while (planned.compareTo(length) < 0) {
            Step s = step(faults.get(r.nextInt(faults.size())), r, false);
            steps.add(s);
            planned = planned.plus(s.hold()).plus(s.gap());
        }
        return new Schedule(seed, steps);
    }

    private static Step step(Fault f, Random r, boolean brief) {
        boolean atLeader = r.nextBoolean();
        long holdMs =
                switch (f) {
                    case KILL -> 2_000 + r.nextInt(brief ? 3_000 : 8_000);
                        // Longer than the election timeout, so that the others elect a leader meanwhile.
                    case PAUSE -> ELECTION_MAX.toMillis() + 1_000 + r.nextInt(brief ? 3_000 : 8_000);
                    case ISOLATE, SPLIT, BRIDGE -> ELECTION_MAX.toMillis() + 1_000 + r.nextInt(brief ? 4_000 : 12_000);
                        // Out of the quorum this long before it is asked to join again.
                    case MEMBERSHIP, KILL_IN_MEMBERSHIP -> 2_000 + r.nextInt(brief ? 2_000 : 8_000);
                    case ONE_WAY, PAUSE_IN_PARTITION -> ELECTION_MAX.toMillis()
                            + 3_000
                            + r.nextInt(brief ? 4_000 : 12_000);
                        // Down long enough for the log to be purged past it under the small-log settings.
                    case KILL_IN_INSTALL -> 6_000 + r.nextInt(brief ? 3_000 : 8_000);
                    case SLOW_DISK -> 4_000 + r.nextInt(brief ? 3_000 : 10_000);
                };
        long gapMs = (brief ? 1_000 : 2_000) + r.nextInt(brief ? 2_000 : 6_000);
        return new Step(f, atLeader, Duration.ofMillis(holdMs), Duration.ofMillis(gapMs), r.nextInt(Integer.MAX_VALUE));
    }

    /** The whole schedule, one step a line, for the log. */
    String describe() {
        StringBuilder b = new StringBuilder("schedule (seed " + seed + "):\n");
        for (int i = 0; i < steps.size(); i++) {
            b.append("  ").append(i + 1).append(". ").append(steps.get(i)).append('\n');
        }
        return b.toString();
    }
}
