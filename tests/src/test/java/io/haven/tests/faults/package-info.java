/**
 * Fault injection: five havend processes, each in its own network namespace on a private bridge, under a seeded
 * schedule of nemeses (kill -9, SIGSTOP pauses, partitions by blackhole routes, membership changes, and
 * leader-targeted versions of each) while concurrent clients record histories that the linearizability checker of
 * {@code io.haven.tests.lin} then judges; after healing, every member must hold every acknowledged write and the
 * same store.
 */
package io.haven.tests.faults;
