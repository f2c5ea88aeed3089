package io.haven.client.internal;

import io.haven.protocol.HavenException;
import io.haven.protocol.codec.MessageCodec;
import io.haven.protocol.message.Push;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.ServerMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;

/**
 * The last inbound handler of a client pipeline: turns each frame into a {@link ServerMessage} and hands it to its
 * {@link Connection}. A frame the client cannot read means the node and client disagree about the protocol, so the
 * connection is closed rather than guessed at; the calls in flight then fail naming the problem.
 */
final class InboundHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private final Connection connection;

    InboundHandler(Connection connection) {
        this.connection = connection;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        ServerMessage message;
        try {
            message = MessageCodec.decodeServerMessage(ByteBufUtil.getBytes(frame));
        } catch (HavenException e) {
            connection.onProblem("unreadable frame from the node: " + e.getMessage());
            return;
        }
        if (message instanceof Response response) {
            connection.onResponse(response);
        } else if (message instanceof Push push) {
            connection.onPush(push);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        connection.readComplete();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        connection.onClosed();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            connection.onProblem("ERROR_LIMIT: the node sent a frame over the client's limit");
        } else {
            connection.onProblem(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }
}
