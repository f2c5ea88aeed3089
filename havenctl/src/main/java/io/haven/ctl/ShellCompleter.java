package io.haven.ctl;

import io.haven.client.HavenClient;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Kv;
import io.haven.protocol.data.Promise;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Tab completion for the shell, from the command line's own model: command and subcommand names, the options of the
 * command being typed (inherited ones included), the values of options that have a fixed set ({@code --state}, {@code
 * -w}), and, asked of the node, kv keys ({@code kv.list} by the typed prefix, one path segment at a time) and promise
 * or task ids ({@code promise.search} by the typed prefix). A node that does not answer in time completes nothing.
 */
final class ShellCompleter implements Completer {
    /** What the node is asked while completing. */
    interface Lookup {
        List<String> keys(String prefix);

        List<String> ids(String prefix);

        /** A lookup that knows nothing, for a shell without a node. */
        Lookup NONE = new Lookup() {
            @Override
            public List<String> keys(String prefix) {
                return List.of();
            }

            @Override
            public List<String> ids(String prefix) {
                return List.of();
            }
        };

        /** Asks the node {@code client} gives, waiting at most {@code waitMs} for each answer. */
        static Lookup of(Supplier<HavenClient> client, long waitMs) {
            return new Lookup() {
                @Override
                public List<String> keys(String prefix) {
                    return ask(new DataRequest.KvList(prefix, "", LIMIT)).stream()
                            .filter(r -> r instanceof DataResult.KvPage)
                            .flatMap(r -> ((DataResult.KvPage) r).kvs().stream())
                            .map(Kv::key)
                            .toList();
                }

                @Override
                public List<String> ids(String prefix) {
                    return ask(new DataRequest.PromiseSearch(prefix, Optional.empty(), Map.of(), "", LIMIT)).stream()
                            .filter(r -> r instanceof DataResult.PromisePage)
                            .flatMap(r -> ((DataResult.PromisePage) r).promises().stream())
                            .map(Promise::id)
                            .toList();
                }

                private Optional<DataResult> ask(DataRequest request) {
                    try {
                        return Optional.of(client.get()
                                .query(request)
                                .get(waitMs, TimeUnit.MILLISECONDS)
                                .data());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return Optional.empty();
                    } catch (Exception e) {
                        // Completion is a convenience: a node that is down or slow offers nothing.
                        return Optional.empty();
                    }
                }
            };
        }
    }

    /** How many keys or ids one completion asks for. */
    static final int LIMIT = 200;

    /** Commands whose KEY and PREFIX arguments are kv keys. */
    private static final Set<String> KEY_COMMANDS = Set.of("kv", "watch");
    /** Commands whose ID-like arguments are promise (and so task) ids. */
    private static final Set<String> ID_COMMANDS = Set.of("promise", "task");

    private static final Set<String> KEY_LABELS = Set.of("KEY", "PREFIX");
    private static final Set<String> ID_LABELS = Set.of("ID", "PREFIX", "AWAITER", "AWAITED", "PROMISE");

    private final CommandSpec root;
    private final Lookup lookup;

    ShellCompleter(CommandLine root, Lookup lookup) {
        this.root = root.getCommandSpec();
        this.lookup = lookup;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int at = Math.min(line.wordIndex(), words.size());
        String typed = at < words.size() ? line.word().substring(0, line.wordCursor()) : "";
        CommandSpec spec = root;
        String top = "";
        int positional = 0;
        OptionSpec pending = null;
        for (int i = 0; i < at; i++) {
            String w = words.get(i);
            if (w.isEmpty()) {
                continue;
            }
            if (pending != null) {
                pending = null;
                continue;
            }
            CommandLine sub = spec.subcommands().get(w);
            if (sub != null && positional == 0) {
                spec = sub.getCommandSpec();
                top = top.isEmpty() ? sub.getCommandName() : top;
                continue;
            }
            if (w.startsWith("-")) {
                OptionSpec o = w.contains("=") ? null : spec.findOption(w);
                if (o != null && o.arity().min() > 0) {
                    pending = o;
                }
                continue;
            }
            positional++;
        }
        if (pending != null) {
            values(top, pending, typed, candidates);
        } else if (typed.startsWith("-")) {
            for (OptionSpec o : spec.options()) {
                add(candidates, List.of(o.names()), o.arity().min() == 0);
            }
        } else if (spec == root) {
            names(spec, candidates);
            add(candidates, List.of("exit", "quit"), true);
        } else if (!spec.subcommands().isEmpty() && positional == 0) {
            names(spec, candidates);
        } else {
            argument(top, label(spec, positional), typed, candidates);
        }
    }

    private static void names(CommandSpec spec, List<Candidate> candidates) {
        add(candidates, List.copyOf(spec.subcommands().keySet()), true);
    }

    /** The values of an option being given: its fixed set, or ids for options that name a promise. */
    private void values(String top, OptionSpec option, String typed, List<Candidate> candidates) {
        List<String> fixed = new ArrayList<>();
        Iterable<String> completions = option.completionCandidates();
        if (completions != null) {
            completions.forEach(fixed::add);
        }
        if (!fixed.isEmpty()) {
            add(candidates, fixed, true);
        } else {
            argument(top, option.paramLabel(), typed, candidates);
        }
    }

    /** A key or an id asked of the node, when the argument is one. */
    private void argument(String top, String label, String typed, List<Candidate> candidates) {
        if (KEY_COMMANDS.contains(top) && KEY_LABELS.contains(label)) {
            keys(typed, lookup.keys(typed), candidates);
        } else if (ID_COMMANDS.contains(top) && ID_LABELS.contains(label)) {
            add(candidates, lookup.ids(typed), true);
        }
    }

    /** Keys up to the next {@code /} after what was typed, so that a long tree is walked a segment at a time. */
    static void keys(String typed, List<String> keys, List<Candidate> candidates) {
        Set<String> full = new LinkedHashSet<>();
        Set<String> partial = new LinkedHashSet<>();
        for (String k : keys) {
            if (!k.startsWith(typed)) {
                continue;
            }
            int slash = k.indexOf('/', typed.length());
            if (slash >= 0 && slash < k.length() - 1) {
                partial.add(k.substring(0, slash + 1));
            } else {
                full.add(k);
            }
        }
        add(candidates, List.copyOf(partial), false);
        add(candidates, List.copyOf(full), true);
    }

    /** The label of the {@code index}th positional argument of {@code spec}, empty when it has none there. */
    private static String label(CommandSpec spec, int index) {
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.index().contains(index)) {
                return p.paramLabel();
            }
        }
        return "";
    }

    private static void add(List<Candidate> candidates, List<String> values, boolean complete) {
        for (String v : values) {
            candidates.add(new Candidate(v, v, null, null, null, null, complete));
        }
    }
}
