package io.haven.protocol.netty;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Splits a byte stream into protocol v1 frame bodies.
 *
 * <pre>
 * +--------+----------------+         +----------------+
 * | length |  body          |  ---->  |  body          |  (a byte[] of exactly length bytes)
 * | 4 B BE |  length bytes  |         +----------------+
 * +--------+----------------+
 * </pre>
 *
 * <p>A length above {@code maxFrame} or below zero is refused as soon as its 4 bytes arrive, before any byte of the
 * body is buffered: the decoder emits a {@link FrameFault} with {@link ErrorCode#LIMIT} and then discards all later
 * input. A frame whose bytes have started to arrive must be complete within {@code frameTimeoutMs}; otherwise a
 * {@link FrameFault} with {@link ErrorCode#TIMEOUT} is emitted, so a peer that sends half a frame and goes quiet
 * cannot hold a buffer forever. A zero length is passed on as an empty body: it is a frame that is not a map, which
 * the codec rejects with INVALID without breaking the stream.
 *
 * <p>Confined to the channel's event loop, like every {@link ByteToMessageDecoder}.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    /** Bytes of the length prefix. */
    public static final int HEADER_BYTES = 4;

    private final int maxFrame;
    private final long frameTimeoutMs;

    /** Set once the stream is refused; everything after is discarded. */
    private boolean refused;
    /** Fires when a partial frame has waited {@link #frameTimeoutMs}; null when no frame is partial. */
    private ScheduledFuture<?> partialTimer;

    /**
     * @param maxFrame the largest body accepted, in bytes
     * @param frameTimeoutMs how long a started frame may take to arrive completely; must be positive
     */
    public FrameDecoder(int maxFrame, long frameTimeoutMs) {
        if (maxFrame < 0) {
            throw new IllegalArgumentException("maxFrame " + maxFrame);
        }
        if (frameTimeoutMs <= 0) {
            throw new IllegalArgumentException("frameTimeoutMs " + frameTimeoutMs);
        }
        this.maxFrame = maxFrame;
        this.frameTimeoutMs = frameTimeoutMs;
    }

    public int maxFrame() {
        return maxFrame;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!refused && in.isReadable()) {
            if (in.readableBytes() < HEADER_BYTES) {
                awaitRest(ctx);
                return;
            }
            int length = in.getInt(in.readerIndex());
            if (length < 0) {
                refuse(in, out, HavenException.limit("frame length " + length + " is negative"));
                return;
            }
            if (length > maxFrame) {
                refuse(
                        in,
                        out,
                        HavenException.limit(
                                "frame of " + length + " bytes is over this node's limit of " + maxFrame + " bytes"));
                return;
            }
            if (in.readableBytes() - HEADER_BYTES < length) {
                awaitRest(ctx);
                return;
            }
            in.skipBytes(HEADER_BYTES);
            out.add(ByteBufUtil.getBytes(in, in.readerIndex(), length));
            in.skipBytes(length);
            cancelTimer();
        }
        if (refused) {
            in.skipBytes(in.readableBytes());
        }
    }

    private void refuse(ByteBuf in, List<Object> out, HavenException error) {
        refused = true;
        cancelTimer();
        in.skipBytes(in.readableBytes());
        out.add(new FrameFault(error));
    }

    /** Starts the clock on a partial frame unless it is already running for this one. */
    private void awaitRest(ChannelHandlerContext ctx) {
        if (partialTimer == null) {
            partialTimer = ctx.executor().schedule(() -> partialExpired(ctx), frameTimeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    private void partialExpired(ChannelHandlerContext ctx) {
        partialTimer = null;
        if (refused || !ctx.channel().isActive()) {
            return;
        }
        int pending = internalBuffer().readableBytes();
        if (pending == 0) {
            return;
        }
        refused = true;
        internalBuffer().skipBytes(pending);
        ctx.fireChannelRead(new FrameFault(HavenException.of(
                ErrorCode.TIMEOUT,
                "frame incomplete after " + frameTimeoutMs + " ms (" + pending + " bytes received)")));
        ctx.fireChannelReadComplete();
    }

    private void cancelTimer() {
        if (partialTimer != null) {
            partialTimer.cancel(false);
            partialTimer = null;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        super.channelInactive(ctx);
    }
}
