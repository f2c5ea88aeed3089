package io.haven.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.haven.protocol.Action;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.message.Envelope;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecodeErrorTest {

    private static DecodeException request(byte[] body) {
        return assertThrows(DecodeException.class, () -> MessageCodec.decodeRequest(body));
    }

    private static void assertError(DecodeException e, ErrorCode code, String... items) {
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(List.of(items), e.error().items(), e.getMessage());
    }

    @Test
    void anEmptyBodyIsInvalid() {
        assertError(request(new byte[0]), ErrorCode.INVALID);
    }

    @Test
    void aBodyThatIsAnArrayIsInvalid() {
        assertError(request(Raw.of(p -> p.packArrayHeader(1).packString("connect"))), ErrorCode.INVALID);
    }

    @Test
    void aBodyThatIsAScalarIsInvalid() {
        assertError(request(Raw.of(p -> p.packInt(7))), ErrorCode.INVALID);
    }

    @Test
    void aMissingRequiredFieldIsIncompleteNamingTheField() {
        byte[] body = Raw.of(p -> p.packMapHeader(4)
                .packString("action")
                .packString("query")
                .packString("type")
                .packString("crud")
                .packString("kind")
                .packString("promise.get")
                .packString("data")
                .packMapHeader(0));
        assertError(request(body), ErrorCode.INCOMPLETE, "data.id");
    }

    @Test
    void aMissingActionIsIncompleteNamingAction() {
        assertError(
                request(Raw.of(p -> p.packMapHeader(1).packString("version").packString("1"))),
                ErrorCode.INCOMPLETE,
                "action");
    }

    @Test
    void aFieldOfTheWrongTypeIsInvalidNamingTheField() {
        byte[] body = Raw.of(p -> p.packMapHeader(3)
                .packString("action")
                .packString("heartbeat")
                .packString("type")
                .packString("ping")
                .packString("ack")
                .packString("12"));
        assertError(request(body), ErrorCode.INVALID, "ack");
    }

    @Test
    void anUnknownActionIsInvalidNamingAction() {
        assertError(
                request(Raw.of(p -> p.packMapHeader(1).packString("action").packString("explode"))),
                ErrorCode.INVALID,
                "action");
    }

    @Test
    void anUnknownKindIsInvalidNamingKind() {
        byte[] body = Raw.of(p -> p.packMapHeader(4)
                .packString("action")
                .packString("query")
                .packString("type")
                .packString("crud")
                .packString("kind")
                .packString("promise.explode")
                .packString("data")
                .packMapHeader(0));
        assertError(request(body), ErrorCode.INVALID, "kind");
    }

    @Test
    void anUnknownDiscoverTypeIsInvalidNamingType() {
        byte[] body = Raw.of(p -> p.packMapHeader(2)
                .packString("action")
                .packString("discover")
                .packString("type")
                .packString("everything"));
        assertError(request(body), ErrorCode.INVALID, "type");
    }

    @Test
    void aBadEnumValueIsInvalidNamingTheField() {
        byte[] body = Raw.of(p -> p.packMapHeader(4)
                .packString("action")
                .packString("query")
                .packString("type")
                .packString("crud")
                .packString("kind")
                .packString("promise.settle")
                .packString("data")
                .packMapHeader(2)
                .packString("id")
                .packString("p1")
                .packString("state")
                .packString("MAYBE"));
        assertError(request(body), ErrorCode.INVALID, "data.state");
    }

    @Test
    void settlingToTimedOutIsInvalidBecauseOnlyTheClockMayDoIt() {
        byte[] body = Raw.of(p -> p.packMapHeader(4)
                .packString("action")
                .packString("query")
                .packString("type")
                .packString("crud")
                .packString("kind")
                .packString("promise.settle")
                .packString("data")
                .packMapHeader(2)
                .packString("id")
                .packString("p1")
                .packString("state")
                .packString("REJECTED_TIMEDOUT"));
        assertError(request(body), ErrorCode.INVALID, "data.state");
    }

    @Test
    void theErrorCarriesTheReqIdAndActionOfTheBadMessage() {
        byte[] body = Raw.of(p -> p.packMapHeader(4)
                .packString("action")
                .packString("heartbeat")
                .packString("_reqid")
                .packLong(42)
                .packString("type")
                .packString("ping")
                .packString("ack")
                .packString("not a number"));
        DecodeException e = request(body);
        assertEquals(42, e.reqId());
        assertEquals(Optional.of(Action.HEARTBEAT), e.action());
        assertError(e, ErrorCode.INVALID, "ack");
    }

    @Test
    void anErrorInAMessageWithoutReqIdCarriesNoReqId() {
        DecodeException e =
                request(Raw.of(p -> p.packMapHeader(1).packString("action").packString("connect")));
        assertEquals(Envelope.NO_REQID, e.reqId());
        assertEquals(Optional.of(Action.CONNECT), e.action());
    }

    @Test
    void aHugeDeclaredArrayLengthIsInvalidWithoutAllocatingIt() {
        // map(1) "action" array32(0x7fffffff) and no elements
        assertError(request(Raw.hex("81 a6 616374696f6e dd 7fffffff")), ErrorCode.INVALID);
    }

    @Test
    void aHugeDeclaredMapLengthIsInvalidWithoutAllocatingIt() {
        assertError(request(Raw.hex("81 a6 616374696f6e df 7fffffff a1 61")), ErrorCode.INVALID);
    }

    @Test
    void aHugeDeclaredStringLengthIsInvalidWithoutAllocatingIt() {
        assertError(request(Raw.hex("81 a6 616374696f6e db 7fffffff 41 41")), ErrorCode.INVALID);
    }

    @Test
    void aHugeDeclaredBinLengthIsInvalidWithoutAllocatingIt() {
        assertError(request(Raw.hex("81 a6 616374696f6e c6 ffffffff 00")), ErrorCode.INVALID);
    }

    @Test
    void aTopLevelMapDeclaringMoreEntriesThanBytesIsInvalid() {
        assertError(request(Raw.hex("df 7fffffff a1 61 01")), ErrorCode.INVALID);
    }

    @Test
    void nestingDeeperThanTheLimitIsInvalid() {
        byte[] body = Raw.of(p -> {
            p.packMapHeader(1).packString("action");
            for (int i = 0; i < 100; i++) {
                p.packArrayHeader(1);
            }
            p.packNil();
        });
        assertError(request(body), ErrorCode.INVALID);
    }

    @Test
    void nestingWithinTheLimitIsAccepted() {
        // An unknown field nested 30 deep is skipped, so the message still decodes.
        byte[] body = Raw.of(p -> {
            p.packMapHeader(2)
                    .packString("action")
                    .packString("connect")
                    .packString("version")
                    .packString("1");
        });
        byte[] nested = Raw.of(p -> {
            p.packMapHeader(3)
                    .packString("action")
                    .packString("connect")
                    .packString("version")
                    .packString("1");
            p.packString("x");
            for (int i = 0; i < 30; i++) {
                p.packArrayHeader(1);
            }
            p.packNil();
        });
        assertEquals(MessageCodec.decodeRequest(body), MessageCodec.decodeRequest(nested));
    }

    @Test
    void trailingBytesAfterTheMapAreInvalid() {
        byte[] body = MessageCodec.encode(Samples.requests().get("request.ping"));
        assertError(request(Raw.concat(body, new byte[] {(byte) 0xc0})), ErrorCode.INVALID);
    }

    @Test
    void aTruncatedMapIsInvalid() {
        byte[] body = MessageCodec.encode(Samples.requests().get("request.connect"));
        byte[] cut = java.util.Arrays.copyOf(body, body.length - 3);
        assertError(request(cut), ErrorCode.INVALID);
    }

    @Test
    void anIntegerAboveTheInt64RangeIsInvalid() {
        byte[] body = Raw.of(p -> p.packMapHeader(4)
                .packString("action")
                .packString("heartbeat")
                .packString("type")
                .packString("ping")
                .packString("_reqid")
                .packBigInteger(new java.math.BigInteger("18446744073709551615"))
                .packString("ack")
                .packInt(0));
        assertError(request(body), ErrorCode.INVALID);
    }

    @Test
    void aNegativeCounterIsInvalidNamingTheField() {
        byte[] body = Raw.of(p -> p.packMapHeader(3)
                .packString("action")
                .packString("heartbeat")
                .packString("type")
                .packString("ping")
                .packString("ack")
                .packInt(-1));
        assertError(request(body), ErrorCode.INVALID, "ack");
    }

    @Test
    void aStringThatIsNotUtf8IsInvalid() {
        // map(2) "action" "connect" "version" str(1) 0xff
        assertError(
                request(Raw.hex("82 a6 616374696f6e a7 636f6e6e656374 a7 76657273696f6e a1 ff")), ErrorCode.INVALID);
    }

    @Test
    void aMapKeyThatIsNotAStringIsInvalid() {
        assertError(request(Raw.of(p -> p.packMapHeader(1).packInt(1).packString("connect"))), ErrorCode.INVALID);
    }

    @Test
    void aDuplicateKeyIsInvalid() {
        byte[] body = Raw.of(p -> p.packMapHeader(2)
                .packString("action")
                .packString("connect")
                .packString("action")
                .packString("query"));
        assertError(request(body), ErrorCode.INVALID);
    }

    @Test
    void anExtensionValueIsInvalid() {
        byte[] body = Raw.of(p -> {
            p.packMapHeader(1).packString("action").packExtensionTypeHeader((byte) 1, 1);
            p.writePayload(new byte[] {0});
        });
        assertError(request(body), ErrorCode.INVALID);
    }

    @Test
    void aMessageWithTooManyValuesIsRefusedWithLimit() {
        int n = WireReader.MAX_VALUES + 1;
        byte[] body = Raw.of(p -> {
            p.packMapHeader(1).packString("paths").packArrayHeader(n);
            for (int i = 0; i < n; i++) {
                p.packNil();
            }
        });
        assertError(request(body), ErrorCode.LIMIT);
    }

    @Test
    void aPushSentByAClientIsInvalidNamingAction() {
        byte[] body = MessageCodec.encode(Samples.serverMessages().get("push.tasks.abort"));
        assertError(request(body), ErrorCode.INVALID, "action");
    }

    @Test
    void aQueryWhoseTypeIsNotCrudIsInvalidNamingType() {
        byte[] body = Raw.of(p -> p.packMapHeader(4)
                .packString("action")
                .packString("query")
                .packString("type")
                .packString("sql")
                .packString("kind")
                .packString("kv.get")
                .packString("data")
                .packMapHeader(1)
                .packString("key")
                .packString("/a"));
        assertError(request(body), ErrorCode.INVALID, "type");
    }

    @Test
    void aDiscoverOfAUuidWithoutUuidIsIncomplete() {
        byte[] body = Raw.of(p -> p.packMapHeader(2)
                .packString("action")
                .packString("discover")
                .packString("type")
                .packString("uuid"));
        assertError(request(body), ErrorCode.INCOMPLETE, "uuid");
    }

    @Test
    void becomingAQuorumMemberWithoutAQuorumNameIsIncomplete() {
        byte[] body = Raw.of(p -> p.packMapHeader(2)
                .packString("action")
                .packString("become")
                .packString("type")
                .packString("quorum"));
        assertError(request(body), ErrorCode.INCOMPLETE, "quorum");
    }

    @Test
    void anEmbeddedActionOfTheWrongKindIsInvalidNamingIt() {
        byte[] body = Raw.of(p -> p.packMapHeader(4)
                .packString("action")
                .packString("query")
                .packString("type")
                .packString("crud")
                .packString("kind")
                .packString("task.complete")
                .packString("data")
                .packMapHeader(3)
                .packString("id")
                .packString("t")
                .packString("version")
                .packInt(1)
                .packString("action")
                .packMapHeader(2)
                .packString("kind")
                .packString("kv.get")
                .packString("data")
                .packMapHeader(1)
                .packString("key")
                .packString("/a"));
        assertError(request(body), ErrorCode.INVALID, "data.action.kind");
    }

    @Test
    void aResponseWithAnUnknownErrorCodeIsInvalidNamingIt() {
        byte[] body = Raw.of(p -> p.packMapHeader(4)
                .packString("action")
                .packString("connect")
                .packString("result")
                .packBoolean(false)
                .packString("status")
                .packInt(400)
                .packString("error")
                .packMapHeader(2)
                .packString("code")
                .packInt(77)
                .packString("message")
                .packString("?"));
        DecodeException e = assertThrows(DecodeException.class, () -> MessageCodec.decodeServerMessage(body));
        assertError(e, ErrorCode.INVALID, "error.code");
    }
}
