package io.haven.tests.lin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Decides whether a history is linearizable against the given models, one object at a time: a history is
 * linearizable if and only if the sub-history of every object (every kv key, promise id, task id) is, because
 * linearizability is compositional. Each object's calls go through {@link Search} (Wing and Gong with Lowe's memo
 * cache), on at most two threads; a failing object is then {@link Shrinker shrunk} to the smallest failing history
 * found.
 *
 * <pre>{@code
 * CheckResult r = new Checker(List.of(new KvModel(), new PromiseModel(), new TaskModel())).check(history.ops());
 * if (!r.linearizable()) fail(r.report());
 * }</pre>
 *
 * An object is identified by its key and by the model that accepts its calls, so a kv key and a promise id that are
 * the same string are checked apart. Immutable; {@link #check} may be called from any thread.
 */
public final class Checker {
    private final List<Model<?>> models;
    private final Budget budget;
    private final int threads;

    /** A checker of one kind of object, with the default budget. */
    public Checker(Model<?> model) {
        this(List.of(model));
    }

    /** A checker of calls on several kinds of object: each call goes to the first model that accepts its input. */
    public Checker(List<? extends Model<?>> models) {
        this(List.copyOf(models), Budget.DEFAULT, 2);
    }

    private Checker(List<Model<?>> models, Budget budget, int threads) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no models");
        }
        this.models = models;
        this.budget = Objects.requireNonNull(budget, "budget");
        this.threads = threads;
    }

    public Checker withBudget(Budget budget) {
        return new Checker(models, budget, threads);
    }

    /** Checks objects on {@code threads} threads (1 or 2: the machines this runs on are small). */
    public Checker withThreads(int threads) {
        if (threads < 1 || threads > 2) {
            throw new IllegalArgumentException("threads must be 1 or 2: " + threads);
        }
        return new Checker(models, budget, threads);
    }

    private record ObjectKey(String key, int model) implements Comparable<ObjectKey> {
        @Override
        public int compareTo(ObjectKey o) {
            int c = key.compareTo(o.key);
            return c != 0 ? c : Integer.compare(model, o.model);
        }
    }

    /** Checks {@code ops}; FAIL calls are left out (they had no effect), INFO calls may or may not have taken effect. */
    public CheckResult check(List<Op> ops) {
        Map<ObjectKey, List<Op>> objects = partition(ops);
        long deadline = System.nanoTime() + budget.time().toNanos();
        Map<ObjectKey, Search.Result> results = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lin-checker");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<ObjectKey, Future<Search.Result>> futures = new TreeMap<>();
            // Largest objects first, so that two threads finish together.
            objects.entrySet().stream()
                    .sorted(Comparator.comparingInt(e -> -e.getValue().size()))
                    .forEach(e -> futures.put(
                            e.getKey(),
                            pool.submit(() -> search(models.get(e.getKey().model()), e.getValue(), deadline))));
            for (Map.Entry<ObjectKey, Future<Search.Result>> e : futures.entrySet()) {
                results.put(e.getKey(), e.getValue().get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("checking failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<String> failed = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        Optional<ObjectKey> smallestFailed = Optional.empty();
        for (Map.Entry<ObjectKey, Search.Result> e : results.entrySet()) {
            ObjectKey o = e.getKey();
            if (e.getValue() == Search.Result.NOT_LINEARIZABLE) {
                failed.add(o.key());
                if (smallestFailed.isEmpty()
                        || objects.get(o).size()
                                < objects.get(smallestFailed.get()).size()) {
                    smallestFailed = Optional.of(o);
                }
            } else if (e.getValue() == Search.Result.UNKNOWN) {
                unknown.add(o.key());
            }
        }
        CheckResult.Verdict verdict = !failed.isEmpty()
                ? CheckResult.Verdict.NOT_LINEARIZABLE
                : unknown.isEmpty() ? CheckResult.Verdict.LINEARIZABLE : CheckResult.Verdict.UNKNOWN;
        Optional<CheckResult.Failure> failure =
                smallestFailed.map(o -> shrink(o.key(), models.get(o.model()), objects.get(o)));
        return new CheckResult(verdict, objects.size(), failed, unknown, failure);
    }

    private Map<ObjectKey, List<Op>> partition(List<Op> ops) {
        Map<ObjectKey, List<Op>> objects = new TreeMap<>();
        for (Op op : ops) {
            if (op.outcome() == Outcome.FAIL) {
                continue;
            }
            objects.computeIfAbsent(new ObjectKey(op.key(), modelOf(op)), k -> new ArrayList<>())
                    .add(op);
        }
        return objects;
    }

    private int modelOf(Op op) {
        for (int i = 0; i < models.size(); i++) {
            if (models.get(i).accepts(op.input())) {
                return i;
            }
        }
        throw new IllegalArgumentException("no model accepts " + op.input() + " (key " + op.key() + ")");
    }

    private <S> Search.Result search(Model<S> model, List<Op> ops, long deadline) {
        List<Op> relevant = ops.stream()
                .filter(o -> o.outcome() == Outcome.OK || !model.readOnly(o.input(), o.output()))
                .toList();
        return new Search<>(model, relevant, deadline, budget.steps()).run(model.initial());
    }

    private <S> CheckResult.Failure shrink(String key, Model<S> model, List<Op> ops) {
        long deadline = System.nanoTime() + budget.shrinkTime().toNanos();
        Shrinker.Shrunk<S> shrunk = new Shrinker<>(model, budget.steps(), deadline).shrink(ops, model.initial());
        return new CheckResult.Failure(key, model.name(), shrunk.initial().toString(), shrunk.ops(), ops.size());
    }
}
