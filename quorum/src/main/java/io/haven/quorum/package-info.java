/**
 * Ratis glue, the public side: {@link io.haven.quorum.RaftNode} (one Raft server per node, hosting every quorum it
 * is a member of), {@link io.haven.quorum.Quorum} (a handle on one quorum: writes, reads, status), their settings
 * ({@link io.haven.quorum.QuorumConfig}) and what they report ({@link io.haven.quorum.QuorumStatus}, {@link
 * io.haven.quorum.SafetyStatus}, {@link io.haven.quorum.QuorumListener}). Everything else is in {@code
 * io.haven.quorum.internal}.
 *
 * <p>Threads of a node, and what each may block on:
 *
 * <table>
 *   <caption>threads</caption>
 *   <tr><th>thread</th><th>does</th><th>may block on</th></tr>
 *   <tr><td>caller (havend's control thread)</td><td>{@code create}, {@code join}, {@code leave}: waits for the
 *       membership thread</td><td>the change it asked for</td></tr>
 *   <tr><td>{@code haven-membership}</td><td>membership changes, one at a time; division restarts</td><td>group adds
 *       and removals on this and other nodes, configuration changes (network), retries' pauses</td></tr>
 *   <tr><td>{@code haven-group-admin-*}</td><td>one in-process group add or removal, bounded at 30 s</td><td>Ratis
 *       closing or starting a division</td></tr>
 *   <tr><td>{@code haven-ticker}</td><td>the leader's tick of each quorum it leads (handed to the quorum's senders);
 *       adopting groups another node added; the fault-points file (tests)</td><td>nothing: short local work and file
 *       reads only</td></tr>
 *   <tr><td>{@code haven-doctor}</td><td>finding closed or stuck divisions</td><td>a restart it asks the membership
 *       thread for</td></tr>
 *   <tr><td>{@code haven-send-<quorum>}</td><td>write batches and ticks, one thread per entry in flight</td>
 *       <td>Ratis' blocking client sends</td></tr>
 *   <tr><td>{@code haven-read-<quorum>}</td><td>answers grouped linearizable reads from the local store</td>
 *       <td>RocksDB reads</td></tr>
 *   <tr><td>{@code haven-quorum-timer}</td><td>availability probes of waiting requests, ReadIndex nudges</td>
 *       <td>nothing</td></tr>
 *   <tr><td>{@code haven-repair}</td><td>fetching the leader's checkpoint for a diverged replica</td><td>the
 *       transfer (network, disk)</td></tr>
 *   <tr><td>{@code haven-quorum-background}</td><td>recording a quorum name a member learned from its log</td>
 *       <td>small file writes</td></tr>
 *   <tr><td>Ratis' apply thread (one per group)</td><td>{@code applyTransaction}: the store, the listener, the
 *       divergence check, swapping in a repair</td><td>RocksDB writes; never the network</td></tr>
 *   <tr><td>Ratis' gRPC and server threads</td><td>appends (through {@code AppendGuard}), votes, queries, checkpoint
 *       serving</td><td>Ratis' own locks; RocksDB reads</td></tr>
 * </table>
 *
 * <p>No monitor is held across network I/O or a sleep: membership changes are serialized by their own thread, the
 * quorum catalog's lock covers local file writes only. Null is never passed or returned.
 */
package io.haven.quorum;
