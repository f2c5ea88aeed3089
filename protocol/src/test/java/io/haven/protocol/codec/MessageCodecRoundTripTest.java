package io.haven.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.ServerMessage;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class MessageCodecRoundTripTest {

    @TestFactory
    Stream<DynamicTest> everyRequestDecodesToAnEqualRecordAndReencodesToTheSameBytes() {
        return Samples.requests().entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
                    byte[] bytes = MessageCodec.encode(e.getValue());
                    Request back = MessageCodec.decodeRequest(bytes);
                    assertEquals(e.getValue(), back);
                    assertArrayEquals(bytes, MessageCodec.encode(back));
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyServerMessageDecodesToAnEqualRecordAndReencodesToTheSameBytes() {
        return Samples.serverMessages().entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
                    byte[] bytes = MessageCodec.encode(e.getValue());
                    ServerMessage back = MessageCodec.decodeServerMessage(bytes);
                    assertEquals(e.getValue(), back);
                    assertArrayEquals(bytes, MessageCodec.encode(back));
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyDataRequestRoundTripsOnItsOwn() {
        return Samples.dataRequests().values().stream()
                .map(r -> DynamicTest.dynamicTest(r.kind().wireName(), () -> {
                    DataRequest back = MessageCodec.decodeDataRequest(MessageCodec.encode(r));
                    assertEquals(r, back);
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyDataResponseRoundTripsOnItsOwn() {
        return Samples.serverMessages().entrySet().stream()
                .filter(e -> e.getValue() instanceof Response.QueryReply)
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
                    DataResponse response = ((Response.QueryReply) e.getValue()).data();
                    byte[] bytes = MessageCodec.encode(response);
                    assertEquals(response, MessageCodec.decodeDataResponse(bytes));
                    assertArrayEquals(bytes, MessageCodec.encode(MessageCodec.decodeDataResponse(bytes)));
                }));
    }
}
