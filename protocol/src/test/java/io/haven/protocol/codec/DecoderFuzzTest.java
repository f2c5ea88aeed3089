package io.haven.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Throws random and mutated bodies at both decoders. Each case has its own seed (the base seed plus its index), so a
 * failure names the seed and the bytes that reproduce it. Anything but a decoded message or a DecodeException fails.
 */
class DecoderFuzzTest {
    private static final long BASE_SEED = Long.getLong("haven.fuzz.seed", 0x5eed_c0dec_0001L);
    private static final int CASES = Integer.getInteger("haven.fuzz.cases", 120_000);

    private static final String[] DECODERS = {"request", "server message", "data request", "data response"};

    private static List<byte[]> corpus() {
        List<byte[]> seeds = new ArrayList<>();
        Samples.dataRequests().values().forEach(r -> seeds.add(MessageCodec.encode(r)));
        Samples.serverMessages().values().stream()
                .filter(m -> m instanceof io.haven.protocol.message.Response.QueryReply)
                .forEach(m ->
                        seeds.add(MessageCodec.encode(((io.haven.protocol.message.Response.QueryReply) m).data())));
        Samples.requests().values().forEach(r -> seeds.add(MessageCodec.encode(r)));
        Samples.serverMessages().values().forEach(m -> seeds.add(MessageCodec.encode(m)));
        return seeds;
    }

    static byte[] mutate(byte[] base, Random rnd) {
        byte[] b = base.clone();
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(6)) {
                case 0 -> b[at] = (byte) rnd.nextInt(256);
                case 1 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                case 2 -> b = java.util.Arrays.copyOf(b, at); // truncate
                case 3 -> { // insert a random byte, often a header byte
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = (byte) (rnd.nextBoolean() ? 0xc0 + rnd.nextInt(0x20) : rnd.nextInt(256));
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                case 4 -> { // delete a byte
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
                default -> { // a large length header in place
                    byte[] big = {(byte) 0xdd, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
                    big[0] = new byte[] {(byte) 0xdc, (byte) 0xdd, (byte) 0xde, (byte) 0xdf, (byte) 0xdb, (byte) 0xc6}
                            [rnd.nextInt(6)];
                    System.arraycopy(big, 0, b, at, Math.min(big.length, b.length - at));
                }
            }
        }
        return b;
    }

    @Test
    void randomAndMutatedBodiesOnlyEverDecodeOrThrowDecodeException() {
        List<byte[]> corpus = corpus();
        int decoded = 0;
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            long seed = BASE_SEED + i;
            Random rnd = new Random(seed);
            byte[] body;
            if (rnd.nextInt(4) == 0) {
                body = new byte[rnd.nextInt(64)];
                rnd.nextBytes(body);
                if (body.length > 0 && rnd.nextBoolean()) {
                    body[0] = (byte) (0x80 | rnd.nextInt(16)); // a fixmap, to get past the first check
                }
            } else {
                body = mutate(corpus.get(rnd.nextInt(corpus.size())), rnd);
            }
            for (int which = 0; which < DECODERS.length; which++) {
                try {
                    switch (which) {
                        case 0 -> MessageCodec.encode(MessageCodec.decodeRequest(body));
                        case 1 -> MessageCodec.encode(MessageCodec.decodeServerMessage(body));
                        case 2 -> MessageCodec.encode(MessageCodec.decodeDataRequest(body));
                        default -> MessageCodec.encode(MessageCodec.decodeDataResponse(body));
                    }
                    decoded++;
                } catch (DecodeException e) {
                    refused++;
                } catch (Throwable t) {
                    fail(
                            "seed " + seed + " (" + DECODERS[which] + "), body "
                                    + HexFormat.of().formatHex(body) + ": " + t,
                            t);
                }
            }
        }
        // Both outcomes must be common, or the mutations are not reaching the decoder's deeper paths.
        assertTrue(decoded > CASES / 100 && refused > CASES, "decoded " + decoded + ", refused " + refused);
    }
}
