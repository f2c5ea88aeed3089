package io.haven.tests.faults;

import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResult;
import io.haven.tests.cluster.HavenCluster;
import io.haven.tests.lin.History;
import io.haven.tests.lin.KvModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Compare-and-set registers over a handful of kv keys: reads, compare-and-sets on the version the client last saw,
 * and now and then a blind write. Values are unique ({@code c<client>-<n>}), so a read names the write it saw.
 *
 * <p>The clients move to a fresh set of keys every {@link #GENERATION}, so that no one key's history grows past what
 * the checker can search in a long run (its cost grows with the calls open at once over a key's whole history).
 */
final class RegisterWorkload extends Workload {
    static final String PREFIX = "/faults/reg/";
    private static final String TYPE = "text/plain";

    static final Duration GENERATION = Duration.ofSeconds(60);

    /** A write the node acknowledged, with the revision it answered: watches must deliver it. */
    record AckedWrite(String key, String value, long version, long rev) {}

    private final List<AckedWrite> acked = new CopyOnWriteArrayList<>();

    private final int keyCount;
    private final long startNanos = System.nanoTime();

    RegisterWorkload(HavenCluster cluster, History history, int clients, int keyCount, long seed) {
        super("register", cluster, history, clients, seed);
        this.keyCount = keyCount;
    }

    @Override
    void step(Client c) throws InterruptedException {
        long generation = (System.nanoTime() - startNanos) / GENERATION.toNanos();
        String key = PREFIX + generation + "/" + c.random.nextInt(keyCount);
        touched(key);
        double x = c.random.nextDouble();
        String value = "c" + c.index + "-" + c.random.nextInt(1_000_000_000);
        if (x < 0.4) {
            Answer a = c.call(key, readInput(), read(key), this::readOutput);
            readOutput(a).ifPresent(o -> c.seen.put(key, o instanceof KvModel.Found f ? f.version() : 0L));
        } else if (x < 0.45) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            c.call(
                    key,
                    new KvModel.Write(value),
                    new DataRequest.KvPut(key, bytes, TYPE, DataRequest.NO_VERSION),
                    a -> written(c, key, value, a));
        } else {
            long expected = (Long) c.seen.getOrDefault(key, 0L);
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            c.call(
                    key,
                    new KvModel.Cas(expected, value),
                    new DataRequest.KvPut(key, bytes, TYPE, expected),
                    a -> written(c, key, value, a));
        }
    }

    private Optional<Object> written(Client c, String key, String value, Answer a) {
        if (a instanceof Answer.Ok ok && ok.response().data() instanceof DataResult.KvResult kv) {
            c.seen.put(key, kv.kv().version());
            acked.add(new AckedWrite(key, value, kv.kv().version(), kv.kv().rev()));
            return Optional.of(new KvModel.Written(kv.kv().version()));
        }
        if (a instanceof Answer.Definite d && !d.notFound()) {
            return Optional.of(new KvModel.Conflict());
        }
        return Optional.empty();
    }

    /** Every write acknowledged so far. */
    List<AckedWrite> acked() {
        return List.copyOf(acked);
    }

    @Override
    Object readInput() {
        return new KvModel.Read();
    }

    @Override
    DataRequest read(String key) {
        return new DataRequest.KvGet(key);
    }

    @Override
    Optional<Object> readOutput(Answer a) {
        if (a instanceof Answer.Ok ok && ok.response().data() instanceof DataResult.KvResult kv) {
            return Optional.of(new KvModel.Found(
                    new String(kv.kv().value(), StandardCharsets.UTF_8), kv.kv().version()));
        }
        if (a instanceof Answer.Definite d && d.notFound()) {
            return Optional.of(new KvModel.Missing());
        }
        return Optional.empty();
    }
}
