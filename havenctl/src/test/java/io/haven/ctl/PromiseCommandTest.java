package io.haven.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.PromiseState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromiseCommandTest {
    private static Promise promise(String id) {
        return new Promise(id, PromiseState.PENDING, Payload.EMPTY, Payload.EMPTY, 9_000, Map.of("k", "v"), 1_000, 0);
    }

    @Test
    void registerSendsTheAwaiterAndTheAwaitedAndShowsTheAwaited() {
        try (FakeNode node =
                new FakeNode().answering(DataKind.PROMISE_REGISTER, 201, new DataResult.PromiseResult(promise("b")))) {
            Run run = Run.on(node, "promise", "register", "a", "b");
            assertEquals(0, run.code(), run.err());
            assertEquals(List.of(new DataRequest.PromiseRegister("a", "b")), node.received());
            assertEquals("b", run.field("id"), run.out());
        }
    }

    @Test
    void searchListsThePromisesUnderThePrefixOneRowEach() {
        try (FakeNode node =
                new FakeNode().holding(promise("o/1")).holding(promise("o/2")).holding(promise("x/1"))) {
            Run run = Run.on(node, "promise", "search", "o/");
            assertEquals(
                    List.of(
                            "ID   STATE    TIMEOUT  CREATED_ON  SETTLED_ON  TAGS",
                            "o/1  PENDING  9000     1000                    k=v",
                            "o/2  PENDING  9000     1000                    k=v"),
                    run.lines());
        }
    }

    @Test
    void searchSendsTheStateTagsLimitAndCursorGiven() {
        try (FakeNode node = new FakeNode()) {
            Run.on(
                    node,
                    "promise",
                    "search",
                    "o/",
                    "--state",
                    "timedout",
                    "--tag",
                    "a=b",
                    "--limit",
                    "5",
                    "--cursor",
                    "o/3");
            assertEquals(
                    List.of(new DataRequest.PromiseSearch(
                            "o/", Optional.of(PromiseState.REJECTED_TIMEDOUT), Map.of("a", "b"), "o/3", 5)),
                    node.received());
        }
    }
}
