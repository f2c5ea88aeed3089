package io.haven.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The envelope's {@code auth}: {@code {scheme, token}} written, a bare token str still read. */
class AuthFieldTest {

    private static byte[] connectWith(Raw.Step auth) {
        return Raw.of(p -> {
            p.packMapHeader(4)
                    .packString("action")
                    .packString("connect")
                    .packString("_reqid")
                    .packLong(1);
            p.packString("auth");
            auth.run(p);
            p.packString("version").packString("1");
        });
    }

    @Test
    void aTokenIsWrittenAsTheTokenScheme() {
        byte[] expected = connectWith(p -> p.packMapHeader(2)
                .packString("scheme")
                .packString("token")
                .packString("token")
                .packString("haven1.x"));
        Request connect = new Request.Connect(Envelope.of(1).withAuth("haven1.x"), "1", "", "");
        assertArrayEquals(expected, MessageCodec.encode(connect));
    }

    @Test
    void theTokenSchemeIsReadBack() {
        Request r = MessageCodec.decodeRequest(connectWith(p -> p.packMapHeader(2)
                .packString("token")
                .packString("haven1.y")
                .packString("scheme")
                .packString("token")));
        assertEquals("haven1.y", r.envelope().auth());
    }

    @Test
    void aBareStringIsReadAsAToken() {
        Request r = MessageCodec.decodeRequest(connectWith(p -> p.packString("haven1.z")));
        assertEquals("haven1.z", r.envelope().auth());
    }

    @Test
    void theNoneSchemeMeansNoCredentials() {
        Request r = MessageCodec.decodeRequest(
                connectWith(p -> p.packMapHeader(1).packString("scheme").packString("none")));
        assertEquals("", r.envelope().auth());
    }

    @Test
    void anUnknownSchemeIsInvalidNamingIt() {
        DecodeException e = assertThrows(
                DecodeException.class,
                () -> MessageCodec.decodeRequest(connectWith(p -> p.packMapHeader(2)
                        .packString("scheme")
                        .packString("basic")
                        .packString("token")
                        .packString("alice:secret"))));
        assertEquals(ErrorCode.INVALID, e.code());
        assertEquals(List.of("auth.scheme"), e.error().items());
        assertEquals(1, e.reqId());
        assertFalse(e.getMessage().contains("alice:secret"), e.getMessage());
    }

    @Test
    void theTokenSchemeWithoutATokenIsIncomplete() {
        DecodeException e = assertThrows(
                DecodeException.class,
                () -> MessageCodec.decodeRequest(
                        connectWith(p -> p.packMapHeader(1).packString("scheme").packString("token"))));
        assertEquals(ErrorCode.INCOMPLETE, e.code());
        assertEquals(List.of("auth.token"), e.error().items());
    }

    @Test
    void anEnvelopeNeverPrintsItsToken() {
        String text = new Request.Connect(Envelope.of(1).withAuth("haven1.secret"), "1", "", "").toString();
        assertFalse(text.contains("haven1.secret"), text);
    }
}
