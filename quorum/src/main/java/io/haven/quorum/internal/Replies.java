package io.haven.quorum.internal;

import io.haven.protocol.Action;
import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import io.haven.protocol.codec.MessageCodec;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Response;
import io.haven.storage.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * The answers of an applied batch, one per command, in order: as objects for the leader's own callers ({@link
 * Answer}), encoded as protocol v1 responses for a Raft client's reply. {@code undecodable[i]} is the error of a
 * command that did not decode (400) and was not applied; the others take the store's outcomes in turn.
 */
final class Replies {
    private Replies() {}

    static List<Answer> answers(HavenError[] undecodable, List<Outcome> outcomes) {
        List<Answer> out = new ArrayList<>(undecodable.length);
        int next = 0;
        for (HavenError bad : undecodable) {
            out.add(bad != null ? Answer.failed(new HavenException(bad, 400)) : answer(outcomes.get(next++)));
        }
        return out;
    }

    static byte[] encoded(HavenError[] undecodable, List<Outcome> outcomes) {
        List<byte[]> replies = new ArrayList<>(undecodable.length);
        int next = 0;
        for (HavenError bad : undecodable) {
            replies.add(
                    bad != null
                            ? MessageCodec.encode(new Response.Failure(Envelope.NO_REQID, Action.QUERY, 400, bad))
                            : encode(outcomes.get(next++)));
        }
        return Entry.encodeReplies(replies);
    }

    private static Answer answer(Outcome outcome) {
        if (outcome instanceof Outcome.Success s) {
            return Answer.of(s.response());
        }
        Outcome.Failure f = (Outcome.Failure) outcome;
        return Answer.failed(new HavenException(f.error(), f.status()));
    }

    static byte[] encode(Outcome outcome) {
        if (outcome instanceof Outcome.Success s) {
            return MessageCodec.encode(new Response.QueryReply(Envelope.NO_REQID, s.response()));
        }
        Outcome.Failure f = (Outcome.Failure) outcome;
        return MessageCodec.encode(new Response.Failure(Envelope.NO_REQID, Action.QUERY, f.status(), f.error()));
    }
}
