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
 * </table>
 */
enum Fault {
    KILL(false),
    PAUSE(false),
    ISOLATE(true),
    SPLIT(true),
    BRIDGE(true),
    MEMBERSHIP(false);

    private final boolean partition;

    Fault(boolean partition) {
        this.partition = partition;
    }

    /** Whether the fault cuts network links (and so needs namespaces). */
    boolean isPartition() {
        return partition;
    }
}
