package io.haven.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.data.DataRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code kv} with etcdctl's spellings: get --prefix, put --version (CAS), del --prefix. */
class KvCommandTest {

    private static FakeNode withKeys(String... keys) {
        FakeNode node = new FakeNode();
        for (String k : keys) {
            Run.on(node, "kv", "put", k, "v" + k.length());
        }
        return node;
    }

    @Test
    void getWithPrefixShowsEveryKeyUnderItInKeyOrder() {
        try (FakeNode node = withKeys("/a/2", "/a/1", "/b/1")) {
            Run run = Run.on(node, "kv", "get", "/a/", "--prefix");
            assertEquals(0, run.code(), run.err());
            assertEquals(
                    List.of(
                            "KEY   VALUE  CONTENT_TYPE  VERSION  REV",
                            "/a/1  v4                   1        2",
                            "/a/2  v4                   1        1"),
                    run.lines());
        }
    }

    @Test
    void getWithPrefixAndLimitStopsAfterThatManyKeys() {
        try (FakeNode node = withKeys("/a/1", "/a/2", "/a/3")) {
            Run run = Run.on(node, "kv", "get", "/a/", "--prefix", "--limit", "2", "--keys-only");
            assertEquals(List.of("KEY", "/a/1", "/a/2"), run.lines());
        }
    }

    @Test
    void keysOnlyWithoutPrefixIsAUsageError() {
        try (FakeNode node = withKeys("/a/1")) {
            assertEquals(
                    ExitCodes.USAGE,
                    Run.on(node, "kv", "get", "/a/1", "--keys-only").code());
        }
    }

    @Test
    void putWithVersionSendsTheExpectedVersionAndAMissIsAConflictExitingOne() {
        try (FakeNode node = withKeys("/cas")) {
            Run miss = Run.on(node, "kv", "put", "/cas", "new", "--version", "7");
            assertEquals(ExitCodes.FAILED, miss.code());
            assertTrue(miss.err().startsWith("ERROR_CONFLICT: /cas is at version 1 (status 409"), miss.err());
            Run hit = Run.on(node, "-w", "json", "kv", "put", "/cas", "new", "--version", "1");
            assertEquals(0, hit.code(), hit.err());
            assertTrue(hit.out().contains("\"version\":2"), hit.out());
            assertEquals(
                    List.of(DataRequest.NO_VERSION, 7L, 1L),
                    node.received(DataRequest.KvPut.class).stream()
                            .map(DataRequest.KvPut::expectedVersion)
                            .toList());
        }
    }

    @Test
    void delWithPrefixDeletesEveryKeyUnderItAndSaysHowMany() {
        try (FakeNode node = withKeys("/a/1", "/a/2", "/b/1")) {
            Run run = Run.on(node, "-w", "json", "kv", "del", "/a/", "--prefix");
            assertEquals(0, run.code(), run.err());
            assertEquals("{\"prefix\":\"/a/\",\"deleted\":2,\"rev\":5}\n", run.out());
            assertEquals(
                    List.of("/b/1"),
                    Run.on(node, "kv", "get", "/", "--prefix", "--keys-only")
                            .lines()
                            .subList(1, 2));
        }
    }

    @Test
    void delIsTheSameCommandAsDelete() {
        try (FakeNode node = withKeys("/x")) {
            Run run = Run.on(node, "kv", "delete", "/x");
            assertEquals("true", run.field("deleted"), run.out());
        }
    }
}
