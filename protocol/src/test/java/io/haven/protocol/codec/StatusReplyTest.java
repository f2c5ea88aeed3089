package io.haven.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.message.ReplicaRole;
import io.haven.protocol.message.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DISCOVER status's reply: told apart from the other discover replies by its type, and open to new fields. */
class StatusReplyTest {

    /** A status reply whose one quorum has role {@code role} and, when {@code extra}, a field no spec names yet. */
    private static byte[] reply(String role, boolean extra) {
        return Raw.of(p -> {
            p.packMapHeader(extra ? 11 : 10);
            p.packString("action").packString("discover").packString("type").packString("status");
            p.packString("result").packBoolean(true).packString("status").packInt(200);
            p.packString("uuid").packString("n1").packString("address").packString("127.0.0.1:7400");
            p.packString("version").packString("0.2.0").packString("roles");
            p.packArrayHeader(1).packString("quorum");
            p.packString("ready").packBoolean(true).packString("quorums").packArrayHeader(1);
            p.packMapHeader(extra ? 10 : 8);
            p.packString("name").packString("q1").packString("role").packString(role);
            p.packString("term").packInt(2).packString("commit_index").packInt(9);
            p.packString("applied_index").packInt(9).packString("revision").packInt(4);
            p.packString("ready").packBoolean(true);
            p.packString("counters").packMapHeader(1).packString("divergences").packInt(0);
            if (extra) {
                p.packString("truncated_entries").packInt(3);
                p.packString("safety").packMapHeader(1).packString("ok").packBoolean(true);
                p.packString("zone").packString("a");
            }
        });
    }

    @Test
    void aReplyOfTypeStatusDecodesToAStatusReply() {
        Response.StatusReply r =
                assertInstanceOf(Response.StatusReply.class, MessageCodec.decodeServerMessage(reply("leader", false)));
        Response.QuorumState q = r.quorums().get(0);
        assertEquals(ReplicaRole.LEADER, q.role());
        assertEquals(9, q.commitIndex());
        assertEquals(Map.of("divergences", 0L), q.counters());
        assertEquals(List.of(), q.voters());
    }

    @Test
    void fieldsThisClientDoesNotKnowAreIgnoredAtEveryLevel() {
        Response.StatusReply plain = (Response.StatusReply) MessageCodec.decodeServerMessage(reply("leader", false));
        assertEquals(plain, MessageCodec.decodeServerMessage(reply("leader", true)));
    }

    @Test
    void anUnknownReplicaRoleIsInvalidNamingItsPath() {
        DecodeException e =
                assertThrows(DecodeException.class, () -> MessageCodec.decodeServerMessage(reply("janitor", false)));
        assertEquals(ErrorCode.INVALID, e.code());
        assertEquals(List.of("quorums[0].role"), e.error().items());
    }

    @Test
    void aDiscoverReplyWithAnotherTypeIsInvalidNamingType() {
        byte[] body = Raw.of(p -> p.packMapHeader(5)
                .packString("action")
                .packString("discover")
                .packString("type")
                .packString("weather")
                .packString("result")
                .packBoolean(true)
                .packString("status")
                .packInt(200)
                .packString("location")
                .packString("127.0.0.1:7400"));
        DecodeException e = assertThrows(DecodeException.class, () -> MessageCodec.decodeServerMessage(body));
        assertEquals(List.of("type"), e.error().items());
    }
}
