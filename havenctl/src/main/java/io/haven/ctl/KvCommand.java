package io.haven.ctl;

import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kv get|put|delete|ls}: the key/value store. */
@Command(name = "kv", description = "Read and write keys under /paths.")
final class KvCommand {
    @ParentCommand
    HavenCtl ctl;

    @Spec
    CommandSpec spec;

    @Command(name = "get", description = "Show a key's value, version and revision.")
    int get(@Parameters(paramLabel = "KEY") String key) {
        return show(new DataRequest.KvGet(key));
    }

    @Command(name = "put", description = "Write a value; with --version only if the key is at that version.")
    int put(
            @Parameters(paramLabel = "KEY") String key,
            @Parameters(paramLabel = "VALUE") String value,
            @Option(names = "--content-type", paramLabel = "TYPE", defaultValue = "") String contentType,
            @Option(names = "--version", paramLabel = "N", description = "expected version (0: the key must not exist)")
                    Long version) {
        return show(new DataRequest.KvPut(key, value.getBytes(StandardCharsets.UTF_8), contentType, expected(version)));
    }

    @Command(name = "delete", description = "Delete a key; with --version only if the key is at that version.")
    int delete(
            @Parameters(paramLabel = "KEY") String key,
            @Option(names = "--version", paramLabel = "N", description = "expected version") Long version) {
        return show(new DataRequest.KvDelete(key, expected(version)));
    }

    @Command(name = "ls", description = "List the keys under a prefix, a page at a time.")
    int ls(
            @Parameters(paramLabel = "PREFIX", defaultValue = "/", arity = "0..1") String prefix,
            @Option(names = "--limit", paramLabel = "N", defaultValue = "100") int limit,
            @Option(names = "--cursor", paramLabel = "CURSOR", defaultValue = "", description = "the page to show")
                    String cursor) {
        DataResponse response = Connections.await(ctl.client().query(new DataRequest.KvList(prefix, cursor, limit)));
        if (response.data() instanceof DataResult.KvPage page) {
            ctl.output(spec)
                    .rows(
                            "kvs",
                            List.of("key", "value", "content_type", "version", "rev"),
                            page.kvs().stream().map(Views::kv).toList(),
                            Map.of("cursor", page.cursor()));
            return ExitCodes.OK;
        }
        return print(response);
    }

    private int show(DataRequest request) {
        return print(Connections.await(ctl.client().query(request)));
    }

    private int print(DataResponse response) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("status", response.status());
        if (response.data() instanceof DataResult.KvResult r) {
            view.putAll(Views.kv(r.kv()));
        } else if (response.data() instanceof DataResult.KvDeleted d) {
            view.put("key", d.key());
            view.put("deleted", d.deleted());
            view.put("rev", d.rev());
        }
        ctl.output(spec).object(view);
        return ExitCodes.OK;
    }

    private static long expected(Long version) {
        return version == null ? DataRequest.NO_VERSION : version;
    }
}
