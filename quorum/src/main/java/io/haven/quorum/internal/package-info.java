/**
 * Ratis glue, the implementation: the settings ({@code RatisProperties}), the state-machine registry ({@code
 * StateMachines}) and the state machine over storage ({@code QuorumStateMachine}: apply path, with {@code StoreSlot},
 * {@code Replies}, {@code LocalAnswers}, {@code DivergenceCheck} and {@code CheckpointFetcher}), the quorum catalog
 * ({@code QuorumCatalog}), membership ({@code Membership}), the leader's ticks ({@code LeaderTicker}), the restart of
 * failed divisions ({@code DivisionDoctor}), a quorum's write and read paths ({@code QuorumHandle}, {@code
 * WritePath}, {@code Batcher}, {@code ReadPath}, {@code ReadBarrier}, {@code Availability}), the changes to Ratis'
 * transport ({@code BoundaryAwareRpc}, {@code AppendGuard}), checkpoint transfer ({@code SnapshotTransfer}) and the
 * fault points tests use ({@code FaultPoints}). Not an API: its public types serve {@code io.haven.quorum} and
 * Haven's own tests.
 */
package io.haven.quorum.internal;
