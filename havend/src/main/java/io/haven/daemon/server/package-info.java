/**
 * The client-facing Netty server of havend: one pipeline per connection (idle timeout, frame decoder and encoder,
 * connection handler), sessions opened by CONNECT, and the dispatch of every action to the local answers or to the
 * {@link io.haven.daemon.service services}. Per-connection state is confined to that connection's event loop;
 * what is shared across connections (the connection count, the channel group) is thread-safe.
 */
package io.haven.daemon.server;
