package io.haven.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.daemon.service.LocalNode;
import io.haven.daemon.service.Services;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.codec.Frames;
import io.haven.protocol.codec.MessageCodec;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.ServerMessage;
import io.haven.protocol.netty.FrameDecoder;
import io.haven.protocol.netty.FrameEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The connection pipeline without sockets: frame faults become one error frame and a close. */
class ConnectionPipelineTest {
    private static final int MAX = 128;
    private static final long FRAME_TIMEOUT_MS = 1_000;

    private static EmbeddedChannel pipeline() {
        Dispatcher dispatcher =
                new Dispatcher(new LocalNode("n1", "test", "127.0.0.1:1"), Services.unavailable(), 5_000, 30_000);
        EmbeddedChannel ch = new EmbeddedChannel(
                new FrameEncoder(),
                new FrameDecoder(MAX, FRAME_TIMEOUT_MS),
                new ConnectionHandler(dispatcher, 8, 30_000));
        ch.freezeTime();
        return ch;
    }

    private static ServerMessage answer(EmbeddedChannel ch) {
        ByteBuf out = ch.readOutbound();
        try {
            assertEquals(out.readableBytes() - 4, out.getInt(0), "the answer is one whole frame");
            return MessageCodec.decodeServerMessage(ByteBufUtil.getBytes(out, 4, out.readableBytes() - 4));
        } finally {
            out.release();
        }
    }

    @Test
    void anOverLimitLengthIsAnsweredWithLimitAndTheChannelClosed() {
        EmbeddedChannel ch = pipeline();
        ch.writeInbound(Unpooled.buffer().writeInt(MAX + 1).writeBytes(new byte[16]));
        Response.Failure f = assertInstanceOf(Response.Failure.class, answer(ch));
        assertEquals(ErrorCode.LIMIT, f.error().code());
        assertEquals(413, f.status());
        assertFalse(ch.isOpen());
        assertNull(ch.readOutbound(), "exactly one answer");
    }

    @Test
    void aTruncatedFrameIsAnsweredWithTimeoutAndTheChannelClosed() {
        EmbeddedChannel ch = pipeline();
        ch.writeInbound(Unpooled.buffer().writeInt(50).writeBytes(new byte[3]));
        assertTrue(ch.isOpen());
        ch.advanceTimeBy(FRAME_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        Response.Failure f = assertInstanceOf(Response.Failure.class, answer(ch));
        assertEquals(ErrorCode.TIMEOUT, f.error().code());
        assertFalse(ch.isOpen());
    }

    @Test
    void aWellFormedConnectIsAnsweredOnTheSameChannel() {
        EmbeddedChannel ch = pipeline();
        ch.writeInbound(Unpooled.wrappedBuffer(Frames.frame(MessageCodec.encode(WireClient.connect(5)))));
        Response.ConnectReply reply = assertInstanceOf(Response.ConnectReply.class, answer(ch));
        assertEquals(5, reply.reqId());
        assertEquals("n1", reply.node().uuid());
        assertTrue(ch.isOpen());
    }

    @Test
    void aClientSlowToTakeItsAnswersIsNotClosedAsSilent() {
        EmbeddedChannel ch = pipeline();
        // The client stops taking answers: the outbound buffer passes its high-water mark and reading stops.
        ch.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(1, 2));
        ch.unsafe()
                .outboundBuffer()
                .addMessage(io.netty.buffer.Unpooled.wrappedBuffer(new byte[16]), 16, ch.newPromise());
        ch.pipeline().fireChannelWritabilityChanged();
        assertFalse(ch.config().isAutoRead(), "a node whose answers do not drain stops reading");
        ch.pipeline().fireUserEventTriggered(io.netty.handler.timeout.IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertTrue(ch.isOpen(), "nothing was read because the node stopped reading, not because the client is silent");
        ch.releaseOutbound();
    }
}
