package io.haven.client;

import static io.haven.client.Outcomes.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.haven.protocol.data.Change;
import io.haven.protocol.data.Kv;
import io.haven.protocol.message.Push;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PushTest {

    @Test
    void pushesReachTheListenerInTheOrderTheNodeSentThem() throws Exception {
        List<Push> sent = List.of(
                new Push.TasksAbort(List.of("a")),
                new Push.TasksExecute(List.of(new Push.TaskMessage("invoke", "b", 0))),
                new Push.TasksAbort(List.of("c")));
        BlockingQueue<Push> heard = new LinkedBlockingQueue<>();
        try (TestNode node = new TestNode().script(e -> {
                    if (e.request() instanceof Request.Ping) {
                        sent.forEach(p -> e.reply(p));
                    }
                    return false;
                });
                HavenClient client = value(HavenClient.connect(node.options().withPushListener(heard::add)))) {
            // The pushes precede the pong on the connection, so they are delivered before the ping completes.
            value(client.ping());
            assertEquals(sent, List.copyOf(heard));
        }
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheConnection() throws Exception {
        try (TestNode node = new TestNode().script(e -> {
                    if (e.request() instanceof Request.Ping) {
                        e.reply(new Push.TasksAbort(List.of("x")));
                    }
                    return false;
                });
                HavenClient client = value(HavenClient.connect(node.options().withPushListener(p -> {
                    throw new IllegalStateException("listener bug");
                })))) {
            value(client.ping());
            assertEquals(200, value(client.ping()).status());
            assertEquals(1, node.connections());
        }
    }

    @Test
    void automaticHeartbeatsKeepTheSessionAndDeliverTheirWatchEvents() throws Exception {
        Kv kv = new Kv("/w", new byte[] {1}, "", 1, 7);
        BlockingQueue<Push> heard = new LinkedBlockingQueue<>();
        try (TestNode node = new TestNode().heartbeatMs(50).script(e -> {
                    if (e.request() instanceof Request.Ping p && p.ack() == 0) {
                        e.reply(new Response.Pong(
                                e.reqId(), List.of(new Response.WatchEvent(1, new Change.KvChanged(7, kv)))));
                        return true;
                    }
                    return false;
                });
                HavenClient client = value(HavenClient.connect(
                        node.options().withAutoHeartbeat(true).withPushListener(heard::add)))) {
            Push push = heard.poll(5, TimeUnit.SECONDS);
            assertEquals(new Push.WatchPush(List.of(new Response.WatchEvent(1, new Change.KvChanged(7, kv)))), push);
            // The next ping acknowledges the revision the first pong delivered.
            long ack;
            do {
                ack = ((Request.Ping) node.next(Request.Ping.class).request()).ack();
            } while (ack == 0);
            assertEquals(7, ack);
            assertEquals(1, node.connections(), "heartbeats use the client's connection: " + client.remoteAddress());
        }
    }
}
