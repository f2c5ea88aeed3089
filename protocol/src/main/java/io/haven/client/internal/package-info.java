/**
 * The machinery behind {@link io.haven.client.HavenClient}: the Netty pipeline, the per-connection table of
 * requests in flight keyed by {@code _reqid}, write batching, deadlines and reconnection. Not an API: anything here
 * may change without notice.
 */
package io.haven.client.internal;
