package io.haven.tests.faults;

import io.haven.client.HavenClient;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.message.Consistency;
import io.haven.tests.cluster.ClusterNode;
import io.haven.tests.cluster.HavenCluster;
import io.haven.tests.lin.History;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Concurrent clients of one kind of object, recording every call in a shared {@link History}. Each client is a
 * thread with one call open at a time, bound to one node until a call fails, when it moves to another at random
 * (a client of a dead node would otherwise only pile up indeterminate calls). After an indeterminate (INFO) call
 * the client goes on under a new process number, as Jepsen's do, so no process has two calls open.
 *
 * <p>Subclasses say what one step of a client does ({@link #step}) and how an object is read; {@link #finish}
 * then reads every object once more through the leader, and {@link #compareMembers} asks every member for the same.
 *
 * <p>Thread-safe: clients share only the history, the counters and what subclasses make concurrent.
 */
abstract class Workload {
    /** How long a call may take before it counts as indeterminate; past a fault's hold, so most calls finish. */
    static final Duration DEADLINE = Duration.ofSeconds(10);
    /** Pause after a failed call before the next, so that a client of a dead node does not spin. */
    private static final long BACKOFF_MS = 300;

    private static final AtomicInteger PROCESSES = new AtomicInteger();

    final String name;
    final HavenCluster cluster;
    final History history;
    private final int clients;
    private final long seed;
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    /** Answers no model output describes (a 404 to a put, say): each one is an anomaly. */
    final List<String> unexpected = new CopyOnWriteArrayList<>();

    private final Set<String> keys = new ConcurrentSkipListSet<>();
    private final Map<String, Object> finals = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private volatile Throwable crashed;

    Workload(String name, HavenCluster cluster, History history, int clients, long seed) {
        this.name = name;
        this.cluster = cluster;
        this.history = history;
        this.clients = clients;
        this.seed = seed;
    }

    /** One client: its random source, its process number and the node it talks to. */
    final class Client {
        final Random random;
        final int index;
        int process = PROCESSES.incrementAndGet();
        ClusterNode node;
        /** What this client last learned of each object it touched (workload-specific). */
        final Map<String, Object> seen = new java.util.HashMap<>();

        Client(int index) {
            this.index = index;
            this.random = new Random(seed * 31 + index + name.hashCode());
            List<ClusterNode> nodes = cluster.nodes();
            this.node = nodes.get(index % nodes.size());
        }

        /** A name for this client as a task holder. */
        String pid() {
            return name + "-c" + index;
        }

        /**
         * Sends {@code request} and records it: OK with the output {@code ok} makes of the answer (a {@link
         * Answer.Definite} answer included), FAIL when it was refused, INFO when nobody knows.
         */
        Answer call(String key, Object input, DataRequest request, Function<Answer, Optional<Object>> ok)
                throws InterruptedException {
            History.Call call = history.invoke(process, key, input);
            HavenClient c = cluster.client(node);
            Answer a = Answer.send(c, request, Consistency.LINEARIZABLE, DEADLINE);
            count(a.getClass().getSimpleName());
            if (a instanceof Answer.Ok || a instanceof Answer.Definite) {
                Optional<Object> output = ok.apply(a);
                if (output.isPresent()) {
                    call.ok(output.get());
                } else {
                    // An answer the model has no output for: a finding in itself, kept apart from the history.
                    call.info();
                    unexpected.add(key + ": " + input + " answered " + a);
                    process = PROCESSES.incrementAndGet();
                }
            } else if (a instanceof Answer.Refused) {
                call.fail();
                moveOn();
            } else {
                call.info();
                process = PROCESSES.incrementAndGet();
                moveOn();
            }
            return a;
        }

        private void moveOn() throws InterruptedException {
            List<ClusterNode> nodes = cluster.nodes();
            node = nodes.get(random.nextInt(nodes.size()));
            Thread.sleep(BACKOFF_MS);
        }
    }

    void count(String what) {
        counts.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    /** One call (or a few) of a client; called in a loop until the workload stops. */
    abstract void step(Client c) throws InterruptedException;

    /** The input of a read of one object, as the model names it. */
    abstract Object readInput();

    /** A read of object {@code key}. */
    abstract DataRequest read(String key);

    /** The model's output for a read's answer; empty for an answer no output describes. */
    abstract Optional<Object> readOutput(Answer a);

    /** Brings the objects to rest before the final reads (tasks: complete them, so no lease keeps ticking). */
    void settle(Client c) throws InterruptedException {}

    /** The objects the clients touched so far. */
    Set<String> touchedKeys() {
        return Set.copyOf(keys);
    }

    /** Records that a client is about to touch {@code key}. */
    void touched(String key) {
        keys.add(key);
    }

    /**
     * After the run, with the cluster healed and the clients stopped, through {@code leader}: brings the objects to
     * rest and records a final linearizable read of every object touched in the history, retried until answered.
     */
    void finish(ClusterNode leader) throws InterruptedException {
        Client c = new Client(clients);
        c.node = leader;
        settle(c);
        for (String key : keys) {
            finals.put(key, readUntilAnswered(c, key));
        }
    }

    /** Reads {@code key} through {@code c}, recorded, until the read is answered. */
    Object readUntilAnswered(Client c, String key) throws InterruptedException {
        long end = System.nanoTime() + FaultCluster.READY.toNanos();
        while (System.nanoTime() < end) {
            Answer a = c.call(key, readInput(), read(key), this::readOutput);
            if (a instanceof Answer.Ok || a instanceof Answer.Definite) {
                return readOutput(a).orElseThrow(() -> new AssertionError("unexpected answer to a read: " + a));
            }
        }
        throw new AssertionError("a read of " + key + " went unanswered for " + FaultCluster.READY);
    }

    /**
     * Serializable reads of every object on every member must answer what the final linearizable read did: every
     * acknowledged write is on every member. A member gets up to a minute to catch up.
     *
     * @return one line per object a member disagrees on (empty when all agree)
     */
    List<String> compareMembers(List<ClusterNode> members) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (ClusterNode m : members) {
            HavenClient client = cluster.client(m);
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Map<String, String> differ = new java.util.TreeMap<>();
            do {
                differ.clear();
                for (Map.Entry<String, Object> f : finals.entrySet()) {
                    Answer a = Answer.send(client, read(f.getKey()), Consistency.SERIALIZABLE, DEADLINE);
                    Optional<Object> local =
                            (a instanceof Answer.Ok || a instanceof Answer.Definite) ? readOutput(a) : Optional.empty();
                    if (!local.equals(Optional.of(f.getValue()))) {
                        differ.put(
                                f.getKey(),
                                "node " + m.index() + " has "
                                        + local.map(Object::toString).orElse(a.toString()) + ", the final read "
                                        + f.getValue());
                    }
                }
                if (!differ.isEmpty()) {
                    Thread.sleep(500);
                }
            } while (!differ.isEmpty() && System.nanoTime() < end);
            out.addAll(differ.values().stream().map(d -> name + " " + d).toList());
        }
        return out;
    }

    /** The objects touched and their final reads. */
    Map<String, Object> finals() {
        return Map.copyOf(finals);
    }

    void start() {
        for (int i = 0; i < clients; i++) {
            Client c = new Client(i);
            Thread t = new Thread(() -> loop(c), "faults-" + name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void loop(Client c) {
        try {
            while (!stopped) {
                step(c);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            crashed = e;
        }
    }

    /** Stops the clients and waits for their open calls to end (each within its deadline). */
    void stop() throws InterruptedException {
        stopped = true;
        for (Thread t : threads) {
            t.join(DEADLINE.toMillis() + 30_000);
            if (t.isAlive()) {
                throw new AssertionError(t.getName() + " did not stop");
            }
        }
        if (crashed != null) {
            throw new AssertionError("a " + name + " client crashed", crashed);
        }
    }

    /** How many calls were answered (successes and definite refusals), final reads included. */
    long answered() {
        return counts.getOrDefault("Ok", new AtomicLong()).get()
                + counts.getOrDefault("Definite", new AtomicLong()).get();
    }

    /** What the clients' calls came to, by kind of answer. */
    String summary() {
        return name + ": " + new java.util.TreeMap<>(counts);
    }
}
