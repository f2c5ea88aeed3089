package io.haven.protocol.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private static final int MAX = 64;
    private static final long TIMEOUT_MS = 1_000;

    private static EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX, TIMEOUT_MS));
        ch.freezeTime();
        return ch;
    }

    private static ByteBuf frame(byte[] body) {
        return Unpooled.buffer().writeInt(body.length).writeBytes(body);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCompleteFrameBecomesItsBody() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(frame(bytes("hello")));
        assertArrayEquals(bytes("hello"), (byte[]) ch.readInbound());
        assertNull(ch.readInbound());
    }

    @Test
    void severalFramesInOneReadComeOutInOrder() {
        EmbeddedChannel ch = channel();
        ByteBuf both = Unpooled.buffer();
        both.writeBytes(frame(bytes("one"))).writeBytes(frame(bytes("two")));
        ch.writeInbound(both);
        assertArrayEquals(bytes("one"), (byte[]) ch.readInbound());
        assertArrayEquals(bytes("two"), (byte[]) ch.readInbound());
    }

    @Test
    void aFrameSplitByteByByteWaitsUntilItIsWhole() {
        EmbeddedChannel ch = channel();
        ByteBuf whole = frame(bytes("split"));
        while (whole.readableBytes() > 1) {
            ch.writeInbound(whole.readRetainedSlice(1));
            assertNull(ch.readInbound());
        }
        ch.writeInbound(whole);
        assertArrayEquals(bytes("split"), (byte[]) ch.readInbound());
    }

    @Test
    void aFrameOfExactlyTheLimitIsAccepted() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(frame(new byte[MAX]));
        assertEquals(MAX, ((byte[]) ch.readInbound()).length);
    }

    @Test
    void aZeroLengthFrameIsPassedOnAsAnEmptyBody() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(frame(new byte[0]));
        assertEquals(0, ((byte[]) ch.readInbound()).length);
    }

    @Test
    void aLengthOverTheLimitIsRefusedFromTheHeaderAloneWithLimit() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.buffer().writeInt(MAX + 1));
        FrameFault fault = assertInstanceOf(FrameFault.class, ch.readInbound());
        assertEquals(ErrorCode.LIMIT, fault.error().code());
        assertTrue(fault.error().getMessage().contains(String.valueOf(MAX + 1)));
    }

    @Test
    void aHugeLengthIsRefusedWithoutBufferingWhatFollows() {
        EmbeddedChannel ch = channel();
        ByteBuf in = Unpooled.buffer().writeInt(Integer.MAX_VALUE).writeBytes(new byte[1000]);
        ch.writeInbound(in);
        assertInstanceOf(FrameFault.class, ch.readInbound());
        assertEquals(0, in.refCnt(), "the input was consumed and released, not cumulated");
    }

    @Test
    void aNegativeLengthIsRefusedWithLimit() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.buffer().writeInt(-5));
        FrameFault fault = assertInstanceOf(FrameFault.class, ch.readInbound());
        assertEquals(ErrorCode.LIMIT, fault.error().code());
    }

    @Test
    void afterARefusalLaterFramesAreDiscarded() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.buffer().writeInt(-1));
        assertInstanceOf(FrameFault.class, ch.readInbound());
        ch.writeInbound(frame(bytes("late")));
        assertNull(ch.readInbound());
    }

    @Test
    void aTruncatedFrameFaultsWithTimeoutOnceTheFrameTimeoutPasses() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.buffer().writeInt(10).writeBytes(bytes("abc")));
        ch.advanceTimeBy(TIMEOUT_MS - 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertNull(ch.readInbound());
        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        FrameFault fault = assertInstanceOf(FrameFault.class, ch.readInbound());
        assertEquals(ErrorCode.TIMEOUT, fault.error().code());
    }

    @Test
    void aTruncatedHeaderAlsoFaultsOnceTheFrameTimeoutPasses() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.buffer().writeByte(0).writeByte(0));
        ch.advanceTimeBy(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertInstanceOf(FrameFault.class, ch.readInbound());
    }

    @Test
    void aFrameCompletedInTimeCancelsTheTimeout() {
        EmbeddedChannel ch = channel();
        ByteBuf whole = frame(bytes("in time"));
        ch.writeInbound(whole.readRetainedSlice(5));
        ch.advanceTimeBy(TIMEOUT_MS / 2, TimeUnit.MILLISECONDS);
        ch.writeInbound(whole);
        assertArrayEquals(bytes("in time"), (byte[]) ch.readInbound());
        ch.advanceTimeBy(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertNull(ch.readInbound());
    }

    @Test
    void anIdleConnectionBetweenFramesNeverFaults() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(frame(bytes("x")));
        ch.readInbound();
        ch.advanceTimeBy(TIMEOUT_MS * 10, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertNull(ch.readInbound());
    }
}
