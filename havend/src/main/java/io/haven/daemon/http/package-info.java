/**
 * The operations HTTP endpoint: {@code /metrics}, {@code /health}, {@code /ready}, and the status page with the
 * JSON API it reads ({@code /api/...}). {@link io.haven.daemon.http.HavenHttpServer} is the one public type; it
 * reads the node through {@link io.haven.daemon.status.NodeView} and nothing else.
 *
 * <p>Threads: one Netty event loop ({@code haven-http}) runs every connection; node answers and watch events
 * arrive on the node's threads and are written through the channel, which hands them to that loop. The handler's
 * state is touched on the loop only. Nothing here blocks: a slow node answer waits as a future, bounded by a
 * timeout.
 */
package io.haven.daemon.http;
