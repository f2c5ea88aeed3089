package io.haven.client;

import static io.haven.client.Outcomes.failure;
import static io.haven.client.Outcomes.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.Action;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenError;
import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import org.junit.jupiter.api.Test;

class NotMineTest {
    private static TestNode.Script notMine(String location) {
        return e -> {
            if (e.request() instanceof Request.Query) {
                e.reply(new Response.Failure(
                        e.reqId(), Action.QUERY, 421, HavenError.notMine("served elsewhere", location, "/b/x")));
                return true;
            }
            return false;
        };
    }

    @Test
    void aQueryAnsweredNotMineIsSentOnceToTheLocationNamedWithRedirectsAsked() throws Exception {
        try (TestNode owner = new TestNode().script(e -> {
                    if (e.request() instanceof Request.Query) {
                        e.reply(new Response.QueryReply(
                                e.reqId(), DataResponse.of(DataKind.KV_GET, 200, DataResult.Empty.INSTANCE)));
                        return true;
                    }
                    return false;
                });
                TestNode first = new TestNode().script(notMine(owner.address()));
                HavenClient client = value(HavenClient.connect(first.options()))) {
            DataResponse r = value(client.query(new DataRequest.KvGet("/b/x")));
            assertEquals(200, r.status());
            Request.Query sent = (Request.Query) owner.next(Request.Query.class).request();
            assertTrue(sent.redirect(), "the resent query asks for redirects, so it is not bounced on");
        }
    }

    @Test
    void aSecondNotMineIsTheAnswerNotAnotherHop() throws Exception {
        try (TestNode second = new TestNode();
                TestNode first = new TestNode().script(notMine(second.address()));
                HavenClient client = value(HavenClient.connect(first.options()))) {
            second.script(notMine(first.address()));
            assertEquals(
                    ErrorCode.NOT_MINE,
                    failure(client.query(new DataRequest.KvGet("/b/x"))).code());
            assertEquals(1, second.connects());
        }
    }
}
