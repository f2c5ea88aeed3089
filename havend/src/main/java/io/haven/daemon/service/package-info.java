/**
 * The seams between the server and the parts that serve CONTROL, DATA and MANAGE. Each service answers
 * asynchronously with a {@link java.util.concurrent.CompletableFuture}: the server's event loop hands a request
 * over and never blocks on the answer. A future completed exceptionally with a {@link
 * io.haven.protocol.HavenException} becomes that error on the wire; anything else becomes ERROR_GENERIC. Until a
 * role exists on a node its service is the {@code unavailable()} one, which answers ERROR_UNAVAILABLE and never
 * pretends to succeed. When a request's deadline passes first, the server answers ERROR_TIMEOUT itself and cancels
 * the future; a service should check {@link io.haven.daemon.service.RequestContext#expired} before it starts
 * applying a request. Implementations must be thread-safe and must not block the calling (event loop) thread;
 * futures may complete on any thread. Services are made by an {@link io.haven.daemon.ServicesFactory}.
 */
package io.haven.daemon.service;
