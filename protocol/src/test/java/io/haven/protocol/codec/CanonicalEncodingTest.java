package io.haven.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.PromiseState;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The canonical form of README section 3, and the leniency of the decoder towards other encodings. */
class CanonicalEncodingTest {

    private static Request query(DataRequest data) {
        return Request.Query.of(data);
    }

    @Test
    void optionalFieldsHoldingTheirNeutralValueAreLeftOut() {
        byte[] expected = Raw.of(p -> p.packMapHeader(4)
                .packString("action")
                .packString("query")
                .packString("type")
                .packString("crud")
                .packString("kind")
                .packString("kv.list")
                .packString("data")
                .packMapHeader(0));
        assertArrayEquals(expected, MessageCodec.encode(query(new DataRequest.KvList("", "", 0))));
    }

    @Test
    void keysFollowTheDocumentedOrderWhateverTheRecord() {
        Request ping = new Request.Ping(new Envelope(5, "tok", 100), 9, 0, "", Map.of());
        byte[] expected = Raw.of(p -> p.packMapHeader(6)
                .packString("action")
                .packString("heartbeat")
                .packString("type")
                .packString("ping")
                .packString("_reqid")
                .packLong(5)
                .packString("auth")
                .packMapHeader(2)
                .packString("scheme")
                .packString("token")
                .packString("token")
                .packString("tok")
                .packString("deadline")
                .packLong(100)
                .packString("ack")
                .packLong(9));
        assertArrayEquals(expected, MessageCodec.encode(ping));
    }

    @Test
    void integersTakeTheirSmallestForm() {
        byte[] small = MessageCodec.encode(Request.Ping.of(1).withEnvelope(Envelope.of(1)));
        byte[] large = MessageCodec.encode(Request.Ping.of(Long.MAX_VALUE).withEnvelope(Envelope.of(Long.MAX_VALUE)));
        assertEquals(small.length + 2 * 8, large.length); // fixint 0x00 vs uint64 0xcf + 8 bytes
        assertEquals(
                Request.Ping.of(Long.MAX_VALUE).withEnvelope(Envelope.of(Long.MAX_VALUE)),
                MessageCodec.decodeRequest(large));
    }

    @Test
    void stringsAndBytesOfEveryHeaderSizeRoundTrip() {
        for (int n : new int[] {0, 31, 32, 255, 256, 65_535, 65_536}) {
            String s = "é".repeat(n / 2) + "x".repeat(n % 2);
            byte[] value = new byte[n];
            Request put = query(new DataRequest.KvPut("/k/" + s, value, s, DataRequest.NO_VERSION));
            byte[] body = MessageCodec.encode(put);
            assertEquals(put, MessageCodec.decodeRequest(body), "length " + n);
            assertArrayEquals(body, MessageCodec.encode(MessageCodec.decodeRequest(body)), "length " + n);
        }
    }

    @Test
    void anExpectedVersionOfZeroIsDistinctFromNoExpectedVersion() {
        Request mustBeAbsent = query(new DataRequest.KvPut("/a", new byte[0], "", 0));
        Request anyVersion = query(new DataRequest.KvPut("/a", new byte[0], "", DataRequest.NO_VERSION));
        assertNotEquals(MessageCodec.decodeRequest(MessageCodec.encode(mustBeAbsent)), anyVersion);
        assertEquals(mustBeAbsent, MessageCodec.decodeRequest(MessageCodec.encode(mustBeAbsent)));
        assertEquals(anyVersion, MessageCodec.decodeRequest(MessageCodec.encode(anyVersion)));
    }

    @Test
    void aSearchWithoutStateRoundTripsAsAnyState() {
        Request search = query(new DataRequest.PromiseSearch("", Optional.empty(), Map.of(), "", 0));
        assertEquals(search, MessageCodec.decodeRequest(MessageCodec.encode(search)));
    }

    @Test
    void theDecoderAcceptsAnyKeyOrderWideIntegersNilsAndUnknownKeys() {
        byte[] body = Raw.of(p -> p.packMapHeader(7)
                .packString("data")
                .packMapHeader(2)
                .packString("state")
                .packString("REJECTED")
                .packString("id")
                .packString("p1")
                .packString("future")
                .packArrayHeader(1)
                .packInt(1)
                .packString("kind")
                .packString("promise.settle")
                .packString("auth")
                .packNil()
                .packString("_reqid")
                .packLong(1L << 40)
                .packString("type")
                .packString("crud")
                .packString("action")
                .packString("query"));
        Request expected = query(new DataRequest.PromiseSettle(
                        "p1", PromiseState.REJECTED, io.haven.protocol.data.Payload.EMPTY))
                .withEnvelope(Envelope.of(1L << 40));
        assertEquals(expected, MessageCodec.decodeRequest(body));
    }

    @Test
    void theDecoderTakesAStrWhereBytesAreExpected() {
        byte[] body = Raw.of(p -> p.packMapHeader(4)
                .packString("action")
                .packString("query")
                .packString("type")
                .packString("crud")
                .packString("kind")
                .packString("kv.put")
                .packString("data")
                .packMapHeader(2)
                .packString("key")
                .packString("/a")
                .packString("value")
                .packString("hi"));
        assertEquals(
                query(new DataRequest.KvPut("/a", Samples.utf8("hi"), "", DataRequest.NO_VERSION)),
                MessageCodec.decodeRequest(body));
    }

    @Test
    void stringMapsAreWrittenSortedByKey() {
        Request a = query(new DataRequest.PromiseCreate(
                "p", io.haven.protocol.data.Payload.EMPTY, 1, Map.of("b", "2", "a", "1", "c", "3")));
        byte[] body = MessageCodec.encode(a);
        byte[] tags = Raw.of(p -> p.packString("tags")
                .packMapHeader(3)
                .packString("a")
                .packString("1")
                .packString("b")
                .packString("2")
                .packString("c")
                .packString("3"));
        assertArrayEquals(tags, java.util.Arrays.copyOfRange(body, body.length - tags.length, body.length));
    }
}
