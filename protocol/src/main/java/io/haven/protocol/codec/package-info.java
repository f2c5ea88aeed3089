/**
 * The wire codec of protocol v1: {@link io.haven.protocol.codec.Frames} cuts a byte stream into length-prefixed
 * bodies and {@link io.haven.protocol.codec.MessageCodec} turns each body into a request, response or push record
 * and back, hand-written on msgpack-core without reflection. Bad input always ends in a {@link
 * io.haven.protocol.codec.DecodeException} carrying an error code; everything here is stateless and thread-safe.
 */
package io.haven.protocol.codec;
