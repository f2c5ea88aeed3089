package io.haven.client;

import static io.haven.client.Outcomes.failure;
import static io.haven.client.Outcomes.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.haven.protocol.Action;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureTest {

    @Test
    void aFailureResponseFailsTheFutureWithTheNodesErrorAndStatus() throws Exception {
        HavenError notFound = new HavenError(ErrorCode.UNAVAILABLE, "no promise p1", List.of("p1"), "");
        try (TestNode node = new TestNode().script(e -> {
                    if (e.request() instanceof Request.Query) {
                        e.reply(new Response.Failure(e.reqId(), Action.QUERY, 404, notFound));
                        return true;
                    }
                    return false;
                });
                HavenClient client = value(HavenClient.connect(node.options()))) {
            HavenException e = failure(client.query(new DataRequest.PromiseGet("p1")));
            assertEquals(notFound, e.error());
            assertEquals(404, e.status());
        }
    }

    @Test
    void notMineCarriesTheLocationToGoTo() throws Exception {
        HavenError notMine = HavenError.notMine("served by quorum q2", "127.0.0.1:7402", "/q2/x");
        try (TestNode node = new TestNode().script(e -> {
                    if (e.request() instanceof Request.Control) {
                        e.reply(new Response.Failure(e.reqId(), Action.BECOME, 421, notMine));
                        return true;
                    }
                    return false;
                });
                HavenClient client = value(HavenClient.connect(node.options()))) {
            HavenException e = failure(client.become(Role.PROCESSOR));
            assertEquals(ErrorCode.NOT_MINE, e.code());
            assertEquals("127.0.0.1:7402", e.error().location());
        }
    }

    @Test
    void anAnswerOfTheWrongKindFailsWithInvalid() throws Exception {
        try (TestNode node = new TestNode().script(e -> {
                    if (e.request() instanceof Request.Discover) {
                        e.reply(new Response.Pong(e.reqId(), List.of()));
                        return true;
                    }
                    return false;
                });
                HavenClient client = value(HavenClient.connect(node.options()))) {
            assertEquals(
                    ErrorCode.INVALID,
                    failure(client.discover(io.haven.protocol.message.DiscoverType.LOCATION, ""))
                            .code());
        }
    }
}
