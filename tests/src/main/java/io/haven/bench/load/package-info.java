/**
 * A load generator for a running Haven, or for etcd with the same key/value workloads ({@link
 * io.haven.bench.load.LoadGenerator}, run by {@code bin/haven-bench}; each system behind one {@code Target}):
 * closed- or open-loop DATA workloads from many virtual clients over a few pipelined connections, with latency
 * histograms (HdrHistogram) reported as a table and as JSON. Unlike the JMH classes beside it, it measures a whole
 * deployment (real processes, real sockets, Raft replication) from the outside.
 */
package io.haven.bench.load;
