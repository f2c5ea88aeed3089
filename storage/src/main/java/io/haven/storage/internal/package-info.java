/**
 * How the store works inside: the RocksDB column families and their key layouts, the layered views a batch is
 * applied through, and the promise, task and key/value semantics. Nothing here reads a clock, starts a thread or
 * draws a random number: the same commands at the same times give the same bytes on every replica. Not an API;
 * use {@link io.haven.storage.Store}.
 */
package io.haven.storage.internal;
