/**
 * Netty handlers for protocol v1 frames: a 4-byte big-endian length and then one MessagePack map. The decoder
 * never allocates a body above the configured limit and never waits forever on a truncated frame; what it refuses
 * it hands downstream as a {@link io.haven.protocol.netty.FrameFault} so that one place answers and closes. All
 * handlers here are confined to their channel's event loop.
 */
package io.haven.protocol.netty;
