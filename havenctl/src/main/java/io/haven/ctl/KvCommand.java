package io.haven.ctl;

import io.haven.client.HavenClient;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Kv;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code kv get|put|delete|ls}: the key/value store, with etcdctl's spellings: {@code get --prefix}, {@code put
 * --version N} (compare-and-set), {@code del --prefix}.
 */
@Command(name = "kv", description = "Read and write keys under /paths.")
final class KvCommand {
    static final List<String> COLUMNS = List.of("key", "value", "content_type", "version", "rev");

    /** The page size of the kv.list calls behind {@code get --prefix} and {@code delete --prefix}. */
    private static final int PAGE = 500;

    @ParentCommand
    HavenCtl ctl;

    @Spec
    CommandSpec spec;

    @Command(
            name = "get",
            description = "Show a key's value, version and revision (kv.get); with --prefix every key starting with"
                    + " KEY, in key order (kv.list, page after page).")
    int get(
            @Parameters(paramLabel = "KEY") String key,
            @Option(names = "--prefix", description = "KEY is a prefix: show every key under it") boolean prefix,
            @Option(
                            names = "--limit",
                            paramLabel = "N",
                            defaultValue = "0",
                            description = "with --prefix: at most N keys (default: all)")
                    int limit,
            @Option(names = "--keys-only", description = "with --prefix: show the keys alone") boolean keysOnly) {
        if (!prefix) {
            if (limit != 0 || keysOnly) {
                throw usage("--limit and --keys-only go with --prefix");
            }
            return show(new DataRequest.KvGet(key));
        }
        if (limit < 0) {
            throw usage("--limit may not be negative");
        }
        List<Kv> kvs = listAll(ctl.client(), key, limit);
        List<String> columns = keysOnly ? List.of("key") : COLUMNS;
        List<Map<String, ?>> rows = new ArrayList<>();
        for (Kv kv : kvs) {
            rows.add(keysOnly ? Map.of("key", kv.key()) : Views.kv(kv));
        }
        ctl.output(spec).rows("kvs", columns, rows, Map.of());
        return ExitCodes.OK;
    }

    @Command(
            name = "put",
            description = "Write a value (kv.put); with --version N only if the key is at version N (compare-and-set:"
                    + " CONFLICT, exit 1, and nothing written otherwise; 0: the key must not exist).")
    int put(
            @Parameters(paramLabel = "KEY") String key,
            @Parameters(paramLabel = "VALUE") String value,
            @Option(names = "--content-type", paramLabel = "TYPE", defaultValue = "") String contentType,
            @Option(names = "--version", paramLabel = "N", description = "expected version (0: the key must not exist)")
                    Long version) {
        return show(new DataRequest.KvPut(key, value.getBytes(StandardCharsets.UTF_8), contentType, expected(version)));
    }

    @Command(
            name = "delete",
            aliases = "del",
            description = "Delete a key (kv.delete); with --version only if the key is at that version; with --prefix"
                    + " every key starting with KEY, one kv.delete each (not atomic: a key written meanwhile may stay),"
                    + " and show how many were deleted.")
    int delete(
            @Parameters(paramLabel = "KEY") String key,
            @Option(names = "--version", paramLabel = "N", description = "expected version") Long version,
            @Option(names = "--prefix", description = "KEY is a prefix: delete every key under it") boolean prefix) {
        if (!prefix) {
            return show(new DataRequest.KvDelete(key, expected(version)));
        }
        if (version != null) {
            throw usage("--version and --prefix do not go together");
        }
        HavenClient client = ctl.client();
        long deleted = 0;
        long rev = 0;
        for (Kv kv : listAll(client, key, 0)) {
            DataResponse r =
                    Connections.await(client.query(new DataRequest.KvDelete(kv.key(), DataRequest.NO_VERSION)));
            if (r.data() instanceof DataResult.KvDeleted d) {
                deleted += d.deleted() ? 1 : 0;
                rev = Math.max(rev, d.rev());
            }
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("prefix", key);
        view.put("deleted", deleted);
        view.put("rev", rev);
        ctl.output(spec).object(view);
        return ExitCodes.OK;
    }

    @Command(name = "ls", description = "List the keys under a prefix, a page at a time (kv.list).")
    int ls(
            @Parameters(paramLabel = "PREFIX", defaultValue = "/", arity = "0..1") String prefix,
            @Option(names = "--limit", paramLabel = "N", defaultValue = "100") int limit,
            @Option(names = "--cursor", paramLabel = "CURSOR", defaultValue = "", description = "the page to show")
                    String cursor) {
        DataResponse response = Connections.await(ctl.client().query(new DataRequest.KvList(prefix, cursor, limit)));
        if (response.data() instanceof DataResult.KvPage page) {
            ctl.output(spec)
                    .rows("kvs", COLUMNS, page.kvs().stream().map(Views::kv).toList(), Map.of("cursor", page.cursor()));
            return ExitCodes.OK;
        }
        ctl.output(spec).object(Views.response(response));
        return ExitCodes.OK;
    }

    /** Every key under {@code prefix} (at most {@code limit}, 0 for all), page after page. */
    static List<Kv> listAll(HavenClient client, String prefix, int limit) {
        List<Kv> all = new ArrayList<>();
        String cursor = "";
        while (true) {
            int want = limit == 0 ? PAGE : Math.min(PAGE, limit - all.size());
            DataResponse r = Connections.await(client.query(new DataRequest.KvList(prefix, cursor, want)));
            if (!(r.data() instanceof DataResult.KvPage page)) {
                return all;
            }
            all.addAll(page.kvs());
            cursor = page.cursor();
            if (cursor.isEmpty() || page.kvs().isEmpty() || (limit != 0 && all.size() >= limit)) {
                return all;
            }
        }
    }

    private int show(DataRequest request) {
        ctl.output(spec).object(Views.response(Connections.await(ctl.client().query(request))));
        return ExitCodes.OK;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static long expected(Long version) {
        return version == null ? DataRequest.NO_VERSION : version;
    }
}
