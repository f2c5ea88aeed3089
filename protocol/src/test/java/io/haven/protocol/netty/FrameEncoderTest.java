package io.haven.protocol.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {
    @Test
    void aBodyIsWrittenAfterItsBigEndianLength() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameEncoder());
        ch.writeOutbound((Object) new byte[] {(byte) 0x81, (byte) 0xa1, 'a', 1});
        ByteBuf out = ch.readOutbound();
        assertArrayEquals(new byte[] {0, 0, 0, 4, (byte) 0x81, (byte) 0xa1, 'a', 1}, ByteBufUtil.getBytes(out));
        out.release();
    }

    @Test
    void whatTheEncoderWritesTheDecoderReadsBack() {
        EmbeddedChannel out = new EmbeddedChannel(new FrameEncoder());
        EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(1 << 20, 1_000));
        byte[] body = new byte[70_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        out.writeOutbound((Object) body);
        ByteBuf framed = out.readOutbound();
        in.writeInbound(framed);
        byte[] back = in.readInbound();
        assertEquals(body.length, back.length);
        assertArrayEquals(body, back);
    }
}
