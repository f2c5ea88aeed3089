package io.haven.tests.faults;

/**
 * The kinds of nemesis a schedule draws from. Each one is undone (healed) before the next starts; each has a
 * leader-targeted version, aimed at the node the members name as leader when the step begins.
 *
 * <table>
 *   <caption>What each fault does to its target and how it is undone</caption>
 *   <tr><th>fault</th><th>does</th><th>undone by</th></tr>
 *   <tr><td>KILL</td><td>{@code kill -9} one node</td><td>restarting it from its data directory</td></tr>
 *   <tr><td>PAUSE</td><td>{@code kill -STOP} one node, longer than the election timeout</td>
 *       <td>{@code kill -CONT}</td></tr>
 *   <tr><td>ISOLATE</td><td>cut every link between one node and the others</td><td>removing the routes</td></tr>
 *   <tr><td>SPLIT</td><td>cut a minority of two (with the target) from a majority of three</td>
 *       <td>removing the routes</td></tr>
 *   <tr><td>BRIDGE</td><td>cut two pairs from each other; the target sees both sides</td>
 *       <td>removing the routes</td></tr>
 *   <tr><td>MEMBERSHIP</td><td>CONTROL {@code leave quorum} on one member</td>
 *       <td>CONTROL {@code become quorum} naming the others (it joins as learner, then voter)</td></tr>
 *   <tr><td>ONE_WAY</td><td>drop one direction only between the target and every other node (half the time its
 *       packets out, half the time the packets in)</td><td>removing the routes</td></tr>
 *   <tr><td>PAUSE_IN_PARTITION</td><td>isolate the target, and while it is cut off {@code kill -STOP} one node of
 *       the majority past an election timeout (overlapping faults)</td><td>{@code kill -CONT}, then removing the
 *       routes</td></tr>
 *   <tr><td>KILL_IN_MEMBERSHIP</td><td>CONTROL {@code leave quorum} on the target, and {@code kill -9} another
 *       member (the leader, unless the target leads) while the change is in flight</td><td>restarting it, then
 *       rejoining the target if it left</td></tr>
 *   <tr><td>KILL_IN_INSTALL</td><td>{@code kill -9} the target, keep it down while the log is purged past it,
 *       restart it and {@code kill -9} it again as soon as it starts installing the leader's checkpoint</td>
 *       <td>restarting it</td></tr>
 *   <tr><td>SLOW_DISK</td><td>every Raft log flush of the target takes 200-600 ms longer (its fault-points file,
 *       {@code io.haven.quorum.FaultPoints})</td><td>removing the file</td></tr>
 * </table>
 *
 * The first six are the short schedule's every-run set; the last five (issue 13's nemeses) are drawn by the long
 * schedule, and the short schedule adds one of them per run, picked by the seed.
 */
enum Fault {
    KILL(false),
    PAUSE(false),
    ISOLATE(true),
    SPLIT(true),
    BRIDGE(true),
    MEMBERSHIP(false),
    ONE_WAY(true),
    PAUSE_IN_PARTITION(true),
    KILL_IN_MEMBERSHIP(false),
    KILL_IN_INSTALL(false),
    SLOW_DISK(false);

    /** The faults every short schedule runs once. */
    static final java.util.List<Fault> BASIC = java.util.List.of(KILL, PAUSE, ISOLATE, SPLIT, BRIDGE, MEMBERSHIP);

    /** Overlapping and asymmetric faults and the slow disk: drawn by the long schedule, one per short one. */
    static final java.util.List<Fault> EXTENDED =
            java.util.List.of(ONE_WAY, PAUSE_IN_PARTITION, KILL_IN_MEMBERSHIP, KILL_IN_INSTALL, SLOW_DISK);

    private final boolean partition;

    Fault(boolean partition) {
        this.partition = partition;
    }

    /** Whether the fault cuts network links (and so needs namespaces). */
    boolean isPartition() {
        return partition;
    }
}
