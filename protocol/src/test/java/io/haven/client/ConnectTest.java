package io.haven.client;

import static io.haven.client.Outcomes.failure;
import static io.haven.client.Outcomes.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.haven.protocol.Action;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenError;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectTest {

    @Test
    void connectSendsVersionOneTheTokenAndTheClientName() throws Exception {
        try (TestNode node = new TestNode();
                HavenClient client = value(HavenClient.connect(
                        node.options().withToken("secret-token").withClientName("connect-test")))) {
            Request.Connect connect =
                    (Request.Connect) node.next(Request.Connect.class).request();
            assertEquals("1", connect.version());
            assertEquals("secret-token", connect.envelope().auth());
            assertEquals("connect-test", connect.client());
            assertEquals(TestNode.UUID, client.session().orElseThrow().node().uuid());
        }
    }

    @Test
    void aNodeThatRefusesTheCredentialsFailsTheConnectWithItsError() {
        try (TestNode node = new TestNode().script(e -> {
            if (e.request() instanceof Request.Connect) {
                e.reply(new Response.Failure(
                        e.reqId(), Action.CONNECT, 401, HavenError.of(ErrorCode.FORBIDDEN, "bad token")));
                return true;
            }
            return false;
        })) {
            assertEquals(
                    ErrorCode.FORBIDDEN,
                    failure(HavenClient.connect(node.options())).code());
        }
    }

    @Test
    void noNodeListeningFailsTheConnectWithUnavailable() {
        TestNode gone = new TestNode();
        String address = gone.address();
        gone.close();
        assertEquals(
                ErrorCode.UNAVAILABLE,
                failure(HavenClient.connect(ClientOptions.of(address))).code());
    }

    @Test
    void theClientMovesOnToTheNextAddressWhenTheFirstIsDown() throws Exception {
        TestNode gone = new TestNode();
        String down = gone.address();
        gone.close();
        try (TestNode node = new TestNode();
                HavenClient client =
                        value(HavenClient.connect(node.options().withAddresses(List.of(down, node.address()))))) {
            assertEquals(node.address(), client.remoteAddress().orElseThrow().toString());
        }
    }

    @Test
    void aRequestOverTheFrameLimitFailsWithLimitAndIsNotSent() throws Exception {
        try (TestNode node = new TestNode();
                HavenClient client = value(HavenClient.connect(node.options().withMaxFrame(1024)))) {
            DataRequest big = new DataRequest.KvPut("/big", new byte[4096], "", DataRequest.NO_VERSION);
            assertEquals(ErrorCode.LIMIT, failure(client.query(big)).code());
            value(client.ping());
            node.next(Request.Connect.class);
            // The first request the node read after CONNECT is the ping: the oversized put never left.
            assertEquals(Request.Ping.class, node.next(Request.class).request().getClass());
        }
    }
}
