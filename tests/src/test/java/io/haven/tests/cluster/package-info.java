/**
 * Cluster tests: several real havend processes on loopback, formed into quorums over CONTROL and driven through
 * {@link io.haven.client.HavenClient}, with members killed, paused and restarted by one harness ({@link
 * io.haven.tests.cluster.HavenCluster}) that owns every process and always stops them.
 */
package io.haven.tests.cluster;
