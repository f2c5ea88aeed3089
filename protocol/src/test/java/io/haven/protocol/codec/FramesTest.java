package io.haven.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void aFrameIsTheBigEndianLengthThenTheBody() {
        byte[] body = new byte[300];
        byte[] f = Frames.frame(body);
        assertArrayEquals(new byte[] {0, 0, 1, 44}, Arrays.copyOf(f, 4));
        assertEquals(304, f.length);
    }

    @Test
    void aWrittenFrameReadsBackAsItsBody() throws Exception {
        byte[] body = MessageCodec.encode(Samples.requests().get("request.connect"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Frames.write(out, body);
        assertArrayEquals(body, Frames.read(new ByteArrayInputStream(out.toByteArray()), Frames.DEFAULT_MAX_FRAME));
    }

    @Test
    void aLengthAboveTheLimitIsRefusedWithLimitBeforeReadingTheBody() {
        byte[] header = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0};
        HavenException e = assertThrows(
                HavenException.class, () -> Frames.read(new ByteArrayInputStream(header), Frames.DEFAULT_MAX_FRAME));
        assertEquals(ErrorCode.LIMIT, e.code());
    }

    @Test
    void aTruncatedFrameEndsInEof() {
        byte[] f = Arrays.copyOf(Frames.frame(new byte[10]), 9);
        assertThrows(EOFException.class, () -> Frames.read(new ByteArrayInputStream(f), Frames.DEFAULT_MAX_FRAME));
    }
}
