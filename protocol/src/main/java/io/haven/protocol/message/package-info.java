/**
 * The messages of protocol v1 as records: {@link io.haven.protocol.message.Request} (client to node), {@link
 * io.haven.protocol.message.Response} (node to client, echoing {@code _reqid}) and {@link
 * io.haven.protocol.message.Push} (node to client, unsolicited). Records are immutable and never hold null;
 * absent optional fields have documented neutral values (empty string, empty list, 0, {@link
 * io.haven.protocol.message.Envelope#NO_REQID}).
 */
package io.haven.protocol.message;
