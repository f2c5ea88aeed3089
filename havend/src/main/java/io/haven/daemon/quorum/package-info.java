/**
 * The quorum role of havend: the node's Raft server and the quorums it is a member of, serving DATA (routed by the
 * longest path prefix a local quorum serves), CONTROL {@code become/leave quorum}, DISCOVER {@code quorum} and
 * {@code status} (this node's replicas and whether each is ready).
 * Blocking Raft administration runs on the role's own control thread, never on a Netty event loop.
 */
package io.haven.daemon.quorum;
