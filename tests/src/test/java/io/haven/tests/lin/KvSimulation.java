package io.haven.tests.lin;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random histories of concurrent clients against a real sequential kv store (a map of its own, not {@link KvModel}),
 * so they are linearizable by construction: every call takes effect at one instant between its invocation and its
 * completion. Some calls are answered FAIL before they take effect, and some INFO, applied or not.
 */
final class KvSimulation {
    private final Random random;
    private final int processes;
    private final int keys;
    private final double infoRate;

    KvSimulation(long seed, int processes, int keys, double infoRate) {
        this.random = new Random(seed);
        this.processes = processes;
        this.keys = keys;
        this.infoRate = infoRate;
    }

    private static final class Entry {
        String value = "";
        long version;
        boolean present;
    }

    private static final class Client {
        int process;
        Op pending; // invocation only: output and outcome are filled in at completion
        Object output; // set when the call took effect
    }

    List<Op> run(int calls) {
        Entry[] store = new Entry[keys];
        for (int i = 0; i < keys; i++) {
            store[i] = new Entry();
        }
        Client[] clients = new Client[processes];
        for (int i = 0; i < processes; i++) {
            clients[i] = new Client();
            clients[i].process = i;
        }
        int nextProcess = processes;
        List<Op> ops = new ArrayList<>();
        long now = 0;
        int invoked = 0;
        int values = 0;
        while (ops.size() < calls) {
            now += 1 + random.nextInt(3);
            Client c = clients[random.nextInt(processes)];
            if (c.pending == null) {
                if (invoked >= calls) {
                    continue;
                }
                invoked++;
                String key = "k" + random.nextInt(keys);
                c.pending = Op.info(c.process, key, input(store[index(key)], "v" + values++), now);
                c.output = null;
            } else if (c.output == null && random.nextInt(4) != 0) {
                if (random.nextInt(50) == 0) {
                    ops.add(Op.fail(c.process, c.pending.key(), c.pending.input(), c.pending.invokeNanos(), now));
                    c.pending = null;
                } else {
                    c.output = apply(store[index(c.pending.key())], c.pending.input());
                }
            } else if (c.output != null) {
                if (random.nextDouble() < infoRate) {
                    ops.add(c.pending); // applied, but the client never heard
                    c.process = nextProcess++;
                } else {
                    ops.add(Op.ok(
                            c.process, c.pending.key(), c.pending.input(), c.output, c.pending.invokeNanos(), now));
                }
                c.pending = null;
            }
        }
        return ops;
    }

    private static int index(String key) {
        return Integer.parseInt(key.substring(1));
    }

    private Object input(Entry e, String fresh) {
        int r = random.nextInt(10);
        if (r < 4) {
            return new KvModel.Read();
        } else if (r < 6) {
            return new KvModel.Write(fresh);
        } else if (r < 9) {
            // Usually the version the key had lately, sometimes a stale one: both outcomes of a CAS occur.
            long expected = Math.max(0, e.version - random.nextInt(2));
            return new KvModel.Cas(expected, fresh);
        }
        return random.nextBoolean() ? new KvModel.Delete() : new KvModel.CasDelete(e.version);
    }

    private static Object apply(Entry e, Object input) {
        if (input instanceof KvModel.Read) {
            return e.present ? new KvModel.Found(e.value, e.version) : new KvModel.Missing();
        } else if (input instanceof KvModel.Write w) {
            return put(e, w.value());
        } else if (input instanceof KvModel.Cas c) {
            return c.expected() == e.version ? put(e, c.value()) : new KvModel.Conflict();
        } else if (input instanceof KvModel.CasDelete d && d.expected() != e.version) {
            return new KvModel.Conflict();
        }
        boolean was = e.present;
        e.present = false;
        e.version = 0;
        e.value = "";
        return new KvModel.Deleted(was);
    }

    private static Object put(Entry e, String value) {
        e.present = true;
        e.version++;
        e.value = value;
        return new KvModel.Written(e.version);
    }
}
