package io.haven.protocol.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes an encoded message body as one protocol v1 frame: its length as 4 bytes big-endian, then the body. The
 * body is one MessagePack map produced by the codec; this handler does not look inside it. Stateless, so one
 * instance may serve every channel.
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToByteEncoder<byte[]> {
    public FrameEncoder() {
        super(byte[].class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, byte[] body, boolean preferDirect) {
        return ctx.alloc().ioBuffer(FrameDecoder.HEADER_BYTES + body.length);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, byte[] body, ByteBuf out) {
        out.writeInt(body.length);
        out.writeBytes(body);
    }
}
