package io.haven.bench;

import io.haven.protocol.codec.MessageCodec;
import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.PromiseState;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.ServerMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The wire codec on the hottest message pair: a {@code promise.create} query and its reply, each encoded to a frame
 * body and decoded back (what a client and a node each do once per call). Also each half alone, to see which side
 * costs more. Run with {@code bin/haven-jmh CodecBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {
    private static final long T0 = 1_767_225_600_000L;

    private Request request;
    private ServerMessage response;
    private byte[] requestBytes;
    private byte[] responseBytes;

    @Setup
    public void setUp() {
        Payload param = new Payload(
                Map.of("content-type", "application/json"),
                "{\"func\":\"resize\",\"args\":[640,480]}".getBytes(StandardCharsets.UTF_8));
        Map<String, String> tags = Map.of("haven:invoke", "img");
        request = Request.Query.of(new DataRequest.PromiseCreate("order/42", param, T0 + 60_000, tags))
                .withEnvelope(Envelope.of(12_345));
        Promise created = new Promise("order/42", PromiseState.PENDING, param, Payload.EMPTY, T0 + 60_000, tags, T0, 0);
        response = new Response.QueryReply(
                12_345, DataResponse.of(DataKind.PROMISE_CREATE, 201, new DataResult.PromiseResult(created)));
        requestBytes = MessageCodec.encode(request);
        responseBytes = MessageCodec.encode(response);
    }

    @Benchmark
    public Request promiseCreateRequestEncodeDecode() {
        return MessageCodec.decodeRequest(MessageCodec.encode(request));
    }

    @Benchmark
    public ServerMessage promiseCreateResponseEncodeDecode() {
        return MessageCodec.decodeServerMessage(MessageCodec.encode(response));
    }

    @Benchmark
    public byte[] promiseCreateRequestEncode() {
        return MessageCodec.encode(request);
    }

    @Benchmark
    public Request promiseCreateRequestDecode() {
        return MessageCodec.decodeRequest(requestBytes);
    }

    @Benchmark
    public ServerMessage promiseCreateResponseDecode() {
        return MessageCodec.decodeServerMessage(responseBytes);
    }
}
