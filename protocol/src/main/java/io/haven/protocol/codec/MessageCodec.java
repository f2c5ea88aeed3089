package io.haven.protocol.codec;

import io.haven.protocol.Action;
import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.ServerMessage;
import java.util.Optional;

/**
 * Protocol v1 messages to and from the MessagePack body of one frame (the bytes after the length prefix).
 *
 * <p>Encoding is canonical ({@code protocol-docs/README.md}, "Canonical encoding"): keys in a fixed order, optional
 * fields left out when they hold their neutral value, the smallest integer and header forms, text as str and bytes
 * as bin. So equal records always encode to equal bytes, and the golden vectors re-encode byte for byte.
 *
 * <p>Decoding is strict about types and lenient about order and unknown keys. It never trusts a declared length:
 * every array, map, str and bin length is checked against the bytes left, nesting is limited and so is the number
 * of values, so allocation stays proportional to the body. Every bad body ends in a {@link DecodeException};
 * nothing else is thrown.
 *
 * <p>All methods are static, thread-safe and keep no state.
 */
public final class MessageCodec {
    private MessageCodec() {}

    public static byte[] encode(Request request) {
        return RequestCodec.encode(request);
    }

    /** Encodes a response or a push. */
    public static byte[] encode(ServerMessage message) {
        return ServerMessageCodec.encode(message);
    }

    public static Request decodeRequest(byte[] body) {
        WireMap m = WireMap.root(WireReader.readMessage(body));
        try {
            return RequestCodec.decode(m);
        } catch (DecodeException e) {
            throw e.withContext(peekReqId(m), peekAction(m));
        }
    }

    public static ServerMessage decodeServerMessage(byte[] body) {
        WireMap m = WireMap.root(WireReader.readMessage(body));
        try {
            return ServerMessageCodec.decode(m);
        } catch (DecodeException e) {
            throw e.withContext(peekReqId(m), peekAction(m));
        }
    }

    /**
     * A DATA request on its own, {@code {kind, data}} (the form task actions embed), for example as a replicated
     * log entry.
     */
    public static byte[] encode(DataRequest request) {
        Out out = new Out();
        DataCodec.embedded(out, request);
        return out.bytes();
    }

    public static DataRequest decodeDataRequest(byte[] body) {
        WireMap m = WireMap.root(WireReader.readMessage(body));
        return DataCodec.request(m.constant("kind", DataKind::of), m.map("data"));
    }

    /** A DATA response on its own, {@code {kind, status, data}} (the form task.fence's result nests). */
    public static byte[] encode(DataResponse response) {
        Out out = new Out();
        ResultCodec.response(out, response);
        return out.bytes();
    }

    public static DataResponse decodeDataResponse(byte[] body) {
        return ResultCodec.response(WireMap.root(WireReader.readMessage(body)));
    }

    private static long peekReqId(WireMap m) {
        return m.raw("_reqid") instanceof Long id && id >= 0 ? id : Envelope.NO_REQID;
    }

    private static Optional<Action> peekAction(WireMap m) {
        return m.raw("action") instanceof String name ? Action.of(name) : Optional.empty();
    }
}
