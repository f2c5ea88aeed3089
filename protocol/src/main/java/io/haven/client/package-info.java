/**
 * The Java client of Haven: {@link io.haven.client.HavenClient} speaks protocol v1 to a node over one pipelined
 * connection, configured by {@link io.haven.client.ClientOptions}. It needs only the protocol jar (Netty and
 * msgpack-core) on the classpath.
 *
 * <p><b>Threading.</b> Every method of {@code HavenClient} is thread-safe and non-blocking except {@link
 * io.haven.client.HavenClient#close()}. The futures it returns are completed on the client's own threads (the I/O
 * thread, one by default, or the deadline timer's thread); the push listener is called on the I/O thread, one
 * push at a time, in the order the node sent them. Code that continues such a future or handles a push must not block: hand long work to an executor of your own,
 * for example with {@code thenApplyAsync(fn, executor)}. Blocking there stalls every request of the client.
 *
 * <p><b>Failures.</b> Futures fail with {@link io.haven.protocol.HavenException} only: the node's error for a
 * failed request; {@link io.haven.protocol.ErrorCode#TIMEOUT} when the request was sent but its deadline passed
 * without an answer (it may or may not have been applied); {@link io.haven.protocol.ErrorCode#UNAVAILABLE} when the
 * connection was lost after the request was sent (it may have been applied: retry what is safe to retry) or when
 * no connection could be had before the deadline (it was never sent). A request the client had not yet written when
 * its connection was lost is sent on the next connection without the caller noticing.
 *
 * <p><b>Nulls.</b> No method accepts or returns null; absent values are empty strings, empty collections or
 * {@link java.util.Optional}. Passing null throws {@link java.lang.NullPointerException}.
 */
package io.haven.client;
