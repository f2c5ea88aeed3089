/**
 * The deterministic core every quorum replicates: promises, tasks, key/value and the change log over RocksDB.
 *
 * <p>{@link io.haven.storage.Store} is the whole API: {@link io.haven.storage.Store#applyBatch} applies {@link
 * io.haven.storage.Command}s at a log position and the leader's time and returns an {@link
 * io.haven.storage.ApplyResult} (an {@link io.haven.storage.Outcome} per command, the changes with their revisions,
 * the {@link io.haven.storage.TaskPush}es to send); {@link io.haven.storage.Store#read} answers read kinds;
 * checkpoints and the change log serve snapshots and watches. The semantics (DESIGN section 4) are drawn as tables
 * in {@code internal.Promises}, {@code internal.Tasks} and {@code internal.Kvs}.
 *
 * <p>Threads: one thread applies; any thread reads. No method accepts or returns null. Refused requests are
 * outcomes or {@link io.haven.protocol.HavenException}s; engine failures are {@link io.haven.storage.StoreException}s.
 */
package io.haven.storage;
