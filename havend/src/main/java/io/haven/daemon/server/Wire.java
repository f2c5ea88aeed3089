package io.haven.daemon.server;

import io.haven.protocol.Action;
import io.haven.protocol.HavenException;
import io.haven.protocol.codec.MessageCodec;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.ServerMessage;
import java.util.Optional;

/** The server's use of the protocol codec, in one place. Stateless. */
final class Wire {
    private Wire() {}

    /** @throws io.haven.protocol.codec.DecodeException when the body is not a well-formed request */
    static Request decode(byte[] body) {
        return MessageCodec.decodeRequest(body);
    }

    static byte[] encode(ServerMessage message) {
        return MessageCodec.encode(message);
    }

    /**
     * Encodes an answer a service made. A service can build a record the wire cannot carry (a manage field named
     * like an envelope key, say); that is the node's fault, so the client gets ERROR_GENERIC for its request.
     */
    static byte[] encode(Response response, long reqId, Action action) {
        try {
            return MessageCodec.encode(response);
        } catch (RuntimeException e) {
            return MessageCodec.encode(Dispatcher.failure(reqId, action, e));
        }
    }

    /**
     * An error answer to a message whose action may be unknown: unreadable, unknown, or refused before it was read
     * (a bad frame, too many connections). As protocol-docs (README section 4) says, such a failure names the best
     * action the node can: the one sent when it is known, else {@code connect}; {@code _reqid} is echoed when it was
     * read.
     */
    static byte[] failure(long reqId, Optional<Action> action, HavenException error) {
        return encode(new Response.Failure(reqId, action.orElse(Action.CONNECT), error.status(), error.error()));
    }
}
