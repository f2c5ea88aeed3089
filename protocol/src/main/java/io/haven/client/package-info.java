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
 * no connection could be had before the deadline (it was never sent). The client's own UNAVAILABLE failures are
 * {@link io.haven.client.ConnectionException}s, whose {@code sent()} tells the two apart. A request the client had
 * not yet written when its connection was lost is sent on the next connection without the caller noticing.
 *
 * <p><b>Routing.</b> A node serves DATA for the paths of its own quorums and forwards the rest to the quorum serving
 * them, which costs a hop. With {@link io.haven.client.ClientOptions#withRouting} on (it is off by default) the client
 * sends each DATA query straight to the leader of the quorum serving its path ({@code DataRequest.routingKey()}):
 * <ol>
 *   <li>It looks for the longest cached prefix covering the path. On a miss it asks the connected node DISCOVER
 *       {@code quorum} for the path and caches the answer for a few seconds by the prefix it names ({@link
 *       io.haven.client.Route}: prefix, quorum, leader, members, and the longer prefixes under it that other quorums
 *       serve, which it does not cover; at most 1,024 routes). When the connected node cannot
 *       answer (503: it has no location service and no quorum of its own for the path, or no leader; or it refuses)
 *       requests go to that node, as without routing, for a few seconds before it is asked again; a path no quorum
 *       serves (404) goes to it too. Such requests are not retried: the node's answer is final, but NOT_MINE, which is
 *       followed as below. (A node without location service that serves the path, such as {@code havend --dev},
 *       names itself, and the route leads back to the connected node.)
 *   <li>It sends the query with {@code redirect: true} to the route's leader, over a connection of its own to that
 *       node (the connected one when it is that node), made on first use, closed with the client, replaced after it
 *       is lost. A member of the serving quorum takes it even when it no longer leads (it hands it to its leader
 *       within the quorum); a node outside that quorum answers NOT_MINE with the serving leader's {@code location}.
 *   <li>NOT_MINE with a {@code location}: nothing was applied; the location becomes the route's leader (or the route
 *       is dropped when it names no member) and the query is sent there, at most 3 hops per query.
 *   <li>The query never reached a node (connection refused, or lost before it was written): safe whatever its kind.
 *       That member is tried last for a while, the next member is tried after a short pause, and the route expires
 *       soon so that DISCOVER names the new leader once the quorum has one.
 *   <li>UNAVAILABLE (503) from the node, or the connection lost after the query was written: the route is dropped;
 *       a read ({@code kind().isWrite()} false) is sent again after a short pause; a write fails with that error,
 *       because it may have been applied: the caller reads to find out before writing again.
 *   <li>Anything else (the node's answer, TIMEOUT) is the answer. Retries stop at the query's deadline (the options'
 *       default deadline covers the whole route, retries included); the last failure is then the answer.
 * </ol>
 * Watches ({@code watch.add}, {@code watch.remove}) and requests without a path ({@code task.heartbeat}) always go to
 * the connected node: a watch's events come on the session that added it. {@link
 * io.haven.client.HavenClient#routes()} shows the cache and {@link io.haven.client.HavenClient#routingStats()} what
 * routing did.
 *
 * <p><b>Nulls.</b> No method accepts or returns null; absent values are empty strings, empty collections or
 * {@link java.util.Optional}. Passing null throws {@link java.lang.NullPointerException}.
 */
package io.haven.client;
